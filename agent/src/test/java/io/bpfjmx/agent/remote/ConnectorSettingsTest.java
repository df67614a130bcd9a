package io.bpfjmx.agent.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bpfjmx.agent.options.AgentOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent options of bpfjmx's connector, and its files, checked before it listens. */
class ConnectorSettingsTest {
    @TempDir
    Path dir;
    private Path passwords;
    private Path access;

    @BeforeEach
    void writeFiles() throws Exception {
        passwords = ownerOnly(dir.resolve("bpfjmx.password"), "ops s3cret\n");
        access = ownerOnly(dir.resolve("bpfjmx.access"), "ops write\n");
    }

    @Test
    void readsTheOptionsAndFiles() {
        ConnectorSettings settings = settings("jmxPort=9010,jmxPasswordFile=" + passwords + ",jmxAccessFile=" + access);
        assertThat(settings.address().getHostAddress()).isEqualTo("127.0.0.1");
        assertThat(settings.port()).isEqualTo(9010);
        assertThat(settings.passwords().matches("ops", "s3cret")).isTrue();
        assertThat(settings.access().roleOf("ops")).isEqualTo(Role.WRITE);
        assertThat(settings.tls()).isNull();
        assertThat(settings.serviceUrl()).isEqualTo("service:jmx:rmi:///jndi/rmi://127.0.0.1:9010/jmxrmi");
        assertThat(settings("jmxPort=9010,jmxHost=::1,jmxPasswordFile=" + passwords + ",jmxAccessFile=" + access)
                .serviceUrl()).isEqualTo("service:jmx:rmi:///jndi/rmi://[0:0:0:0:0:0:0:1]:9010/jmxrmi");
    }

    @Test
    void aPortWithoutPasswordsOrRolesIsRefused() {
        assertThatThrownBy(() -> settings("jmxPort=9010,jmxAccessFile=" + access))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("agent option jmxPort=9010 needs jmxPasswordFile=<file> (lines '<user> <password>', chmod "
                        + "600): bpfjmx's connector admits no one without a password");
        assertThatThrownBy(() -> settings("jmxPort=9010,jmxPasswordFile=" + passwords))
                .hasMessage("agent option jmxPort=9010 needs jmxAccessFile=<file> (lines '<user> read', '<user> write' "
                        + "or '<user> write maps=<map>:<map>', chmod 600): without it no user has a role");
    }

    @Test
    void filesThatOthersMayReadOrChangeAreRefusedWithTheFix() throws Exception {
        Files.setPosixFilePermissions(passwords, PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> settings("jmxPort=9010,jmxPasswordFile=" + passwords + ",jmxAccessFile=" + access))
                .hasMessage("the file " + passwords + " (agent option jmxPasswordFile) has the permissions rw-r--r--: "
                        + "its group or others may use it; only its owner may: chmod 600 " + passwords);
        Files.setPosixFilePermissions(passwords, PosixFilePermissions.fromString("rw-------"));
        Files.setPosixFilePermissions(access, PosixFilePermissions.fromString("rw--w----"));
        assertThatThrownBy(() -> settings("jmxPort=9010,jmxPasswordFile=" + passwords + ",jmxAccessFile=" + access))
                .hasMessageStartingWith("the file " + access + " (agent option jmxAccessFile) has the permissions "
                        + "rw--w----");
        Path missing = dir.resolve("missing");
        assertThatThrownBy(() -> settings("jmxPort=9010,jmxPasswordFile=" + missing + ",jmxAccessFile=" + access))
                .hasMessage("no file " + missing + " (agent option jmxPasswordFile)");
    }

    @Test
    void aKeyStoreWithoutTlsOrAPasswordWithoutKeyStoreIsRefused() {
        assertThatThrownBy(() -> settings("jmxPort=9010,jmxPasswordFile=" + passwords + ",jmxAccessFile=" + access
                + ",jmxKeyStore=/etc/app/jmx.p12"))
                .hasMessage("agent option jmxKeyStore is given but jmxSsl is not true; add jmxSsl=true to serve TLS");
        assertThatThrownBy(() -> settings("jmxPort=9010,jmxPasswordFile=" + passwords + ",jmxAccessFile=" + access
                + ",jmxSsl=true,jmxKeyStorePasswordFile=" + passwords))
                .hasMessage("agent option jmxKeyStorePasswordFile is the password of jmxKeyStore, which is not given; "
                        + "add jmxKeyStore=<file> (and jmxSsl=true)");
    }

    private static ConnectorSettings settings(String options) {
        return ConnectorSettings.of(AgentOptions.parse(options));
    }

    static Path ownerOnly(Path file, String text) throws Exception {
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }
}
