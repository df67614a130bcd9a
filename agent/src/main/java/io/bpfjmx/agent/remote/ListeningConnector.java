package io.bpfjmx.agent.remote;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.rmi.NoSuchObjectException;
import java.rmi.Remote;
import java.rmi.server.RMIClientSocketFactory;
import java.rmi.server.UnicastRemoteObject;
import java.util.HashMap;
import java.util.Map;
import javax.management.MBeanServer;
import javax.management.remote.JMXConnectorServer;
import javax.management.remote.JMXServiceURL;
import javax.management.remote.rmi.RMIConnectorServer;
import javax.management.remote.rmi.RMIJRMPServerImpl;
import javax.rmi.ssl.SslRMIClientSocketFactory;

/**
 * bpfjmx's connector while it listens: the JDK's RMI connector server over the {@link RestrictedMBeanServer}, and
 * its {@link ReadOnlyRegistry}, on one port, bound to {@code jmxHost}, TLS throughout when asked for.
 *
 * <p>As the JDK's own management agent does: clients' credentials are read as strings and nothing else; whatever
 * else a client sends is read only when its classes are among {@link #CLIENT_CLASSES}; and every RMI object is
 * exported as a daemon ("permanent"), so the connector, its clients included, never keeps the JVM alive.
 */
final class ListeningConnector {
    /**
     * What a JMX client sends: names, queries, filters, operation parameters (strings, numbers and arrays of them),
     * and the JDK's wrappers for them. A delegation subject carries more, and is refused.
     */
    static final String CLIENT_CLASSES = "java.lang.*;java.math.*;java.util.*;javax.management.*;"
            + "javax.management.openmbean.*;java.rmi.MarshalledObject;javax.security.auth.Subject;!*";
    /** The JDK's attribute that exports an RMI connector's objects as daemons, which the JVM does not wait for. */
    private static final String DAEMON = "jmx.remote.x.daemon";

    private final RMIConnectorServer server;
    private final Remote registry;

    private ListeningConnector(RMIConnectorServer server, Remote registry) {
        this.server = server;
        this.registry = registry;
    }

    static ListeningConnector open(ConnectorSettings settings, MBeanServer platform, MeterRegistry meters,
                                   Instrumentation instrumentation) throws IOException {
        RmiHost.check(settings.address());
        BoundServerSockets sockets = new BoundServerSockets(settings.address(), settings.tls());
        RMIClientSocketFactory clients = settings.tls() == null ? null : new SslRMIClientSocketFactory();
        Map<String, Object> environment = new HashMap<>();
        environment.put(JMXConnectorServer.AUTHENTICATOR,
                new PasswordAuthenticator(settings.passwords(), settings.access(), meters));
        environment.put(RMIConnectorServer.CREDENTIALS_FILTER_PATTERN, String.class.getName() + ";!*");
        environment.put(RMIConnectorServer.SERIAL_FILTER_PATTERN, CLIENT_CLASSES);
        environment.put(DAEMON, "true");
        RMIJRMPServerImpl rmi = new RMIJRMPServerImpl(settings.port(), clients, sockets, environment);
        RMIConnectorServer server = new RMIConnectorServer(
                new JMXServiceURL("rmi", settings.address().getHostAddress(), settings.port()), environment, rmi,
                platform);
        server.setMBeanServerForwarder(new RestrictedMBeanServer(settings.access()));
        server.start();
        try {
            return new ListeningConnector(server, ReadOnlyRegistry.export(instrumentation, settings.port(), clients,
                    sockets, rmi.toStub()));
        } catch (IOException | RuntimeException e) {
            server.stop();
            throw e;
        }
    }

    /** Stops listening and closes every client's connection. */
    void close() throws IOException {
        try {
            UnicastRemoteObject.unexportObject(registry, true);
        } catch (NoSuchObjectException e) {
            // not exported any more: nothing to stop
        }
        server.stop();
    }
}
