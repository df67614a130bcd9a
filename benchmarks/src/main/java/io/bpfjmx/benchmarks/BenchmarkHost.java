package io.bpfjmx.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * The host JVM of the whole-process and remote benchmarks ({@link RemoteUpdateBenchmark}, {@code benchmarks/cli.sh}):
 * an application that does nothing but carry the bpfjmx agent (and, for some, the JMX remote connector and the
 * Jolokia agent), started with {@code -javaagent:bpfjmx-agent.jar=object=...}.
 *
 * <p>Uses the JDK only, so it runs from {@code benchmarks/target/classes} without the agent's classes on the class
 * path. Prints {@code ready <status>} once the object named by its first argument has left LOADING, then waits until
 * its standard input ends (so it never outlives the process that started it through a pipe) or, with a second
 * argument {@code forever}, until it is killed.
 */
public final class BenchmarkHost {
    private BenchmarkHost() {}

    public static void main(String[] args) throws Exception {
        String object = args.length > 0 ? args[0] : "fixtures";
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = new ObjectName("io.bpfjmx:type=BpfObject,name=" + object);
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!server.isRegistered(name) || "LOADING".equals(server.getAttribute(name, "Status"))) {
            if (System.nanoTime() > deadline) {
                System.out.println("failed: no object " + object + " left LOADING within 30 s");
                System.exit(1);
            }
            Thread.sleep(10);
        }
        System.out.println("ready " + server.getAttribute(name, "Status"));
        System.out.flush();
        if (args.length > 1 && args[1].equals("forever")) {
            Thread.sleep(Long.MAX_VALUE);
        }
        try {
            while (System.in.read() != -1) {
                // nothing: wait for the end of standard input
            }
        } catch (IOException e) {
            // standard input gone: the same as its end
        }
    }
}
