package io.bpfjmx.agent;

import io.bpfjmx.agent.options.AgentOptions;
import static io.bpfjmx.libbpf.testing.TypesFixture.FLOW_KEY;
import static io.bpfjmx.libbpf.testing.TypesFixture.FLOW_STATS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bpfjmx.libbpf.PossibleCpus;
import io.bpfjmx.libbpf.btf.JsonTree;
import io.bpfjmx.libbpf.testing.BpfObjects;
import io.bpfjmx.libbpf.testing.Bpftool;
import io.bpfjmx.libbpf.testing.RequiresBpf;
import io.bpfjmx.libbpf.testing.TypesFixture;
import java.lang.management.ManagementFactory;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.RuntimeMBeanException;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The typed operations in this JVM's platform MBean server, on the real kernel with {@code types.bpf.o}: JSON in
 * and out by the maps' BTF, the same bytes as hex would write, one column per field in {@code Entries}.
 */
@RequiresBpf
class TypedMBeanTest {
    private static final MBeanServer SERVER = ManagementFactory.getPlatformMBeanServer();
    private static final String S = "java.lang.String";
    private static final String[] OBJECT_UPDATE = {S, S, S, "long"};
    private static final String[] OBJECT_BY_KEY = {S, S};
    private static final String[] MAP_UPDATE = {S, S, "long"};
    private static final String[] MAP_BY_KEY = {S};
    private static ObjectName object;

    @BeforeAll
    static void start() throws Exception {
        for (Future<?> load : Agent.get().start(AgentOptions.parse("object=" + BpfObjects.types()))) {
            load.get();
        }
        object = new ObjectName("io.bpfjmx:type=BpfObject,name=types");
    }

    @Test
    void aStructEntryGoesInAsJsonAndComesBackAsJsonAndAsTheSameBytes() throws Exception {
        SERVER.invoke(object, "update", new Object[] {"flows", FLOW_KEY, FLOW_STATS, 0L}, OBJECT_UPDATE);

        assertThat(SERVER.invoke(object, "lookup", new Object[] {"flows", FLOW_KEY}, OBJECT_BY_KEY))
                .isEqualTo(FLOW_STATS);
        String keyHex = "01000000" + "02000000" + "5000" + "06" + "00";
        String valueHex = (String) SERVER.invoke(object, "lookupElem", new Object[] {"flows", keyHex}, OBJECT_BY_KEY);
        assertThat(Bpftool.entries(mapId("flows"))).containsEntry(keyHex, valueHex);
    }

    @Test
    void theMapMBeanTakesTheSameWithoutAMapName() throws Exception {
        ObjectName names = map("names");
        SERVER.invoke(names, "update", new Object[] {"bravo", "-9", 1L}, MAP_UPDATE);
        assertThat(SERVER.invoke(names, "lookup", new Object[] {"\"bravo\""}, MAP_BY_KEY)).isEqualTo("-9");
        SERVER.invoke(names, "delete", new Object[] {"bravo"}, MAP_BY_KEY);
        assertThatThrownBy(() -> SERVER.invoke(names, "lookup", new Object[] {"bravo"}, MAP_BY_KEY))
                .cause().isExactlyInstanceOf(IllegalStateException.class)
                .hasMessage("lookup of map 'names' failed: ENOENT (no such key)");
    }

    @Test
    void keyTypeAndValueTypeAreTheCDeclarations() throws Exception {
        assertThat(SERVER.getAttribute(map("flows"), "KeyType")).isEqualTo("struct flow_key {\n    __u32 src;\n"
                + "    __u32 dst;\n    __u16 port;\n    __u8 proto;\n}");
        assertThat((String) SERVER.getAttribute(map("flows"), "ValueType")).startsWith("struct flow_stats {")
                .contains("    char comm[16];\n", "    unsigned int flag_b: 3;\n",
                        "    struct {\n        __u16 inner_a;", "    __u16 matrix[2][3];\n", "    const volatile counter_t counter;\n", "    void *ptr;\n");
        assertThat(SERVER.getAttribute(map("raw"), "KeyType")).isEqualTo("");
    }

