package io.bpfjmx.agent.remote;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * The JVM's RMI settings that decide whether clients can use bpfjmx's connector, checked before it listens (they
 * are the JVM's, so they are read and never set here).
 *
 * <p>RMI writes into the connector's stub the host a client is to dial next: {@code java.rmi.server.hostname}, or
 * else this machine's address, whatever address the connector listens on. When that host is not {@code jmxHost},
 * every client fails after the registry lookup with "Connection refused to host"; this says so at start, with the
 * fix. And RMI's object ids must stay random ({@code java.rmi.server.randomIDs}, true unless the JVM says
 * otherwise), or a process that guesses an open connection's id could use it.
 */
final class RmiHost {
    private static final String HOSTNAME_PROPERTY = "java.rmi.server.hostname";
    private static final String RANDOM_IDS_PROPERTY = "java.rmi.server.randomIDs";

    private RmiHost() {}

    /** @throws IllegalArgumentException when clients could not connect, or connections could be taken over */
    static void check(InetAddress listening) {
        String hostname = System.getProperty(HOSTNAME_PROPERTY);
        String advertised;
        try {
            advertised = hostname != null ? hostname : InetAddress.getLocalHost().getHostAddress();
        } catch (UnknownHostException e) {
            advertised = "(unknown: " + e.getMessage() + ")";
        }
        String problem = problem(listening, advertised, hostname != null, System.getProperty(RANDOM_IDS_PROPERTY));
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    /**
     * What keeps clients from using a connector listening on {@code listening}, or null.
     *
     * @param advertised     the host RMI writes into stubs
     * @param fromProperty   whether that host is {@code java.rmi.server.hostname}'s, not this machine's address
     * @param randomIds      {@code java.rmi.server.randomIDs}, or null when not set
     */
    static String problem(InetAddress listening, String advertised, boolean fromProperty, String randomIds) {
        if (randomIds != null && !Boolean.parseBoolean(randomIds)) {
            return "the JVM runs with -D" + RANDOM_IDS_PROPERTY + "=" + randomIds + ", which makes RMI's object ids "
                    + "guessable, so another process could use an open JMX connection; remove that option";
        }
        if (listening.isAnyLocalAddress() || resolvesTo(advertised, listening)) {
            return null;
        }
        String address = listening.getHostAddress();
        return "RMI tells clients to connect to " + advertised + " (" + (fromProperty ? "-D" + HOSTNAME_PROPERTY
                : "this machine's address; -D" + HOSTNAME_PROPERTY + " is not set") + "), where the connector does "
                + "not listen (jmxHost=" + address + "); start the JVM with -D" + HOSTNAME_PROPERTY + "=" + address
                + ", or give jmxHost=" + advertised;
    }

    private static boolean resolvesTo(String host, InetAddress address) {
        try {
            return Arrays.asList(InetAddress.getAllByName(host)).contains(address);
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
