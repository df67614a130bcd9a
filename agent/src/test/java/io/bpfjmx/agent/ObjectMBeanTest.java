package io.bpfjmx.agent;

import io.bpfjmx.agent.options.AgentOptions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bpfjmx.libbpf.PossibleCpus;
import io.bpfjmx.libbpf.testing.BpfObjects;
import io.bpfjmx.libbpf.testing.RequiresBpf;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.concurrent.Future;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanParameterInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.RuntimeMBeanException;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The MBeans in this JVM's platform MBean server, on the real kernel: what JMX clients see and get. */
@RequiresBpf
class ObjectMBeanTest {
    private static final MBeanServer SERVER = ManagementFactory.getPlatformMBeanServer();
    private static final String[] UPDATE = {"java.lang.String", "java.lang.String", "java.lang.String", "long"};
    private static final String[] LOOKUP = {"java.lang.String", "java.lang.String"};
    private static ObjectName object;

    @BeforeAll
    static void start() throws Exception {
        for (Future<?> load : Agent.get().start(AgentOptions.parse("object=" + BpfObjects.fixtures()))) {
            load.get();
        }
        object = new ObjectName("io.bpfjmx:type=BpfObject,name=fixtures");
    }

    @Test
    void describesTheObjectAndItsMaps() throws Exception {
        assertThat(SERVER.getAttribute(object, "Status")).isEqualTo("READY");
        assertThat(SERVER.getAttribute(object, "PossibleCpus")).isEqualTo(PossibleCpus.count());
        TabularData maps = (TabularData) SERVER.getAttribute(object, "Maps");
        CompositeData perCpu = maps.get(new Object[] {"percpu_hash"});
        assertThat(perCpu.get("type")).isEqualTo("PERCPU_HASH");
        assertThat(perCpu.get("valueSize")).isEqualTo(12);
        assertThat(perCpu.get("valueBufferSize")).isEqualTo(16 * PossibleCpus.count());
        TabularData programs = (TabularData) SERVER.getAttribute(object, "Programs");
        assertThat(programs.get(new Object[] {"fixtures_prog"}).get("attachState")).isEqualTo("MANUAL_ATTACH_ONLY");
        assertThat(SERVER.queryNames(new ObjectName("io.bpfjmx:type=BpfMap,object=fixtures,*"), null)).hasSize(12);
    }

    @Test
    void mbeanInfoNamesAndDescribesEveryParameter() throws Exception {
        MBeanOperationInfo update = operation(object, "updateElem");
        assertThat(update.getImpact()).isEqualTo(MBeanOperationInfo.ACTION);
        assertThat(update.getDescription()).startsWith("Inserts or replaces one element (bpf_map__update_elem)");
        assertThat(Arrays.stream(update.getSignature()).map(MBeanParameterInfo::getName))
                .containsExactly("mapName", "keyHex", "valueHex", "flags");
        assertThat(update.getSignature()[3].getDescription()).contains("0 = BPF_ANY", "1 = BPF_NOEXIST",
                "2 = BPF_EXIST", "4 = BPF_F_LOCK");
        assertThat(operation(object, "lookupElem").getImpact()).isEqualTo(MBeanOperationInfo.INFO);
        assertThat(operation(object, "deleteElem").getImpact()).isEqualTo(MBeanOperationInfo.ACTION);
        for (MBeanOperationInfo op : SERVER.getMBeanInfo(object).getOperations()) {
            assertThat(op.getDescription()).as(op.getName()).isNotEqualTo(op.getName());
            for (MBeanParameterInfo parameter : op.getSignature()) {
                assertThat(parameter.getName()).as(op.getName()).doesNotMatch("p\\d+");
                assertThat(parameter.getDescription()).as(op.getName()).isNotEqualTo(parameter.getType());
            }
        }
        ObjectName map = new ObjectName("io.bpfjmx:type=BpfMap,object=fixtures,name=hash_map");
        assertThat(Arrays.stream(operation(map, "updateElem").getSignature()).map(MBeanParameterInfo::getName))
                .containsExactly("keyHex", "valueHex", "flags");
        assertThat(SERVER.getMBeanInfo(map).getAttributes()).allSatisfy(a ->
                assertThat(a.getDescription()).isNotEqualTo(a.getName()));
    }

    @Test
    void updatesAndReadsBackThroughJmx() throws Exception {
        SERVER.invoke(object, "updateElem", new Object[] {"lru_hash", "0x07 00 00 00", "2a:00:00:00:00:00:00:00", 1L},
                UPDATE);
        assertThat(SERVER.invoke(object, "lookupElem", new Object[] {"lru_hash", "07000000"}, LOOKUP))
                .isEqualTo("2a00000000000000");
        ObjectName map = new ObjectName("io.bpfjmx:type=BpfMap,object=fixtures,name=lru_hash");
        TabularData entries = (TabularData) SERVER.getAttribute(map, "Entries"); // typed: the fixtures have BTF
        assertThat(entries.get(new Object[] {7L}).get("value")).isEqualTo(java.math.BigInteger.valueOf(42));
        assertThat(SERVER.invoke(map, "getNextKey", new Object[] {""}, new String[] {"java.lang.String"}))
                .isEqualTo("07000000");
        assertThat(SERVER.invoke(map, "getNextKey", new Object[] {"07000000"}, new String[] {"java.lang.String"}))
                .isNull();
    }