    @Test
    void entriesShowOneColumnPerField() throws Exception {
        String key = TypesFixture.flowKey(9, 10, 443, 17);
        SERVER.invoke(object, "update", new Object[] {"flows", key, FLOW_STATS, 0L}, OBJECT_UPDATE);

        TabularData entries = (TabularData) SERVER.getAttribute(map("flows"), "Entries");
        assertThat(entries.getTabularType().getIndexNames()).containsExactly("src", "dst", "port", "proto");
        CompositeData row = entries.get(new Object[] {9L, 10L, 443L, 17L});
        assertThat(row.get("packets")).isEqualTo(new BigInteger("18446744073709551615"));
        assertThat(row.get("comm")).isEqualTo("cat");
        assertThat(row.get("color")).isEqualTo("BLUE");
        assertThat(row.get("labels")).isEqualTo("[1,2,3,255]");
        assertThat(((CompositeData) row.get("range")).get("lo")).isEqualTo(-3L);
        assertThat(row.get("flag_b")).isEqualTo(5L);
        assertThat(row.get("inner_b")).isEqualTo(18L);
        assertThat(row.get("enabled")).isEqualTo(true);
        assertThat(row.get("ratio")).isEqualTo(1.5);
        assertThat(row.get("big")).isEqualTo("0x10000000000000000000000005");
    }

    @Test
    void perCpuEntriesHaveAColumnPerCpuAndLookupsAListPerCpu() throws Exception {
        SERVER.invoke(object, "update", new Object[] {"percpu_stats", "3", "{\"packets\":7,\"drops\":1}", 0L},
                OBJECT_UPDATE);
        TabularData entries = (TabularData) SERVER.getAttribute(map("percpu_stats"), "Entries");
        CompositeData row = entries.get(new Object[] {3L});
        for (int cpu = 0; cpu < PossibleCpus.count(); cpu++) {
            assertThat(((CompositeData) row.get("cpu" + cpu)).get("packets")).isEqualTo(BigInteger.valueOf(7));
        }
        Object lookup = JsonTree.read((String) SERVER.invoke(object, "lookup", new Object[] {"percpu_stats", "3"},
                OBJECT_BY_KEY));
        assertThat((List<?>) lookup).hasSize(PossibleCpus.count())
                .first().isEqualTo(Map.of("cpu", 0L, "value", Map.of("packets", 7L, "drops", 1L)));
    }

    @Test
    void dumpIsJsonInBpftoolsFormattedShape() throws Exception {
        SERVER.invoke(object, "update", new Object[] {"colors", "2", "BLUE", 0L}, OBJECT_UPDATE);
        String dump = (String) SERVER.invoke(object, "dump", new Object[] {"colors", 4}, new String[] {S, "int"});
        assertThat(dump).contains("{\"key\":2,\"value\":\"BLUE\"}").startsWith("[{\"key\":0,\"value\":");
        assertThat((List<?>) JsonTree.read(dump)).hasSize(4);
    }

    @Test
    void aBadFieldIsRefusedByItsPathAndCountedAsATypedValueRejection() throws Exception {
        assertThatThrownBy(() -> SERVER.invoke(object, "update", new Object[] {"flows", FLOW_KEY,
                TypesFixture.flowStatsWith("[1,2,3,255]", "[1,256,3,255]"), 0L}, OBJECT_UPDATE))
                .isInstanceOf(RuntimeMBeanException.class)
                .cause().isExactlyInstanceOf(IllegalArgumentException.class).hasNoCause()
                .hasMessage("value of map 'flows': 256 does not fit .labels[1], a __u8 (0 to 255)");
        ObjectName rejected = new ObjectName("metrics:name=bpfjmxMapOperations.map.flows.object.types.operation"
                + ".update.outcome.rejected.reason.typed_value,type=meters");
        assertThat((Long) SERVER.getAttribute(rejected, "Count")).isPositive();
    }

    @Test
    void aMapWithoutBtfRefusesTypedOperationsAndPointsToHex() {
        assertThatThrownBy(() -> SERVER.invoke(object, "lookup", new Object[] {"raw", "1"}, OBJECT_BY_KEY))
                .cause().isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("map 'raw' takes no typed keys and values: it has no BTF types")
                .hasMessageEndingWith("give raw bytes in hex instead (updateElem, lookupElem, deleteElem; the CLI's "
                        + "hex: prefix)");
    }

    private static ObjectName map(String name) throws Exception {
        return new ObjectName("io.bpfjmx:type=BpfMap,object=types,name=" + name);
    }

    private static int mapId(String name) throws Exception {
        return (Integer) SERVER.getAttribute(map(name), "Id");
    }
}
