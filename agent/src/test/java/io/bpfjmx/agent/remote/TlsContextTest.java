package io.bpfjmx.agent.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bpfjmx.agent.options.AgentOptions;
import io.bpfjmx.libbpf.testing.KeyTool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The connector's TLS context, from a key store keytool made, given by agent options or the JVM's properties. */
class TlsContextTest {
    @TempDir
    static Path dir;
    private static KeyTool stores;

    @BeforeAll
    static void makeStores() throws Exception {
        stores = KeyTool.makeStores(dir);
    }

    @Test
    void opensTheKeyStoreOfTheOptions() {
        SSLContext context = TlsContext.of(AgentOptions.parse("jmxSsl=true,jmxKeyStore=" + stores.keyStore()
                + ",jmxKeyStorePasswordFile=" + stores.passwordFile()));
        assertThat(context.getServerSocketFactory().getDefaultCipherSuites()).isNotEmpty();
    }

    @Test
    void aWrongPasswordOrAStoreWithoutKeyIsNamedNow() throws Exception {
        Path wrong = ConnectorSettingsTest.ownerOnly(dir.resolve("wrong.password"), "guess\n");
        assertThatThrownBy(() -> TlsContext.of(AgentOptions.parse("jmxSsl=true,jmxKeyStore=" + stores.keyStore()
                + ",jmxKeyStorePasswordFile=" + wrong)))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("cannot use the key store " + stores.keyStore() + " (agent option jmxKeyStore): ")
                .hasMessageEndingWith("; check the file and its password");
        assertThatThrownBy(() -> TlsContext.of(AgentOptions.parse("jmxSsl=true,jmxKeyStore=" + stores.trustStore()
                + ",jmxKeyStorePasswordFile=" + stores.passwordFile())))
                .hasMessage("the key store " + stores.trustStore() + " (agent option jmxKeyStore) holds no private key; "
                        + "make one with keytool -genkeypair");
    }

    @Test
    void theKeyStorePasswordComesFromAnOwnerOnlyFile() throws Exception {
        assertThatThrownBy(() -> TlsContext.of(AgentOptions.parse("jmxSsl=true,jmxKeyStore=" + stores.keyStore())))
                .hasMessage("agent option jmxKeyStore=" + stores.keyStore() + " needs jmxKeyStorePasswordFile=<file>, "
                        + "whose first line is the key store's password (chmod 600)");
        Path open = Files.copy(stores.passwordFile(), dir.resolve("open.password"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rw-r-----"));
        assertThatThrownBy(() -> TlsContext.of(AgentOptions.parse("jmxSsl=true,jmxKeyStore=" + stores.keyStore()
                + ",jmxKeyStorePasswordFile=" + open)))
                .hasMessageStartingWith("the file " + open + " (agent option jmxKeyStorePasswordFile) has the "
                        + "permissions rw-r-----");
    }

    /** Read, never set, by the agent: the test sets them as a JVM's command line would, then puts them back. */
    @Test
    void withoutAKeyStoreOptionTheJvmsPropertiesServe() {
        assertThatThrownBy(() -> TlsContext.of(AgentOptions.parse("jmxSsl=true")))
                .hasMessage("agent option jmxSsl=true needs a key store: give jmxKeyStore=<file> with "
                        + "jmxKeyStorePasswordFile=<file>, or start the JVM with -Djavax.net.ssl.keyStore=<file> and "
                        + "-Djavax.net.ssl.keyStorePassword=<password>");
        System.setProperty("javax.net.ssl.keyStore", stores.keyStore().toString());
        System.setProperty("javax.net.ssl.keyStorePassword", stores.password());
        try {
            assertThat(TlsContext.of(AgentOptions.parse("jmxSsl=true"))).isNotNull();
            System.setProperty("javax.net.ssl.keyStorePassword", "guess");
            assertThatThrownBy(() -> TlsContext.of(AgentOptions.parse("jmxSsl=true")))
                    .hasMessageStartingWith("cannot use the key store " + stores.keyStore() + " (system property "
                            + "javax.net.ssl.keyStore): ");
        } finally {
            System.clearProperty("javax.net.ssl.keyStore");
            System.clearProperty("javax.net.ssl.keyStorePassword");
        }
    }
}
