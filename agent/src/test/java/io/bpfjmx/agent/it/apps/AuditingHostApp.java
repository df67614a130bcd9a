package io.bpfjmx.agent.it.apps;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * A host application that writes to a map itself: once the object its first argument names is loaded, makes as many
 * {@code updateElem} calls on {@code hash_map} as its second argument says, through its own platform MBean server,
 * prints {@code done <succeeded> failed <failed>}, then waits until its stdin closes.
 */
public final class AuditingHostApp {
    private static final String[] SIGNATURE = {"java.lang.String", "java.lang.String", "java.lang.String", "long"};

    private AuditingHostApp() {}

    public static void main(String[] args) throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName object = new ObjectName("io.bpfjmx:type=BpfObject,name=" + args[0]);
        while (!server.isRegistered(object) || "LOADING".equals(server.getAttribute(object, "Status"))) {
            Thread.sleep(10);
        }
        System.out.println("ready " + server.getAttribute(object, "Status"));
        int updates = Integer.parseInt(args[1]);
        int succeeded = 0;
        int failed = 0;
        for (int i = 0; i < updates; i++) {
            String key = String.format("%02x000000", i % 64);
            try {
                server.invoke(object, "updateElem", new Object[] {"hash_map", key, "0700000000000000", 0L}, SIGNATURE);
                succeeded++;
            } catch (Exception e) {
                failed++;
                System.out.println("update failed: " + e);
            }
        }
        System.out.println("done " + succeeded + " failed " + failed);
        try {
            while (System.in.read() != -1) {
                // nothing: wait for the end of standard input
            }
        } catch (IOException e) {
            // standard input gone: the same as its end
        }
    }
}
