package io.bpfjmx.benchmarks;

import io.bpfjmx.agent.AgentMain;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
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
 * {@code updateElem} through this JVM's platform MBean server, as a JMX client's call arrives in the agent:
 * MBean dispatch, hex parsing, checks, meters, the audit and the kernel update, on the same map, key and value as
 * {@link MapUpdateBenchmark#update} and {@code update_loop.c}.
 *
 * <p>{@code auditLog=file}: the audit to the agent's own file (agent option {@code auditFile}, in
 * {@code java.io.tmpdir}, written by the agent's thread); {@code log}: the audit to java.util.logging, as the JVM's
 * logging configuration sends it ({@code run.sh} passes {@code logging.properties}: a {@code FileHandler}); {@code
 * off}: the agent option {@code audit=false}. Nobody listens to notifications, so that with {@code off} no audit
 * record is built.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class MBeanUpdateBenchmark {
    private static final String[] SIGNATURE = {"java.lang.String", "java.lang.String", "java.lang.String", "long"};

    @Param({"file", "log", "off"})
    public String auditLog;

    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    private final Object[] arguments = {"hash_map", "2a000000", "0700000000000000", 0L};
    private ObjectName object;

    @Setup(Level.Trial)
    public void start() throws Exception {
        String audit = switch (auditLog) {
            case "file" -> ",auditFile=" + Files.createTempFile("bpfjmx-benchmark-audit-", ".log");
            case "off" -> ",audit=false";
            default -> "";
        };
        Path fixtures = Path.of(System.getProperty("bpfjmx.bpfDir", "bpf"), "fixtures.bpf.o").toAbsolutePath();
        AgentMain.start("object=" + fixtures + ",failOnError=true" + audit, null, true);
        object = new ObjectName("io.bpfjmx:type=BpfObject,name=fixtures");
    }

    @Benchmark
    public Object updateElem() throws Exception {
        return server.invoke(object, "updateElem", arguments, SIGNATURE);
    }
}
