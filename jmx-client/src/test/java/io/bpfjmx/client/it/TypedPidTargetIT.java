package io.bpfjmx.client.it;

import static io.bpfjmx.libbpf.testing.TypesFixture.FLOW_KEY;
import static io.bpfjmx.libbpf.testing.TypesFixture.FLOW_STATS;
import static org.assertj.core.api.Assertions.assertThat;

import io.bpfjmx.client.it.Cli.Result;
import io.bpfjmx.libbpf.btf.JsonTree;
import io.bpfjmx.libbpf.testing.Bpftool;
import io.bpfjmx.libbpf.testing.RequiresBpf;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Typed keys and values over {@code --pid}: maps with BTF take bare arguments as JSON of their types and show their
 * entries decoded, the way bpftool's {@code formatted} output does; a map without BTF keeps raw bytes. One target JVM
 * with the agent, {@code types.bpf.o} (flows, names, percpu_stats, colors, raw; bpf/README.md) and
 * {@code log_syscalls.bpf.o}. bpftool is the independent reader.
 */
@RequiresBpf
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TypedPidTargetIT {
    private static TargetJvm target;
    private static String pid;

    @BeforeAll
    static void startTarget() throws Exception {
        target = TargetJvm.withAgent("object=" + ItPaths.bpfObject("types.bpf.o") + ",object="
                + ItPaths.bpfObject("log_syscalls.bpf.o"));
        pid = Long.toString(target.pid());
    }

    @AfterAll
    static void stopTarget() throws Exception {
        if (target != null) {
            target.close();
        }
    }

    @Test
    @Order(1)
    void describeShowsTheKeyAndValueCTypes() {
        Result flows = cli("describe", "flows");
        assertThat(flows.exitCode()).as(flows.toString()).isZero();
        assertThat(flows.out()).startsWith("types/flows: HASH  id ")
                .contains("  key 12B  value 144B  max_entries 64  flags 0x0\n",
                        "key: struct flow_key {\n    __u32 src;\n    __u32 dst;\n    __u16 port;\n    __u8 proto;\n}\n",
                        "value: struct flow_stats {\n    __u64 packets;\n", "    char comm[16];\n",
                        "    unsigned int flag_a: 1;\n", "    double mean;\n}\n");

        Result perCpu = cli("describe", "types/percpu_stats", "--json");
        assertThat(perCpu.exitCode()).as(perCpu.toString()).isZero();
        assertThat(perCpu.out()).startsWith("{\"object\":\"types\",\"map\":\"percpu_stats\",\"id\":")
                .contains("\"type\":\"PERCPU_HASH\",\"keySize\":4,\"valueSize\":16,", "\"perCpu\":true,",
                        "\"typed\":true,\"keyType\":\"__u32\",\"valueType\":\"struct percpu_value {\\n    __u64 "
                                + "packets;\\n    __u32 drops;\\n}\"}");
        assertThat(cli("describe", "percpu_stats").out()).contains("per-CPU x", "value (each CPU's): struct "
                + "percpu_value {");

        Result raw = cli("describe", "raw");
        assertThat(raw.out()).contains("key: no BTF type: keys and values are raw bytes");
        assertThat(cli("describe", "raw", "--json").out()).contains("\"typed\":false,\"keyType\":\"\",");
    }

    @Test
    @Order(2)
    void syscallCountMapTakesAPlainWordAndShowsANumber() throws Exception {
        Result update = cli("update", "syscall_count_map", "cat", "0", "--flags", "noexist");
        assertThat(update.exitCode()).as(update.toString()).isZero();
        assertThat(update.out()).isEqualTo("updated log_syscalls/syscall_count_map: cat = 0\n");

        Result again = cli("update", "syscall_count_map", "cat", "0", "--flags", "noexist");
        assertThat(again.exitCode()).as(again.toString()).isEqualTo(3);
        assertThat(again.err()).contains("failed: EEXIST", "--flags any");
        Result raw = cli("update", "syscall_count_map", "str:cat", "int:0", "--flags", "noexist");
        assertThat(raw.exitCode()).as("the typed 'cat' is the key str:cat: " + raw).isEqualTo(3);

        for (int i = 0; i < 3; i++) {
            new ProcessBuilder("cat", "/dev/null").start().waitFor(10, TimeUnit.SECONDS);
        }
        Result lookup = cli("lookup", "syscall_count_map", "cat");
        assertThat(lookup.exitCode()).as(lookup.toString()).isZero();
        assertThat(lookup.out()).startsWith("KEY    VALUE\n\"cat\"  ");
        assertThat(Long.parseLong(lookup.find("\"cat\"\\s+(\\d+)"))).isPositive();
        assertThat(cli("lookup", "syscall_count_map", "cat", "--json").out()).matches("\\{\"key\":\"cat\","
                + "\"value\":[1-9][0-9]*}\n");
        assertThat(cli("lookup", "syscall_count_map", "str:cat").out()).as("raw key, raw output")
                .containsPattern("(?m)^str:cat\\s+int:[1-9]");
        Result dump = cli("dump", "syscall_count_map");
        assertThat(dump.out()).containsPattern("(?m)^\"cat\"\\s+[1-9]").endsWith("1 entry\n");

        Result delete = cli("delete", "syscall_count_map", "cat");
        assertThat(delete.exitCode()).as(delete.toString()).isZero();
        assertThat(delete.out()).isEqualTo("deleted cat from log_syscalls/syscall_count_map\n");
        Result gone = cli("lookup", "syscall_count_map", "cat");
        assertThat(gone.exitCode()).as(gone.toString()).isEqualTo(3);
        assertThat(gone.err()).contains("ENOENT");
    }

    @Test
    @Order(3)
    void aStructRoundTripsAndDumpsAsBpftoolFormatsIt() throws Exception {
        Result update = cli("update", "flows", FLOW_KEY, FLOW_STATS);
        assertThat(update.exitCode()).as(update.toString()).isZero();

        Result lookup = cli("lookup", "flows", FLOW_KEY, "--json");
        assertThat(lookup.exitCode()).as(lookup.toString()).isZero();
        assertThat(lookup.out()).isEqualTo("{\"key\":" + FLOW_KEY + ",\"value\":" + FLOW_STATS + "}\n");
        assertThat(cli("lookup", "flows", FLOW_KEY).out()).isEqualTo("KEY" + " ".repeat(36) + "VALUE\n"
                + FLOW_KEY + "  " + FLOW_STATS + "\n");

        Result dump = cli("dump", "flows", "--json");
        assertThat(dump.exitCode()).as(dump.toString()).isZero();
        List<?> ours = (List<?>) JsonTree.read(dump.out());
        assertThat(ours).hasSize(1);
        Map<?, ?> entry = (Map<?, ?>) ours.get(0);
        Map<?, ?> theirs = bpftoolFormatted("flows").get(0);
        assertThat(entry.get("key")).isEqualTo(theirs.get("key"));

        Map<String, Object> value = new LinkedHashMap<>(map(entry.get("value")));
        Map<String, Object> bpftool = new LinkedHashMap<>(map(theirs.get("value")));
        // bpftool's known differences: bitfields as hex strings, the anonymous struct under "", floats unprintable
        for (String bitfield : List.of("flag_a", "flag_b", "level")) {
            assertThat(new BigInteger(((String) bpftool.remove(bitfield)).substring(2), 16))
                    .as(bitfield).isEqualTo(BigInteger.valueOf((Long) value.remove(bitfield)));
        }
        assertThat(bpftool.remove("")).isEqualTo(Map.of("inner_a", value.remove("inner_a"), "inner_b",
                value.remove("inner_b")));
        assertThat(bpftool).doesNotContainKeys("ratio", "mean");
        value.remove("ratio");
        value.remove("mean");
        assertThat(value).isEqualTo(bpftool);
    }

    @Test
    @Order(4)
    void scalarsEnumsAndPerCpuValuesDumpExactlyAsBpftool() throws Exception {
        assertThat(cli("update", "names", "cat", "5").exitCode()).isZero();
        assertThat(cli("update", "names", "\"dog\"", "-7").exitCode()).isZero();
        assertThat(cli("update", "names", "str:emu", "int:0x2a").exitCode()).isZero();
        assertThat(cli("update", "colors", "1", "GREEN").exitCode()).isZero();
        assertThat(cli("update", "colors", "2", "7").exitCode()).as("BLUE by its number").isZero();
        assertThat(cli("update", "percpu_stats", "1", "{\"packets\":5,\"drops\":1}").exitCode()).isZero();
        int cpus = Integer.parseInt(cli("describe", "percpu_stats", "--json").find("\"possibleCpus\":(\\d+)"));
        List<String> slots = new ArrayList<>();
        for (int cpu = 0; cpu < cpus; cpu++) {
            slots.add("{\"cpu\":" + cpu + ",\"value\":{\"packets\":" + (100 + cpu) + ",\"drops\":" + cpu + "}}");
        }
        Result perCpu = cli("update", "percpu_stats", "2", "[" + String.join(",", slots) + "]");
        assertThat(perCpu.exitCode()).as(perCpu.toString()).isZero();

        for (String map : List.of("names", "colors", "percpu_stats")) {
            Result dump = cli("dump", map, "--json");
            assertThat(dump.exitCode()).as(dump.toString()).isZero();
            assertThat(JsonTree.read(dump.out())).as(map).isEqualTo(bpftoolFormatted(map));
        }
        assertThat(cli("dump", "colors").out()).isEqualTo("KEY  VALUE\n0    \"RED\"\n1    \"GREEN\"\n2    \"BLUE\"\n"
                + "3    \"RED\"\n4 entries\n");
        assertThat(cli("dump", "names").out()).isEqualTo("KEY    VALUE\n\"cat\"  5\n\"dog\"  -7\n\"emu\"  42\n"
                + "3 entries\n");
        assertThat(cli("lookup", "percpu_stats", "2").out().lines()).hasSize(1 + cpus)
                .startsWith("KEY  CPU  VALUE", "2    0    {\"packets\":100,\"drops\":0}");
        assertThat(cli("lookup", "percpu_stats", "int:1", "--hex").out())
                .as("a raw key shows raw bytes").contains("01000000  0    05000000000000000100000000000000");
    }

    @Test
    @Order(5)
    void aBareHexKeyOnATypedMapIsTypedAndTheErrorSaysHowToGiveRawBytes() {
        Result lookup = cli("lookup", "colors", "2a000000");
        assertThat(lookup.exitCode()).as(lookup.toString()).isEqualTo(2);
        assertThat(lookup.err()).contains("key of map 'colors': \"2a000000\" is not an integer for it, a __u32",
                "  a bare argument is typed by the map's BTF (key: __u32); for raw bytes write hex:2a000000");

        Result missing = cli("lookup", "colors", "02000000");
        assertThat(missing.exitCode()).as("index 2000000 is past the array: " + missing).isEqualTo(3);
        assertThat(missing.err()).contains("failed: ENOENT", "  a bare argument is typed by the map's BTF (key: __u32);"
                + " for raw bytes write hex:02000000\n");

        Result update = cli("update", "flows", "0100000002000000500006", "00");
        assertThat(update.exitCode()).as(update.toString()).isEqualTo(2);
        assertThat(update.err()).contains("a bare argument is typed by the map's BTF (key: struct flow_key); for raw "
                + "bytes write hex:0100000002000000500006");

        Result raw = cli("update", "colors", "hex:03000000", "hex:01000000");
        assertThat(raw.exitCode()).as(raw.toString()).isZero();
        assertThat(cli("lookup", "colors", "3").out()).isEqualTo("KEY  VALUE\n3    \"GREEN\"\n");

        Result lookalike = cli("lookup", "colors", "00000003");
        assertThat(lookalike.exitCode()).as("decimal digits are a number: " + lookalike).isZero();
        assertThat(lookalike.out()).isEqualTo("KEY  VALUE\n3    \"GREEN\"\n");
        assertThat(lookalike.err()).isEqualTo("note: key 00000003 was taken as a __u32 (the map's BTF type), not as "
                + "raw bytes; for raw bytes write hex:00000003\n");

        Result mixed = cli("update", "colors", "1", "hex:07000000");
        assertThat(mixed.exitCode()).as(mixed.toString()).isEqualTo(2);
        assertThat(mixed.err()).contains("one update sends both typed or both raw");
        Result joined = cli("update", "colors", "int:1", "BLUE");
        assertThat(joined.exitCode()).as("int: joins a bare partner: " + joined).isZero();
        assertThat(cli("lookup", "colors", "1", "--json").out()).isEqualTo("{\"key\":1,\"value\":\"BLUE\"}\n");
    }

    @Test
    @Order(6)
    void aMapWithoutBtfKeepsBareHexAndRefusesJsonLines(@TempDir Path dir) throws Exception {
        Result update = cli("update", "raw", "01000000", "0200000000000000");
        assertThat(update.exitCode()).as(update.toString()).isZero();
        assertThat(update.out()).isEqualTo("updated types/raw: int:1 = int:2\n");
        assertThat(cli("lookup", "raw", "01000000").out()).isEqualTo("KEY    VALUE\nint:1  int:2\n");
        assertThat(cli("dump", "raw", "--json").out()).contains("\"entries\":[{\"key\":\"01000000\",\"keyText\":"
                + "\"int:1\",\"value\":\"0200000000000000\"");

        Path file = Files.writeString(dir.resolve("raw.jsonl"), "{\"key\":1,\"value\":2}\n");
        Result json = cli("update", "raw", "--from", file.toString());
        assertThat(json.exitCode()).as(json.toString()).isEqualTo(2);
        assertThat(json.err()).contains(file + " line 1: a JSON line needs a map with BTF, and types/raw has none");
    }

    @Test
    @Order(7)
    void jsonLinesFromADumpWriteTheEntriesBack(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("flows.jsonl");
        Files.write(file, List.of("# two flows",
                "{\"key\":{\"src\":10,\"dst\":20,\"port\":443,\"proto\":6},\"value\":" + FLOW_STATS + "}",
                "{\"key\":{\"src\":11,\"dst\":20,\"port\":53,\"proto\":17},\"value\":" + FLOW_STATS.replace("\"cat\"",
                        "\"dig\"") + "}"));
        Result update = cli("update", "flows", "--from", file.toString());
        assertThat(update.exitCode()).as(update.toString()).isZero();
        assertThat(update.out()).isEqualTo("updated types/flows: 2 entries in 2 typed calls\n");
        assertThat(cli("lookup", "flows", "{\"src\":11,\"dst\":20,\"port\":53,\"proto\":17}").out())
                .contains("\"comm\":\"dig\"");

        Result noexist = cli("update", "flows", "--from", file.toString(), "--flags", "noexist", "--json");
        assertThat(noexist.exitCode()).as("typed lines take any flag, one call each: " + noexist).isEqualTo(3);
        assertThat(noexist.err()).contains(file + " line 2: update of map 'flows' failed: EEXIST",
                "(0 of 2 entries written before)");

        Result dump = cli("dump", "names", "--json");
        List<String> lines = new ArrayList<>();
        for (Object element : (List<?>) JsonTree.read(dump.out())) {
            lines.add(JsonTree.write(element));
        }
        Path names = Files.write(dir.resolve("names.jsonl"), lines);
        Files.writeString(names, "fox 9\nstr:gnu int:10\n", java.nio.file.StandardOpenOption.APPEND);
        Result back = cli("update", "names", "--from", names.toString());
        assertThat(back.exitCode()).as(back.toString()).isZero();
        assertThat(back.out()).isEqualTo("updated types/names: 5 entries in 1 batch call and 4 typed calls\n");
        assertThat(cli("lookup", "names", "gnu", "--json").out()).isEqualTo("{\"key\":\"gnu\",\"value\":10}\n");
        assertThat(cli("lookup", "names", "fox").out()).isEqualTo("KEY    VALUE\n\"fox\"  9\n");

        Path bad = Files.writeString(dir.resolve("bad.jsonl"), "{\"key\":\"ant\",\"value\":1}\n"
                + "{\"key\":\"bee\",\"value\":\"many\"}\n");
        Result refused = cli("update", "names", "--from", bad.toString());
        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(2);
        assertThat(refused.err()).contains(bad + " line 2: value of map 'names': \"many\"",
                "(1 of 2 entries written before)");
    }

    /** bpftool's {@code formatted} elements of a map of types.bpf.o, in key order (bpfjmx sorts its dump so). */
    private static List<Map<?, ?>> bpftoolFormatted(String map) throws Exception {
        int id = Integer.parseInt(cli("describe", map, "--json").find("\"id\":(\\d+)"));
        String dump = Bpftool.dump(id).replace(",\"ratio\":(unsupported-kind", ""); // bpftool cannot print floats
        List<Map<?, ?>> formatted = new ArrayList<>();
        for (Object element : (List<?>) JsonTree.read(dump)) {
            formatted.add(map(((Map<?, ?>) element).get("formatted")));
        }
        formatted.sort((a, b) -> JsonTree.write(a.get("key")).length() != JsonTree.write(b.get("key")).length()
                ? Integer.compare(JsonTree.write(a.get("key")).length(), JsonTree.write(b.get("key")).length())
                : JsonTree.write(a.get("key")).compareTo(JsonTree.write(b.get("key"))));
        return formatted;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object tree) {
        return (Map<String, Object>) tree;
    }

    private static Result cli(String command, String... args) {
        return Cli.byPid(pid, command, args);
    }
}
