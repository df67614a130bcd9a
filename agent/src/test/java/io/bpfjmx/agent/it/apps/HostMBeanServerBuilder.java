package io.bpfjmx.agent.it.apps;

import javax.management.MBeanServer;
import javax.management.MBeanServerBuilder;
import javax.management.MBeanServerDelegate;

/**
 * An application's own {@code javax.management.builder.initial}, as application servers install one: on the
 * application's class path only, never on the agent's. Says on which thread the platform MBean server is made.
 */
public final class HostMBeanServerBuilder extends MBeanServerBuilder {
    @Override
    public MBeanServer newMBeanServer(String defaultDomain, MBeanServer outer, MBeanServerDelegate delegate) {
        System.out.println("host builder: MBean server made on thread " + Thread.currentThread().getName());
        return super.newMBeanServer(defaultDomain, outer, delegate);
    }
}
