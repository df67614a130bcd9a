package io.bpfjmx.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.bpfjmx.libbpf.testing.Bpftool;
import io.bpfjmx.libbpf.testing.RequiresBpf;
import io.bpfjmx.libbpf.testing.TypesFixture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Typed keys and values (JSON of the maps' BTF) through the real Jolokia agent: JSON objects and arrays placed
 * directly in the {@code arguments} of a POST ({@code update-json.sh}, {@code lookup-json.sh}), JSON text in a GET
 * path with Jolokia's escapes ({@code update-json-get.sh}), each write checked in the kernel with bpftool. The demo
 * runs under the shipped policy plus one entry that lets the {@code types} object be written (made in a temp dir).
 * Keys are distinct across tests: they share the maps.
 */
@RequiresBpf
class JolokiaTypedIT {
    private static final String TYPES = "io.bpfjmx:type=BpfObject,name=types";
    private static final String LOG_SYSCALLS = "io.bpfjmx:type=BpfObject,name=log_syscalls";
    private static final String FLOWS = "io.bpfjmx:type=BpfMap,object=types,name=flows";
    /** The shipped policy's entry that lets log_syscalls be written: the derived policy repeats it for types. */
    private static final String WRITABLE_LOG_SYSCALLS = "<name>io.bpfjmx:type=BpfObject,name=log_syscalls</name>";

    @TempDir
    static Path policyDir;
    private static DemoJvm demo;
    private static int flowsId;
    private static int namesId;
    private static int percpuStatsId;
    private static int countMapId;

    @BeforeAll
    static void startDemoWithTypesWritable() throws Exception {
        demo = DemoJvm.startWithPolicy(policyLettingTypesBeWritten(), "types.bpf.o", "log_syscalls.bpf.o");
        demo.awaitReady("types");
        demo.awaitReady("log_syscalls");
        flowsId = demo.intAttribute(FLOWS, "Id");
        namesId = demo.intAttribute("io.bpfjmx:type=BpfMap,object=types,name=names", "Id");
        percpuStatsId = demo.intAttribute("io.bpfjmx:type=BpfMap,object=types,name=percpu_stats", "Id");
        countMapId = demo.intAttribute("io.bpfjmx:type=BpfMap,object=log_syscalls,name=syscall_count_map", "Id");
    }

    /** jolokia-access.xml with its log_syscalls object entry repeated for types (BpfMap MBeans stay read-only). */
    private static Path policyLettingTypesBeWritten() throws Exception {
        String shipped = Files.readString(ExamplePaths.examplesDir().resolve("jolokia/jolokia-access.xml"));
        int name = shipped.indexOf(WRITABLE_LOG_SYSCALLS);
        assertThat(name).as("the shipped policy lets log_syscalls be written").isPositive();
        int start = shipped.lastIndexOf("    <mbean>", name);
        int end = shipped.indexOf("</mbean>\n", name) + "</mbean>\n".length();
        String entry = shipped.substring(start, end);
        Path policy = policyDir.resolve("jolokia-access-types-writable.xml");
        Files.writeString(policy, shipped.substring(0, end) + entry.replace("name=log_syscalls", "name=types")
                + shipped.substring(end));
        return policy;
    }

    @AfterAll
    static void stopDemo() throws Exception {
        if (demo != null) {
            demo.close();
        }
    }

    /** The request: {@code "arguments":["flows",{"src":1,…},{…},0]}, members in any order. */
    @Test
    void postsKeyAndValueAsJsonObjectsInTheArguments() throws Exception {
        String reordered = "{\"proto\":6,\"port\":8001,\"dst\":2,\"src\":1}";

        Script.Result update = run("jolokia/update-json.sh", "types/flows", reordered, TypesFixture.FLOW_STATS,
                "noexist");
        Script.Result lookup = run("jolokia/lookup-json.sh", "types/flows", TypesFixture.flowKey(1, 2, 8001, 6));

        assertThat(update.out()).as(update.toString())
                .isEqualTo("updated types/flows: " + reordered + " = " + TypesFixture.FLOW_STATS + "\n");
        assertThat(canonical(lookup.out())).as(lookup.toString()).isEqualTo(canonical(TypesFixture.FLOW_STATS));
        String keyHex = flowKeyHex(1, 2, 8001, 6);
        String valueHex = value(demo.jolokia("exec/" + TYPES + "/lookupElem/flows/" + keyHex));
        assertThat(valueHex).as("packets = 2^64 - 1, exact through Jolokia; delta = -42")
                .startsWith("ffffffffffffffff" + "d6ffffffffffffff");
        assertThat(Bpftool.entries(flowsId)).containsEntry(keyHex, valueHex);
    }

    /** A per-CPU value as the list of every possible CPU's, an array in the arguments, in any CPU order. */
    @Test
    void postsAPerCpuListAsAnArray() throws Exception {
        int cpus = demo.intAttribute(TYPES, "PossibleCpus");
        JsonArray byCpu = new JsonArray();
        for (int cpu = 0; cpu < cpus; cpu++) {
            byCpu.add(JsonParser.parseString("{\"cpu\":" + cpu + ",\"value\":{\"packets\":"
                    + (cpu == 0 ? "18446744073709551615" : Integer.toString(1000 + cpu)) + ",\"drops\":" + cpu + "}}"));
        }
        JsonArray reversed = new JsonArray();
        for (int i = cpus - 1; i >= 0; i--) {
            reversed.add(byCpu.get(i));
        }

        Script.Result update = run("jolokia/update-json.sh", "types/percpu_stats", "4101", reversed.toString());
        Script.Result lookup = run("jolokia/lookup-json.sh", "types/percpu_stats", "4101");

        assertThat(update.exitCode()).as(update.toString()).isZero();
        assertThat(canonical(lookup.out())).as(lookup.toString()).isEqualTo(canonical(byCpu.toString()));
        JsonElement inKernel = null;
        for (JsonElement element : JsonParser.parseString(Bpftool.dump(percpuStatsId)).getAsJsonArray()) {
            JsonObject formatted = element.getAsJsonObject().getAsJsonObject("formatted");
            if (formatted.get("key").getAsLong() == 4101) {
                inKernel = formatted.get("values");
            }
        }
        assertThat(inKernel).as("bpftool's formatted values of key 4101").isNotNull();
        assertThat(canonical(inKernel.toString())).isEqualTo(canonical(byCpu.toString()));
    }

    /** The seed's example, typed: the key as the JSON string "cat", which Jolokia hands over unwrapped (cat). */
    @Test
    void insertsCatAsAJsonStringOnceThenCountsItsSyscalls() throws Exception {
        String request = "{\"type\":\"exec\",\"mbean\":\"" + LOG_SYSCALLS + "\",\"operation\":\"update\","
                + "\"arguments\":[\"syscall_count_map\",\"cat\",0,1]}";

        String first = demo.jolokiaPost(request);
        String again = demo.jolokiaPost(request);

        assertThat(DemoJvm.status(first)).as(first).isEqualTo(200);
        assertThat(error(again)).as(again)
                .isEqualTo("update of map 'syscall_count_map' failed: EEXIST (key exists and flags=NOEXIST)");
        assertThat(Script.shell("cat /proc/version").exitCode()).isZero();
        assertThat(KernelMap.entries(countMapId).get("cat")).as("syscalls of cat").isPositive();
        Script.Result lookup = run("jolokia/lookup-json.sh", "syscall_count_map", "cat");
        assertThat(lookup.out()).as(lookup.toString()).matches("[1-9][0-9]*\n");
    }

    /**
     * A JSON string that is itself JSON text: the script sends it so that Jolokia's unwrapping leaves it quoted,
     * and the char[] key is the text [1,2], not the bytes 1 and 2.
     */
    @Test
    void keepsAJsonStringWholeAndRefusesASecondNoexist() throws Exception {
        Script.Result first = run("jolokia/update-json.sh", "types/names", "\"[1,2]\"", "5", "noexist");
        Script.Result again = run("jolokia/update-json.sh", "types/names", "\"[1,2]\"", "6", "noexist");

        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err()).isEqualTo("update-json.sh: update of map 'names' failed: EEXIST (key exists and "
                + "flags=NOEXIST)\n");
        assertThat(KernelMap.entries(namesId)).containsEntry("[1,2]", 5L);
    }

    /** JSON text in a GET path: every / written !/ and every ! written !!, then percent-encoded. */
    @Test
    void updatesWithJsonInAGetPath() throws Exception {
        String comm = "a!/b/!!c";
        String value = TypesFixture.flowStatsWith("\"comm\":\"cat\"", "\"comm\":\"" + comm + "\"");

        Script.Result flow = run("jolokia/update-json-get.sh", "types/flows", TypesFixture.flowKey(3, 4, 8004, 17),
                value);
        Script.Result name = run("jolokia/update-json-get.sh", "types/names", "to/from!", "77", "noexist");

        assertThat(flow.exitCode()).as(flow.toString()).isZero();
        assertThat(name.out()).as(name.toString()).isEqualTo("updated types/names: to/from! = 77\n");
        Script.Result lookup = run("jolokia/lookup-json.sh", "types/flows", TypesFixture.flowKey(3, 4, 8004, 17));
        assertThat(canonical(lookup.out())).as(lookup.toString()).isEqualTo(canonical(value));
        String commHex = HexFormat.of().formatHex(comm.getBytes(StandardCharsets.US_ASCII));
        assertThat(Bpftool.entries(flowsId).get(flowKeyHex(3, 4, 8004, 17))).as("comm, bytes 16 to 31")
                .startsWith("ffffffffffffffff" + "d6ffffffffffffff" + commHex + "0".repeat(32 - commHex.length()));
        assertThat(KernelMap.entries(namesId)).containsEntry("to/from!", 77L);
    }

    /** The agent's typed error, with the JSON path of the wrong member, reaches the script and a raw POST alike. */
    @Test
    void reportsTheAgentsTypedErrors() throws Exception {
        String key = TypesFixture.flowKey(5, 6, 8005, 6);
        String value = TypesFixture.flowStatsWith("\"labels\":[1,2,3,255]", "\"labels\":[1,256,3,255]");
        String message = "value of map 'flows': 256 does not fit .labels[1], a __u8 (0 to 255)";

        Script.Result post = run("jolokia/update-json.sh", "types/flows", key, value);
        Script.Result get = run("jolokia/update-json-get.sh", "types/flows", key, value);
        String raw = demo.jolokiaPost("{\"type\":\"exec\",\"mbean\":\"" + TYPES + "\",\"operation\":\"update\","
                + "\"arguments\":[\"flows\"," + key + "," + value + ",0]}");
        Script.Result notJson = run("jolokia/update-json.sh", "types/flows", "{\"src\":05}", "{}");

        assertThat(post.exitCode()).isEqualTo(1);
        assertThat(post.err()).isEqualTo("update-json.sh: " + message + "\n");
        assertThat(get.exitCode()).isEqualTo(1);
        assertThat(get.err()).isEqualTo("update-json-get.sh: " + message + "\n");
        assertThat(DemoJvm.status(raw)).as(raw).isEqualTo(400);
        assertThat(error(raw)).isEqualTo(message);
        assertThat(notJson.exitCode()).isEqualTo(1);
        assertThat(notJson.err()).as("jq 1.6 takes 05; Jolokia does not, and answers in plain text")
                .isEqualTo("update-json.sh: Jolokia did not take the request: 400 (Bad Request) Invalid JSON "
                        + "request\n");
        assertThat(Bpftool.entries(flowsId)).doesNotContainKey(flowKeyHex(5, 6, 8005, 6));
    }

    /** Typed writes are allowed by the object's entry (update*, delete*), and refused where the policy says so. */
    @Test
    void policyRefusesTypedWritesWhereItAllowsOnlyReads() throws Exception {
        String key = TypesFixture.flowKey(7, 8, 8007, 6);
        String update = "{\"type\":\"exec\",\"mbean\":\"" + FLOWS + "\",\"operation\":\"%s\",\"arguments\":[" + key
                + "," + TypesFixture.FLOW_STATS + ",0]}";

        String refused = demo.jolokiaPost(update.formatted("update"));
        String refusedWithSignature = demo.jolokiaPost(
                update.formatted("update(java.lang.String,java.lang.String,long)"));
        String deleteRefused = demo.jolokiaPost("{\"type\":\"exec\",\"mbean\":\"" + FLOWS
                + "\",\"operation\":\"delete\",\"arguments\":[" + key + "]}");
        String lookup = demo.jolokiaPost("{\"type\":\"exec\",\"mbean\":\"" + FLOWS
                + "\",\"operation\":\"lookup\",\"arguments\":[" + key + "]}");

        assertThat(DemoJvm.status(refused)).as(refused).isEqualTo(403);
        assertThat(error(refused)).isEqualTo("Operation update forbidden for MBean "
                + "io.bpfjmx:name=flows,object=types,type=BpfMap");
        assertThat(DemoJvm.status(refusedWithSignature)).as(refusedWithSignature).isEqualTo(403);
        assertThat(DemoJvm.status(deleteRefused)).as(deleteRefused).isEqualTo(403);
        assertThat(error(lookup)).as("a read the policy allows; the kernel's answer")
                .isEqualTo("lookup of map 'flows' failed: ENOENT (no such key)");
        assertThat(Bpftool.entries(flowsId)).doesNotContainKey(flowKeyHex(7, 8, 8007, 6));

        assertThat(run("jolokia/update-json.sh", "types/names", "deleted", "1").exitCode()).isZero();
        String delete = demo.jolokiaPost("{\"type\":\"exec\",\"mbean\":\"" + TYPES + "\",\"operation\":\"delete\","
                + "\"arguments\":[\"names\",\"deleted\"]}");
        assertThat(DemoJvm.status(delete)).as(delete).isEqualTo(200);
        assertThat(KernelMap.entries(namesId)).doesNotContainKey("deleted");
    }

    private static Script.Result run(String script, String... args) throws Exception {
        return Script.run(demo.env(), script, args);
    }

    /** A struct flow_key as the kernel holds it: little-endian members and one zero byte of tail padding. */
    private static String flowKeyHex(int src, int dst, int port, int proto) {
        return "%08x%08x%04x%02x00".formatted(Integer.reverseBytes(src), Integer.reverseBytes(dst),
                Short.reverseBytes((short) port) & 0xffff, proto);
    }

    /** The value of a Jolokia answer that must have succeeded. */
    private static String value(String answer) {
        JsonObject tree = JsonParser.parseString(answer).getAsJsonObject();
        assertThat(tree.get("status").getAsInt()).as(answer).isEqualTo(200);
        return tree.get("value").getAsString();
    }

    /** The error of a Jolokia answer without the exception's class. */
    private static String error(String answer) {
        JsonElement error = JsonParser.parseString(answer).getAsJsonObject().get("error");
        assertThat(error).as("an error in " + answer).isNotNull();
        return error.getAsString().replaceFirst("^[A-Za-z0-9_.$]+ : ", "");
    }

    /** JSON text with every object's members sorted by name, numbers kept as written: equal trees, equal texts. */
    private static String canonical(String json) {
        return canonical(JsonParser.parseString(json)).toString();
    }

    private static JsonElement canonical(JsonElement element) {
        if (element.isJsonObject()) {
            JsonObject sorted = new JsonObject();
            element.getAsJsonObject().entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .forEach(member -> sorted.add(member.getKey(), canonical(member.getValue())));
            return sorted;
        }
        if (element.isJsonArray()) {
            JsonArray list = new JsonArray();
            element.getAsJsonArray().forEach(item -> list.add(canonical(item)));
            return list;
        }
        return element;
    }
}
