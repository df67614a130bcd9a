package io.bpfjmx.client;

import java.io.IOException;
import javax.management.MBeanServerConnection;
import javax.management.remote.JMXConnector;

/** An open JMX connection to the target JVM, whatever its kind; closing it never fails a command that worked. */
final class Connection implements AutoCloseable {
    private final JMXConnector connector;

    Connection(JMXConnector connector) {
        this.connector = connector;
    }

    MBeanServerConnection mbeans() {
        return AgentErrors.call(connector::getMBeanServerConnection);
    }

    @Override
    public void close() {
        try {
            connector.close();
        } catch (IOException e) {
            // the work is done; a connection that does not close cleanly changes nothing
        }
    }
}
