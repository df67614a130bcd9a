package io.bpfjmx.client.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.bpfjmx.client.it.Cli.Result;
import io.bpfjmx.libbpf.testing.FreePort;
import io.bpfjmx.libbpf.testing.KeyTool;
import io.bpfjmx.libbpf.testing.RequiresBpf;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI over {@code --url --ssl} against the agent's own JMX connector ({@code jmxPort} with {@code jmxSsl=true}
 * and a key store keytool made), trusting the server's certificate through the JVM options an operator puts in
 * BPFJMX_JAVA_OPTS. Users: {@code ops} (write) and {@code viewer} (read).
 */
@RequiresBpf
class OwnConnectorTargetIT {
    @TempDir
    static Path dir;
    private static TargetJvm target;
    private static String url;
    private static List<String> trusting;

    @BeforeAll
    static void startTarget() throws Exception {
        Path passwords = ownerOnly(dir.resolve("bpfjmx.password"), "ops ops-s3cret\nviewer v1ew\n");
        Path access = ownerOnly(dir.resolve("bpfjmx.access"), "ops write\nviewer read\n");
        KeyTool stores = KeyTool.makeStores(dir);
        trusting = List.of("-Djavax.net.ssl.trustStore=" + stores.trustStore(),
                "-Djavax.net.ssl.trustStorePassword=" + stores.password());
        int port = FreePort.next();
        url = "service:jmx:rmi:///jndi/rmi://127.0.0.1:" + port + "/jmxrmi";
        target = TargetJvm.start(ItPaths.java(), List.of("-Djava.rmi.server.hostname=127.0.0.1",
                ItPaths.agentWithFixtures() + ",jmxPort=" + port + ",jmxPasswordFile=" + passwords + ",jmxAccessFile="
                        + access + ",jmxSsl=true,jmxKeyStore=" + stores.keyStore() + ",jmxKeyStorePasswordFile="
                        + stores.passwordFile()));
    }

    @AfterAll
    static void stopTarget() throws Exception {
        if (target != null) {
            target.close();
        }
    }

    @Test
    void aWriterUpdatesAndAReaderLooksUpOverTls() {
        Result update = cli("ops", "ops-s3cret", "update", "hash_map", "int:5", "int:55");
        assertThat(update.exitCode()).as(update.toString()).isZero();
        Result lookup = cli("viewer", "v1ew", "lookup", "hash_map", "int:5", "--json");
        assertThat(lookup.exitCode()).as(lookup.toString()).isZero();
        assertThat(lookup.out()).contains("\"value\":\"3700000000000000\"");
        Result maps = cli("viewer", "v1ew", "maps");
        assertThat(maps.exitCode()).as(maps.toString()).isZero();
        assertThat(maps.out()).containsPattern("(?m)^fixtures\\s+READY\\s+/");
    }

    @Test
    void aReaderMayNotWriteAndIsToldWhichRoleWould() {
        Result update = cli("viewer", "v1ew", "update", "hash_map", "int:6", "int:66");
        assertThat(update.exitCode()).as(update.toString()).isEqualTo(6);
        assertThat(update.err()).contains("user 'viewer' has the role 'read'", "give viewer the role 'write' (or "
                + "'write maps=hash_map') in that file");
    }

    @Test
    void withoutSslOrWithoutTheTrustStoreItCannotConnect() {
        Result plain = Cli.run(trusting, Map.of("PW", "v1ew"), "maps", "--url", url, "--user", "viewer",
                "--password-env", "PW");
        assertThat(plain.exitCode()).as(plain.toString()).isEqualTo(4);
        assertThat(plain.err()).contains("--ssl for a connector that speaks TLS");
        Result untrusted = Cli.run(List.of(), Map.of("PW", "v1ew"), "maps", "--url", url, "--ssl", "--user", "viewer",
                "--password-env", "PW");
        assertThat(untrusted.exitCode()).as(untrusted.toString()).isEqualTo(4);
        assertThat(untrusted.err()).contains("cannot connect to " + url + " over TLS: PKIX path building failed",
                "unable to find valid certification path", "BPFJMX_JAVA_OPTS='-Djavax.net.ssl.trustStore=FILE");
        Result pid = Cli.run("maps", "--pid", Long.toString(target.pid()), "--ssl");
        assertThat(pid.exitCode()).as(pid.toString()).isEqualTo(2);
        assertThat(pid.err()).contains("--ssl is for --url");
    }

    private static Result cli(String user, String password, String command, String... args) {
        List<String> all = new ArrayList<>(List.of(command, "--url", url, "--ssl", "--user", user, "--password-env",
                "PW"));
        all.addAll(List.of(args));
        return Cli.run(trusting, Map.of("PW", password), all.toArray(String[]::new));
    }

    private static Path ownerOnly(Path file, String content) throws Exception {
        Files.writeString(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }
}
