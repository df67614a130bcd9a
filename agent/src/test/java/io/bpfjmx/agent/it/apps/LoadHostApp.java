package io.bpfjmx.agent.it.apps;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * A host application for load tests. It counts the agent's audit records (instead of printing a million of them)
 * and, once asked, its audit notifications; and it drives updates through its own platform MBean server, the way
 * any in-process JMX client would. Commands on stdin, one per line:
 * <ul>
 *   <li>{@code listen <object>}: count the notifications of {@code io.bpfjmx:type=BpfObject,name=<object>};</li>
 *   <li>{@code update <object> <map> <first key> <keys> <count>}: {@code count} × {@code updateElem(map, key,
 *       value, 0)}, keys (u32) cycling from {@code first key} through {@code keys} of them, values (u64) counting
 *       from 0;</li>
 *   <li>{@code audit}: print the audit records and notifications counted so far.</li>
 * </ul>
 */
public final class LoadHostApp {
    private static final String[] UPDATE = {"java.lang.String", "java.lang.String", "java.lang.String", "long"};
    private static final AtomicLong RECORDS = new AtomicLong();
    private static final AtomicLong NOTIFICATIONS = new AtomicLong();
    /** Held, so that the logger and its configuration are not collected. */
    private static final Logger AUDIT = Logger.getLogger("io.bpfjmx.audit");

    private LoadHostApp() {}

    public static void main(String[] args) throws Exception {
        AUDIT.setUseParentHandlers(false);
        AUDIT.addHandler(new Handler() {
            @Override
            public void publish(LogRecord record) {
                RECORDS.incrementAndGet();
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        });
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        System.out.println("host ready");
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            String[] words = line.split(" ");
            switch (words[0]) {
                case "listen" -> {
                    server.addNotificationListener(new ObjectName("io.bpfjmx:type=BpfObject,name=" + words[1]),
                            (notification, handback) -> NOTIFICATIONS.incrementAndGet(), null, null);
                    System.out.println("listening");
                }
                case "update" -> update(server, new ObjectName("io.bpfjmx:type=BpfObject,name=" + words[1]), words[2],
                        Integer.parseInt(words[3]), Integer.parseInt(words[4]), Integer.parseInt(words[5]));
                case "audit" -> System.out.println("audit records=" + RECORDS.get() + " notifications="
                        + NOTIFICATIONS.get());
                default -> System.out.println("unknown command " + line);
            }
        }
    }

    private static void update(MBeanServer server, ObjectName object, String map, int firstKey, int keys, int count)
            throws Exception {
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            server.invoke(object, "updateElem", new Object[] {map, u32(firstKey + i % keys), u64(i), 0L}, UPDATE);
        }
        System.out.println("updated " + count + " in " + (System.nanoTime() - start) / 1_000_000 + " ms");
    }

    /** Little-endian hex, as the map stores a u32. */
    public static String u32(int value) {
        return String.format("%08x", Integer.reverseBytes(value));
    }

    /** Little-endian hex, as the map stores a u64. */
    public static String u64(long value) {
        return String.format("%016x", Long.reverseBytes(value));
    }
}
