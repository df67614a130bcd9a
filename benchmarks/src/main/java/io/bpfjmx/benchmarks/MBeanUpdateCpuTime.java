package io.bpfjmx.benchmarks;

import io.bpfjmx.agent.AgentMain;
import io.bpfjmx.libbpf.BpfMap;
import io.bpfjmx.libbpf.BpfObject;
import io.bpfjmx.libbpf.UpdateFlags;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * {@link MBeanUpdateBenchmark}'s call, timed by CPU time rather than by the clock: on the shared 2-CPU machine the
 * clock counts the time other processes hold the CPU too, and moved 2× between runs, where a thread's CPU time
 * hardly moves. In rounds, alternating, one JVM times {@code BpfMap.update} of the same map, key and value (the
 * library's call, a map of its own load of the object) and the {@code updateElem} through the platform MBean
 * server, and prints per call: the caller's CPU time, the audit writer's (thread {@code bpfjmx-audit-writer},
 * with {@code auditFile}), and the clock's. The MBean path's cost beyond the library is the difference of the
 * callers' CPU times, with the writer's beside it.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.bpfjmx.benchmarks.MBeanUpdateCpuTime off|file|log [calls] [rounds]
 * </pre>
 */
public final class MBeanUpdateCpuTime {
    private static final String[] SIGNATURE = {"java.lang.String", "java.lang.String", "java.lang.String", "long"};
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private MBeanUpdateCpuTime() {}

    public static void main(String[] args) throws Exception {
        String audit = args.length > 0 ? args[0] : "off";
        int calls = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        Path fixtures = Path.of(System.getProperty("bpfjmx.bpfDir", "bpf"), "fixtures.bpf.o").toAbsolutePath();
        String option = switch (audit) {
            case "file" -> ",auditFile=" + Files.createTempFile("bpfjmx-benchmark-audit-", ".log");
            case "off" -> ",audit=false";
            default -> "";
        };
        AgentMain.start("object=" + fixtures + ",failOnError=true" + option, null, true);
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName object = new ObjectName("io.bpfjmx:type=BpfObject,name=fixtures");
        Object[] arguments = {"hash_map", "2a000000", "0700000000000000", 0L};
        try (BpfObject own = BpfObject.load(fixtures)) {
            BpfMap map = own.map("hash_map");
            byte[] key = {42, 0, 0, 0};
            byte[] value = {7, 0, 0, 0, 0, 0, 0, 0};
            UpdateFlags any = UpdateFlags.of(UpdateFlags.ANY);
            Runnable library = () -> map.update(key, value, any);
            Runnable mbean = () -> {
                try {
                    server.invoke(object, "updateElem", arguments, SIGNATURE);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            };
            time(library, calls); // warm-up, untimed
            time(mbean, calls);
            System.out.printf("audit=%s, %d calls a round; ns per call: library caller CPU / MBean caller CPU / "
                    + "writer CPU / MBean clock; MBean - library (caller CPU)%n", audit, calls);
            for (int round = 1; round <= rounds; round++) {
                double[] lib = time(library, calls);
                double[] jmx = time(mbean, calls);
                System.out.printf("round %d: %.0f / %.0f / %.0f / %.0f; %.0f%n", round, lib[0], jmx[0], jmx[1],
                        jmx[2], jmx[0] - lib[0]);
            }
        }
        System.exit(0); // the agent's threads, the audit file's writer among them, finish in its shutdown hook
    }

    /** {@code calls} calls of {@code call}: the caller's CPU time, the audit writer's, and the clock's, per call. */
    private static double[] time(Runnable call, int calls) {
        long writer = writerId();
        long writerStart = writer < 0 ? 0 : THREADS.getThreadCpuTime(writer);
        long cpuStart = THREADS.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        for (int i = 0; i < calls; i++) {
            call.run();
        }
        long clock = System.nanoTime() - start;
        long cpu = THREADS.getCurrentThreadCpuTime() - cpuStart;
        long writerCpu = writer < 0 ? 0 : THREADS.getThreadCpuTime(writer) - writerStart;
        return new double[] {(double) cpu / calls, (double) writerCpu / calls, (double) clock / calls};
    }

    private static long writerId() {
        return Arrays.stream(THREADS.getThreadInfo(THREADS.getAllThreadIds())).filter(info -> info != null
                && info.getThreadName().equals("bpfjmx-audit-writer")).mapToLong(ThreadInfo::getThreadId)
                .findFirst().orElse(-1);
    }
}
