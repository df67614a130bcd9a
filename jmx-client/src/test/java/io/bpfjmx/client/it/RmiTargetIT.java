package io.bpfjmx.client.it;

import io.bpfjmx.libbpf.testing.FreePort;
import static org.assertj.core.api.Assertions.assertThat;

import io.bpfjmx.client.it.Cli.Result;
import io.bpfjmx.libbpf.testing.RequiresBpf;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The map commands over {@code --url}: a JVM with the agent from its command line and an RMI connector on a
 * loopback port that requires a password. Users: {@code ops} (readwrite) and {@code viewer} (readonly).
 */
@RequiresBpf
class RmiTargetIT {
    private static final Map<String, String> OPS = Map.of("BPFJMX_IT_PASSWORD", "ops-s3cret");
    @TempDir
    static Path dir;
    private static TargetJvm target;
    private static String url;
    private static Path opsPasswordFile;

    @BeforeAll
    static void startTarget() throws Exception {
        Path passwords = secret(dir.resolve("jmxremote.password"), "ops ops-s3cret\nviewer v1ew\n");
        Path access = secret(dir.resolve("jmxremote.access"), "ops readwrite\nviewer readonly\n");
        opsPasswordFile = secret(dir.resolve("ops.password"), "ops-s3cret\n");
        int port = FreePort.next();
        url = "service:jmx:rmi:///jndi/rmi://127.0.0.1:" + port + "/jmxrmi";
        target = TargetJvm.start(ItPaths.java(), List.of(
                "-Dcom.sun.management.jmxremote.port=" + port,
                "-Dcom.sun.management.jmxremote.rmi.port=" + port,
                "-Dcom.sun.management.jmxremote.host=127.0.0.1",
                "-Djava.rmi.server.hostname=127.0.0.1",
                "-Dcom.sun.management.jmxremote.authenticate=true",
                "-Dcom.sun.management.jmxremote.ssl=false",
                "-Dcom.sun.management.jmxremote.password.file=" + passwords,
                "-Dcom.sun.management.jmxremote.access.file=" + access,
                ItPaths.agentWithFixtures()));
    }

    @AfterAll
    static void stopTarget() throws Exception {
        if (target != null) {
            target.close();
        }
    }

    @Test
    void mapsWithThePasswordFromAFile() {
        Result maps = Cli.run("maps", "--url", url, "--user", "ops", "--password-file", opsPasswordFile.toString());
        assertThat(maps.exitCode()).as(maps.toString()).isZero();
        assertThat(maps.out()).containsPattern("(?m)^fixtures\\s+READY\\s+/").contains("hash_map");
    }

    @Test
    void updateLookupDumpDeleteWithThePasswordFromTheEnvironment() {
        Result update = ops("update", "lru_hash", "int:7", "int:70", "--flags", "noexist");
        assertThat(update.exitCode()).as(update.toString()).isZero();
        Result again = ops("update", "lru_hash", "int:7", "int:70", "--flags", "noexist");
        assertThat(again.exitCode()).as(again.toString()).isEqualTo(3);
        assertThat(again.err()).contains("EEXIST");
        assertThat(ops("update", "lru_hash", "int:7", "int:71", "--flags", "exist").exitCode()).isZero();

        Result lookup = ops("lookup", "lru_hash", "int:7", "--json");
        assertThat(lookup.exitCode()).as(lookup.toString()).isZero();
        assertThat(lookup.out()).contains("{\"key\":\"07000000\",\"keyText\":\"int:7\",\"value\":"
                + "\"4700000000000000\",\"valueText\":\"int:71\",\"cpus\":null}");
        assertThat(ops("dump", "lru_hash").out()).isEqualTo("KEY  VALUE\n7    71\n1 entry\n");
        assertThat(ops("dump", "lru_hash", "--hex").out()).isEqualTo("KEY       VALUE\n07000000  4700000000000000\n"
                + "1 entry\n");

        assertThat(ops("delete", "lru_hash", "int:7").exitCode()).isZero();
        assertThat(ops("lookup", "lru_hash", "int:7").exitCode()).isEqualTo(3);
    }

    @Test
    void typedRoundTripOfAStructKey() {
        Result update = ops("update", "lpm_trie", "{\"prefixlen\":24,\"addr\":[10,1,2,0]}", "7", "--flags",
                "noexist");
        assertThat(update.exitCode()).as(update.toString()).isZero();
        assertThat(update.out()).isEqualTo("updated fixtures/lpm_trie: {\"prefixlen\":24,\"addr\":[10,1,2,0]} = 7\n");
        Result lookup = ops("lookup", "lpm_trie", "{\"prefixlen\":32,\"addr\":[10,1,2,3]}", "--json");
        assertThat(lookup.exitCode()).as(lookup.toString()).isZero();
        assertThat(lookup.out()).as("the longest prefix matches").endsWith(",\"value\":7}\n");
        assertThat(ops("dump", "lpm_trie", "--json").out())
                .isEqualTo("[{\"key\":{\"prefixlen\":24,\"addr\":[10,1,2,0]},\"value\":7}]\n");
        assertThat(ops("delete", "lpm_trie", "{\"prefixlen\":24,\"addr\":[10,1,2,0]}").exitCode()).isZero();
        Result hex = ops("lookup", "lpm_trie", "200000000a010203");
        assertThat(hex.exitCode()).as(hex.toString()).isEqualTo(2);
        assertThat(hex.err()).contains("a bare argument is typed by the map's BTF (key: struct lpm_key); for raw "
                + "bytes write hex:200000000a010203");
    }

