package io.bpfjmx.agent.remote;

/**
 * {@code io.bpfjmx:type=RemoteConnector}, registered when the agent option {@code jmxPort} is given: whether
 * bpfjmx's own JMX connector listens, and where, or why not.
 */
public interface RemoteConnectorMBean {
    /** {@code LISTENING on <url> (...)}, {@code FAILED: <reason>}, or {@code STOPPED} once the JVM shuts down. */
    String getStatus();

    /** The JMX service URL clients connect to, or null while the connector does not listen. */
    String getAddress();
}
