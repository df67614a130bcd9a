package io.bpfjmx.agent.remote;

import io.bpfjmx.agent.options.AgentOptions;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.management.JMException;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.StandardMBean;

/**
 * bpfjmx's own JMX connector in this JVM, started by the agent option {@code jmxPort}: at most one, and its state as
 * the MBean {@code io.bpfjmx:type=RemoteConnector}. A connector that cannot start (a file missing or open to
 * others, a port in use, a key store that does not open) logs one line and shows {@code FAILED: <reason>}; the host
 * runs on, and the next attach that gives {@code jmxPort} tries again.
 */
public final class RemoteConnector implements RemoteConnectorMBean {
    static final String MBEAN_NAME = RestrictedMBeanServer.BPFJMX_DOMAIN + ":type=RemoteConnector";
    private static final Logger LOG = Logger.getLogger(RemoteConnector.class.getName());

    private volatile String status = "STARTING";
    private volatile String address;
    /** Guarded by {@code this}. */
    private ListeningConnector listening;

    /**
     * Starts the connector the options ask for, unless one listens already; registers this MBean first.
     *
     * @throws IllegalStateException with the reason, once it is logged and shown, when the connector cannot start
     */
    public synchronized void start(AgentOptions options, MBeanServer server, MeterRegistry meters,
                                   Instrumentation instrumentation) {
        register(server);
        if (listening != null) {
            LOG.info(() -> "bpfjmx: JMX connector already listening on " + address + "; the jmx options of this "
                    + "attach are not applied");
            return;
        }
        try {
            ConnectorSettings settings = ConnectorSettings.of(options);
            listening = ListeningConnector.open(settings, server, meters, instrumentation);
            address = settings.serviceUrl();
            status = "LISTENING on " + address + " (" + transport(settings) + ")";
            LOG.info("bpfjmx: JMX connector " + status);
        } catch (IOException e) {
            throw fail("cannot listen on " + options.jmxHost() + ":" + options.jmxPort() + ": " + e.getMessage()
                    + "; choose another jmxPort, or stop what holds it");
        } catch (RuntimeException e) {
            throw fail(e.getMessage());
        }
    }

    private static String transport(ConnectorSettings settings) {
        if (settings.tls() != null) {
            return "TLS";
        }
        return settings.address().isLoopbackAddress() ? "no TLS, loopback only"
                : "no TLS: passwords and map values cross the network in clear; give jmxSsl=true";
    }

    private IllegalStateException fail(String reason) {
        status = "FAILED: " + reason;
        LOG.warning("bpfjmx: JMX connector not started: " + reason);
        return new IllegalStateException("JMX connector not started: " + reason);
    }

    /** Closes the connector and its clients' connections; at the JVM's shutdown. */
    public synchronized void stop() {
        if (listening == null) {
            return;
        }
        try {
            listening.close();
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "bpfjmx: stopping the JMX connector", e);
        }
        listening = null;
        address = null;
        status = "STOPPED";
    }

    @Override
    public String getStatus() {
        return status;
    }

    @Override
    public String getAddress() {
        return address;
    }

    private void register(MBeanServer server) {
        try {
            ObjectName name = new ObjectName(MBEAN_NAME);
            if (!server.isRegistered(name)) {
                server.registerMBean(new Described(this), name);
            }
        } catch (JMException e) {
            LOG.warning("bpfjmx: the MBean " + MBEAN_NAME + " is not registered: " + e);
        }
    }

    /** This MBean with descriptions an operator can read in JConsole. */
    private static final class Described extends StandardMBean {
        Described(RemoteConnector connector) {
            super(connector, RemoteConnectorMBean.class, false);
        }

        @Override
        protected String getDescription(MBeanInfo info) {
            return "bpfjmx's own JMX connector (agent option jmxPort), which exposes only bpfjmx's MBeans and meters";
        }

        @Override
        protected String getDescription(MBeanAttributeInfo info) {
            return info.getName().equals("Status")
                    ? "LISTENING on <url> (TLS or not), FAILED: <reason>, or STOPPED at the JVM's shutdown"
                    : "The JMX service URL clients connect to, while the connector listens";
        }
    }
}
