import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * A hello-world host for benchmarks/startup.sh. Prints, as key=value lines: the JVM's uptime when main starts;
 * with an object name as argument, the time until the bpfjmx agent reports it READY; then the heap in use after
 * a full GC and the resident set size.
 */
public class StartupProbe {
    public static void main(String[] args) throws Exception {
        long mainAt = ManagementFactory.getRuntimeMXBean().getUptime();
        System.out.println("main_ms=" + mainAt);
        if (args.length > 0) {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            ObjectName object = new ObjectName("io.bpfjmx:type=BpfObject,name=" + args[0]);
            long start = System.nanoTime();
            while (!server.isRegistered(object) || "LOADING".equals(server.getAttribute(object, "Status"))) {
                if (System.nanoTime() - start > 30_000_000_000L) {
                    throw new IllegalStateException("no READY object " + args[0] + " within 30 s");
                }
                Thread.sleep(1);
            }
            System.out.println("status=" + server.getAttribute(object, "Status"));
            System.out.println("ready_ms=" + ManagementFactory.getRuntimeMXBean().getUptime());
        }
        System.gc();
        Thread.sleep(200);
        System.gc();
        System.out.println("heap_bytes=" + ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                System.out.println("rss_kib=" + line.replaceAll("\\D", ""));
            }
        }
    }
}
