package io.bpfjmx.agent.remote;

import io.bpfjmx.agent.options.AgentOptions;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import javax.net.ssl.SSLContext;

/**
 * What bpfjmx's own JMX connector is asked to be by the agent options {@code jmxPort}, {@code jmxHost},
 * {@code jmxPasswordFile}, {@code jmxAccessFile} and {@code jmxSsl} (with its key store), with every file read and
 * checked before anything listens.
 *
 * @param tls the TLS context, or null for plain sockets
 */
record ConnectorSettings(InetAddress address, int port, PasswordFile passwords, AccessFile access, SSLContext tls) {

    /** @throws IllegalArgumentException naming the option or file that is missing or wrong, and the fix */
    static ConnectorSettings of(AgentOptions options) {
        int port = options.jmxPort();
        Path passwordFile = options.jmxPasswordFile();
        Path accessFile = options.jmxAccessFile();
        if (passwordFile == null) {
            throw new IllegalArgumentException("agent option jmxPort=" + port + " needs jmxPasswordFile=<file> "
                    + "(lines '<user> <password>', chmod 600): bpfjmx's connector admits no one without a password");
        }
        if (accessFile == null) {
            throw new IllegalArgumentException("agent option jmxPort=" + port + " needs jmxAccessFile=<file> (lines "
                    + "'<user> read', '<user> write' or '<user> write maps=<map>:<map>', chmod 600): without it no "
                    + "user has a role");
        }
        if (!options.jmxSsl() && options.jmxKeyStore() != null) {
            throw new IllegalArgumentException("agent option jmxKeyStore is given but jmxSsl is not true; add "
                    + "jmxSsl=true to serve TLS");
        }
        if (options.jmxKeyStorePasswordFile() != null && options.jmxKeyStore() == null) {
            throw new IllegalArgumentException("agent option jmxKeyStorePasswordFile is the password of jmxKeyStore, "
                    + "which is not given; add jmxKeyStore=<file> (and jmxSsl=true)");
        }
        InetAddress address = address(options.jmxHost());
        PasswordFile passwords = PasswordFile.parse(passwordFile,
                OwnerOnlyFile.read(passwordFile, "jmxPasswordFile"));
        AccessFile access = AccessFile.parse(accessFile, OwnerOnlyFile.read(accessFile, "jmxAccessFile"));
        return new ConnectorSettings(address, port, passwords, access, options.jmxSsl() ? TlsContext.of(options) : null);
    }

    private static InetAddress address(String host) {
        try {
            return InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("agent option jmxHost=" + host + " is not a known address ("
                    + e.getMessage() + "); give an address of this machine, or leave it out for 127.0.0.1");
        }
    }

    /** What clients connect to: {@code service:jmx:rmi:///jndi/rmi://host:port/jmxrmi}. */
    String serviceUrl() {
        String host = address instanceof Inet6Address ? "[" + address.getHostAddress() + "]" : address.getHostAddress();
        return "service:jmx:rmi:///jndi/rmi://" + host + ":" + port + "/jmxrmi";
    }
}
