package io.bpfjmx.agent.remote;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.rmi.server.RMIServerSocketFactory;
import java.util.Objects;
import javax.net.ssl.SSLContext;

/**
 * The server sockets of bpfjmx's own JMX connector: bound to {@code jmxHost} only, and TLS when a context is given.
 * The RMI registry, the connector and every client connection share the one port because they share this factory:
 * RMI listens once per (port, factory), and tells factories apart by {@link #equals}.
 */
final class BoundServerSockets implements RMIServerSocketFactory {
    private final InetAddress address;
    private final SSLContext tls;

    /** @param tls the TLS context, or null for plain sockets */
    BoundServerSockets(InetAddress address, SSLContext tls) {
        this.address = address;
        this.tls = tls;
    }

    @Override
    public ServerSocket createServerSocket(int port) throws IOException {
        return tls == null ? new ServerSocket(port, 0, address)
                : tls.getServerSocketFactory().createServerSocket(port, 0, address);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof BoundServerSockets sockets && address.equals(sockets.address) && tls == sockets.tls;
    }

    @Override
    public int hashCode() {
        return Objects.hash(address, System.identityHashCode(tls));
    }
}