    @Test
    void perCpuMapsTakeBothFormsAndShowEveryCpu() throws Exception {
        int cpus = PossibleCpus.count();
        SERVER.invoke(object, "updateElem", new Object[] {"percpu_array", "00000000", "010000000200000003000000", 0L},
                UPDATE);
        assertThat((String[]) SERVER.invoke(object, "lookupElemPerCpu", new Object[] {"percpu_array", "00000000"},
                LOOKUP)).hasSize(cpus).containsOnly("010000000200000003000000");

        StringBuilder layout = new StringBuilder();
        for (int cpu = 0; cpu < cpus; cpu++) {
            layout.append(String.format("%02x0000000000000000000000", cpu)).append("00000000"); // value + padding
        }
        SERVER.invoke(object, "updateElem", new Object[] {"percpu_array", "01000000", layout.toString(), 0L}, UPDATE);
        String[] values = (String[]) SERVER.invoke(object, "lookupElemPerCpu",
                new Object[] {"percpu_array", "01000000"}, LOOKUP);
        for (int cpu = 0; cpu < cpus; cpu++) {
            assertThat(values[cpu]).isEqualTo(String.format("%02x0000000000000000000000", cpu));
        }
        assertThat(SERVER.invoke(object, "lookupElem", new Object[] {"percpu_array", "01000000"}, LOOKUP))
                .isEqualTo(layout.toString());
    }

    @Test
    void errorsCrossJmxAsJdkExceptionsWithTheFullMessage() throws Exception {
        invokeFails(new Object[] {"hash_map", "010000", "0100000000000000", 0L}, IllegalArgumentException.class,
                "key of 3 bytes for map 'hash_map': expected 4 bytes (the map's key size); pad or trim the key to 4 "
                        + "bytes");
        invokeFails(new Object[] {"hash_map", "01000000", "01", 0L}, IllegalArgumentException.class,
                "value of 1 bytes for map 'hash_map': expected 8 bytes (the map's value size)");
        invokeFails(new Object[] {"hash_map", "01000000", "0100000000000000", 3L}, IllegalArgumentException.class,
                "flags 3 combine NOEXIST and EXIST, which exclude each other; expected ANY (0), NOEXIST (1) or EXIST "
                        + "(2), optionally plus F_LOCK (4)");
        invokeFails(new Object[] {"nope", "01000000", "01", 0L}, IllegalArgumentException.class,
                "no map 'nope' in object 'fixtures'; its maps are: hash_map, small_hash, array_map, percpu_hash, "
                        + "percpu_array, lru_hash, lru_percpu_hash, lpm_trie, locked_hash, fixtures.data, "
                        + "fixtures.rodata, fixtures.bss");
        invokeFails(new Object[] {"hash_map", "0100000g", "01", 0L}, IllegalArgumentException.class,
                "keyHex has 'g' at position 8, which is not a hex digit; use 0-9 and a-f, bytes optionally separated "
                        + "by spaces or colons");
        invokeFails(new Object[] {"array_map", "09000000", "0100000000000000", 0L}, IllegalStateException.class,
                "update of map 'array_map' failed: E2BIG (map full, or array index out of range (index >= "
                        + "max_entries))");
        invokeFails(new Object[] {".rodata", "00000000", "01000000", 0L}, IllegalArgumentException.class,
                "map 'fixtures.rodata' is read-only after load: the kernel froze it (libbpf freezes .rodata once the "
                        + "object is loaded); only .data and .bss globals stay writable");
    }

    @Test
    void metricsCountEachOutcomeWithItsReason() throws Exception {
        Object[] args = {"hash_map", "05000000", "0100000000000000", 1L};
        SERVER.invoke(object, "updateElem", args, UPDATE);
        assertThatThrownBy(() -> SERVER.invoke(object, "updateElem", args, UPDATE))
                .hasRootCauseMessage("update of map 'hash_map' failed: EEXIST (key exists and flags=NOEXIST)");
        assertThat(count("hash_map", "update", "success", "none")).isGreaterThanOrEqualTo(1);
        assertThat(count("hash_map", "update", "failed", "EEXIST")).isEqualTo(1);
    }

    private static long count(String map, String operation, String outcome, String reason) throws Exception {
        ObjectName name = new ObjectName("metrics:name=bpfjmxMapOperations.map." + map + ".object.fixtures.operation."
                + operation + ".outcome." + outcome + ".reason." + reason + ",type=meters");
        return (Long) SERVER.getAttribute(name, "Count");
    }

    private static void invokeFails(Object[] args, Class<? extends RuntimeException> type, String message) {
        assertThatThrownBy(() -> SERVER.invoke(object, "updateElem", args, UPDATE))
                .isInstanceOf(RuntimeMBeanException.class)
                .cause().isExactlyInstanceOf(type).hasMessage(message).hasNoCause();
    }

    private static MBeanOperationInfo operation(ObjectName name, String operation) throws Exception {
        return Arrays.stream(SERVER.getMBeanInfo(name).getOperations())
                .filter(o -> o.getName().equals(operation)).findFirst().orElseThrow();
    }
}
