package io.bpfjmx.benchmarks;

import io.bpfjmx.agent.AgentMain;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * A typed {@code update} against a hex {@code updateElem} of the same entry, both through this JVM's platform MBean
 * server with the audit off (agent option {@code audit=false}): what the JSON codec adds to a write. {@code entry=flows} is the struct map of
 * {@code types.bpf.o} with a value of every member kind (21 members, 144 bytes); {@code entry=names} a
 * {@code char[16]} key and an {@code __s64} value.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class TypedUpdateBenchmark {
    private static final String[] SIGNATURE = {"java.lang.String", "java.lang.String", "java.lang.String", "long"};
    private static final String[] LOOKUP = {"java.lang.String", "java.lang.String"};
    private static final String FLOW_KEY = "{\"src\":1,\"dst\":2,\"port\":80,\"proto\":6}";
    private static final String FLOW_STATS = "{\"packets\":18446744073709551615,\"delta\":-42,\"comm\":\"cat\","
            + "\"color\":\"BLUE\",\"labels\":[1,2,3,255],\"range\":{\"lo\":-3,\"hi\":4},\"flag_a\":1,\"flag_b\":5,"
            + "\"level\":9,\"inner_a\":17,\"inner_b\":18,\"u\":{\"as_u32\":16909060},"
            + "\"matrix\":[[1,2,3],[4,5,6]],\"small\":-7,\"medium\":-300,\"enabled\":true,"
            + "\"big\":\"0x10000000000000000000000005\",\"wide\":\"WIDE_LARGE\",\"counter\":99,\"ptr\":4660,"
            + "\"ratio\":1.5,\"mean\":-2.25}";

    @Param({"flows", "names"})
    public String entry;

    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    private ObjectName object;
    private Object[] typed;
    private Object[] hex;

    @Setup(Level.Trial)
    public void start() throws Exception {
        Path types = Path.of(System.getProperty("bpfjmx.bpfDir", "bpf"), "types.bpf.o").toAbsolutePath();
        AgentMain.start("object=" + types + ",failOnError=true,attach=false,audit=false", null, true);
        object = new ObjectName("io.bpfjmx:type=BpfObject,name=types");
        typed = entry.equals("flows") ? new Object[] {"flows", FLOW_KEY, FLOW_STATS, 0L}
                : new Object[] {"names", "alpha", "-5", 0L};
        server.invoke(object, "update", typed, SIGNATURE);
        // the same entry as hex: the bytes the typed update wrote, as hex reads them back
        String keyHex = entry.equals("flows") ? "010000000200000050000600" : "616c706861" + "00".repeat(11);
        String valueHex = (String) server.invoke(object, "lookupElem", new Object[] {entry, keyHex}, LOOKUP);
        hex = new Object[] {entry, keyHex, valueHex, 0L};
    }

    @Benchmark
    public Object updateTyped() throws Exception {
        return server.invoke(object, "update", typed, SIGNATURE);
    }

    @Benchmark
    public Object updateElemHex() throws Exception {
        return server.invoke(object, "updateElem", hex, SIGNATURE);
    }
}
