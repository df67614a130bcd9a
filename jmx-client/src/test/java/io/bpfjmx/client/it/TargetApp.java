package io.bpfjmx.client.it;

import java.lang.management.ManagementFactory;
import javax.management.ObjectName;

/**
 * The JVM the CLI is pointed at in the ITs: says "ready" and waits to be killed. With the argument
 * {@code foreign-map} it first registers an MBean where the agent's maps live that is not the agent's: what a CLI
 * meets when agent and client versions drift apart.
 */
public final class TargetApp {
    private TargetApp() {}

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("foreign-map")) {
            ManagementFactory.getPlatformMBeanServer().registerMBean(new ForeignMap(),
                    new ObjectName("io.bpfjmx:type=BpfMap,object=foreign,name=foreign_map"));
        }
        System.out.println("ready");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }

    /** A BpfMap MBean of some other make: it has a name and nothing else. */
    public interface ForeignMapMBean {
        String getName();
    }

    static final class ForeignMap implements ForeignMapMBean {
        @Override
        public String getName() {
            return "foreign_map";
        }
    }
}
