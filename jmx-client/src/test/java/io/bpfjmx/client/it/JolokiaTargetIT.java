package io.bpfjmx.client.it;

import io.bpfjmx.libbpf.testing.FreePort;
import static org.assertj.core.api.Assertions.assertThat;

import io.bpfjmx.client.it.Cli.Result;
import io.bpfjmx.libbpf.testing.RequiresBpf;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * The map commands over {@code --jolokia}: a JVM with the real Jolokia JVM agent (with a user and password) and
 * the bpfjmx agent. Jolokia's JMX adapter delivers tables and errors its own way; the CLI must not notice.
 */
@RequiresBpf
class JolokiaTargetIT {
    private static TargetJvm target;
    private static String url;

    @BeforeAll
    static void startTarget() throws Exception {
        int port = FreePort.next();
        url = JolokiaAgent.url(port);
        target = TargetJvm.start(ItPaths.java(), List.of(JolokiaAgent.option(port), ItPaths.agentWithFixtures()));
    }

    @AfterAll
    static void stopTarget() throws Exception {
        if (target != null) {
            target.close();
        }
    }

    @Test
    void mapsReadsTheTablesThroughTheAdapter() {
        Result maps = jolokia("maps");
        assertThat(maps.exitCode()).as(maps.toString()).isZero();
        assertThat(maps.out()).containsPattern("(?m)^\\d+\\s+fixtures\\s+hash_map\\s+HASH\\s+4B\\s+8B\\s+8192\\s");
    }

    @Test
    void updateLookupDumpDeleteAndEexist() {
        Result update = jolokia("update", "hash_map", "int:42", "int:4242", "--flags", "noexist");
        assertThat(update.exitCode()).as(update.toString()).isZero();
        assertThat(update.out()).isEqualTo("updated fixtures/hash_map: int:42 = int:4242\n");

        Result again = jolokia("update", "hash_map", "int:42", "int:4242", "--flags", "noexist", "--json");
        assertThat(again.exitCode()).as(again.toString()).isEqualTo(3);
        assertThat(again.out()).startsWith("{\"error\":{\"exitCode\":3,\"errno\":\"EEXIST\",\"message\":\"update of "
                + "map 'hash_map' failed: EEXIST");

        assertThat(jolokia("lookup", "hash_map", "int:42").out()).isEqualTo("KEY     VALUE\nint:42  int:4242\n");
        assertThat(jolokia("dump", "hash_map", "--hex").out()).contains("2a000000  9210000000000000\n");

        assertThat(jolokia("delete", "hash_map", "int:42").exitCode()).isZero();
        Result gone = jolokia("lookup", "hash_map", "int:42");
        assertThat(gone.exitCode()).isEqualTo(3);
        assertThat(gone.err()).contains("ENOENT");
    }

    @Test
    void perCpuLookupAndDumpShowEachCpu() {
        assertThat(jolokia("update", "percpu_array", "int:2", "hex:0c0000000b0000000a000000").exitCode()).isZero();
        Result lookup = jolokia("lookup", "percpu_array", "int:2");
        assertThat(lookup.exitCode()).as(lookup.toString()).isZero();
        assertThat(lookup.out()).contains("int:2  0    0c0000000b0000000a000000\n",
                "       1    0c0000000b0000000a000000\n");
        Result dump = jolokia("dump", "percpu_array", "--json", "--hex");
        assertThat(dump.out()).contains("\"perCpu\":true", "{\"cpu\":1,\"value\":\"0c0000000b0000000a000000\"");
    }

    @Test
    void typedUpdateLookupDumpAndDelete() {
        Result update = jolokia("update", "percpu_hash", "77", "{\"a\":1,\"b\":2,\"c\":3}", "--flags", "noexist");
        assertThat(update.exitCode()).as(update.toString()).isZero();
        Result lookup = jolokia("lookup", "percpu_hash", "77", "--json");
        assertThat(lookup.exitCode()).as(lookup.toString()).isZero();
        assertThat(lookup.out()).startsWith("{\"key\":77,\"values\":[{\"cpu\":0,\"value\":{\"a\":1,\"b\":2,\"c\":3}},"
                + "{\"cpu\":1,\"value\":{\"a\":1,\"b\":2,\"c\":3}}");
        assertThat(jolokia("dump", "percpu_hash", "--json").out()).contains("{\"key\":77,\"values\":[{\"cpu\":0,");
        Result lpm = jolokia("update", "lpm_trie", "{\"prefixlen\":8,\"addr\":[10,0,0,0]}", "1");
        assertThat(lpm.exitCode()).as("JSON text crosses Jolokia as a string: " + lpm).isZero();
        assertThat(jolokia("lookup", "lpm_trie", "{\"prefixlen\":32,\"addr\":[10,9,9,9]}").out())
                .startsWith("KEY ").endsWith("\n{\"prefixlen\":32,\"addr\":[10,9,9,9]}  1\n");
        assertThat(jolokia("delete", "percpu_hash", "77").exitCode()).isZero();
        Result gone = jolokia("lookup", "percpu_hash", "77");
        assertThat(gone.exitCode()).as(gone.toString()).isEqualTo(3);
        Result hex = jolokia("lookup", "hash_map", "2a000000");
        assertThat(hex.exitCode()).isEqualTo(2);
        assertThat(hex.err()).contains("a bare argument is typed by the map's BTF (key: __u32)");
    }

    @Test
    void bulkUpdateFromAFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("entries.txt");
        Files.write(file, IntStream.range(10_000, 11_000).mapToObj(i -> "int:" + i + " int:" + i)
                .collect(Collectors.toList()));
        Result update = jolokia("update", "lru_hash", "--from", file.toString());
        assertThat(update.exitCode()).as(update.toString()).isZero();
        assertThat(update.out()).isEqualTo("updated fixtures/lru_hash: 1000 entries in 1 batch call\n");
        assertThat(jolokia("lookup", "lru_hash", "int:10999").out()).contains("int:10999  int:10999");
    }

    @Test
    void badInputFromTheAgentIsBadInputHereToo() {
        Result unknown = jolokia("update", "nope", "int:1", "int:1");
        assertThat(unknown.exitCode()).as(unknown.toString()).isEqualTo(2);
        Result array = jolokia("delete", "array_map", "int:1");
        assertThat(array.exitCode()).as("arrays cannot delete: " + array).isEqualTo(3);
        assertThat(array.err()).contains("EINVAL");
    }

    @Test
    void aWrongPasswordOrNoAgentThereCannotConnect() throws Exception {
        Result wrong = Cli.run(Map.of("PW", "nope"), "maps", "--jolokia", url, "--user", "ops", "--password-env",
                "PW");
        assertThat(wrong.exitCode()).as(wrong.toString()).isEqualTo(4);
        Result nobody = Cli.run("maps", "--jolokia", "http://127.0.0.1:" + FreePort.next() + "/jolokia/");
        assertThat(nobody.exitCode()).as(nobody.toString()).isEqualTo(4);
        assertThat(nobody.err()).contains("is a Jolokia agent listening there");
    }

    private static Result jolokia(String command, String... args) {
        List<String> all = new ArrayList<>(List.of(command, "--jolokia", url));
        all.addAll(JolokiaAgent.CREDENTIALS);
        all.addAll(List.of(args));
        return Cli.run(JolokiaAgent.PASSWORD, all.toArray(String[]::new));
    }
}