    @Test
    void bulkUpdateOfAPerCpuMapFromAFile(@TempDir Path files) throws Exception {
        Path file = files.resolve("entries.txt");
        Files.write(file, IntStream.range(0, 1000).mapToObj(i -> "int:" + i + " str:v" + i)
                .collect(Collectors.toList()));
        Result update = ops("update", "percpu_hash", "--from", file.toString());
        assertThat(update.exitCode()).as(update.toString()).isZero();
        assertThat(update.out()).isEqualTo("updated fixtures/percpu_hash: 1000 entries in 1 batch call\n");
        Result lookup = ops("lookup", "percpu_hash", "int:999", "--json");
        assertThat(lookup.out())
                .contains("{\"cpu\":0,\"value\":\"763939390000000000000000\",\"valueText\":\"str:v999\"");
    }

    @Test
    void withoutCredentialsOrWithAWrongPasswordCannotConnect() {
        Result none = Cli.run("maps", "--url", url);
        assertThat(none.exitCode()).as(none.toString()).isEqualTo(4);
        assertThat(none.err()).contains("Credentials required", "--user");

        Result wrong = Cli.run(Map.of("PW", "wrong"), "maps", "--url", url, "--user", "ops", "--password-env", "PW");
        assertThat(wrong.exitCode()).as(wrong.toString()).isEqualTo(4);
        assertThat(wrong.err()).contains("Invalid username or password");

        Result unset = Cli.run("maps", "--url", url, "--user", "ops", "--password-env", "BPFJMX_IT_UNSET");
        assertThat(unset.exitCode()).isEqualTo(2);
        assertThat(unset.err()).contains("BPFJMX_IT_UNSET is not set");

        Result noTerminal = Cli.run("maps", "--url", url, "--user", "ops");
        assertThat(noTerminal.exitCode()).isEqualTo(2);
        assertThat(noTerminal.err()).contains("no terminal to ask for the password of ops", "--password-file");
    }

    @Test
    void aReadonlyRoleMayNotWriteButCanStillDump() {
        Map<String, String> viewer = Map.of("PW", "v1ew");
        Result update = Cli.run(viewer, "update", "--url", url, "--user", "viewer", "--password-env", "PW",
                "array_map", "int:1", "int:1");
        assertThat(update.exitCode()).as(update.toString()).isEqualTo(6);
        assertThat(update.err()).contains("Access denied", "readwrite role");

        Result dump = Cli.run(viewer, "dump", "--url", url, "--user", "viewer", "--password-env", "PW", "array_map");
        assertThat(dump.exitCode()).as(dump.toString()).isZero();
        assertThat(dump.out()).startsWith("KEY  VALUE\n0    0\n").endsWith("4 entries\n");
        assertThat(dump.err()).contains("Entries attribute");

        assertThat(ops("update", "percpu_array", "3", "{\"a\":1,\"b\":2,\"c\":3}").exitCode()).isZero();
        for (String map : List.of("array_map", "percpu_array")) {
            Result typed = Cli.run(viewer, "dump", "--url", url, "--user", "viewer", "--password-env", "PW", map,
                    "--json");
            assertThat(typed.exitCode()).as(typed.toString()).isZero();
            assertThat(typed.out()).as("rebuilt from the typed rows of Entries: the typed dump's JSON")
                    .isEqualTo(ops("dump", map, "--json").out());
        }
        Result raw = Cli.run(viewer, "dump", "--url", url, "--user", "viewer", "--password-env", "PW",
                "percpu_array", "--hex");
        assertThat(raw.exitCode()).as(raw.toString()).isEqualTo(6);
        assertThat(raw.err()).contains("Access denied", "Entries attribute, which holds the decoded values, not raw "
                + "bytes: drop --hex");
    }

    private static Result ops(String command, String... args) {
        List<String> all = new ArrayList<>(List.of(command, "--url", url, "--user", "ops",
                "--password-env", "BPFJMX_IT_PASSWORD"));
        all.addAll(List.of(args));
        return Cli.run(OPS, all.toArray(String[]::new));
    }

    /** A file only its owner may read: the JMX agent refuses a password file others can read. */
    private static Path secret(Path file, String content) throws Exception {
        Files.writeString(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }
}
