package io.bpfjmx.client;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import javax.net.ssl.SSLException;
import javax.rmi.ssl.SslRMIClientSocketFactory;
import org.jolokia.client.exception.UncheckedJmxAdapterException;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/**
 * Which JVM to talk to (exactly one of {@code --pid}, {@code --url}, {@code --jolokia}) and the credentials for a
 * remote one. All three end in a standard {@link JMXConnector}; Jolokia's comes from its
 * {@code jolokia-client-jmx-adapter}, so the same client code serves every target.
 */
final class TargetOptions {
    @ArgGroup(exclusive = true, multiplicity = "1", heading = "Target (one of):%n")
    Target target;

    @Option(names = "--user", paramLabel = "NAME", description = "User for --url or --jolokia.")
    String user;

    @Option(names = "--password-file", paramLabel = "FILE",
            description = "File whose first line is the password (keep it chmod 600).")
    Path passwordFile;

    @Option(names = "--password-env", paramLabel = "VARIABLE",
            description = "Environment variable holding the password. Without either, bpfjmx asks for it.")
    String passwordEnv;

    @Option(names = "--ssl", description = "TLS for --url, registry included (bpfjmx's connector with jmxSsl=true, "
            + "or the JDK's with ssl and registry.ssl). The server's certificate must be in the trust store that "
            + "BPFJMX_JAVA_OPTS names: -Djavax.net.ssl.trustStore=FILE -Djavax.net.ssl.trustStorePassword=...")
    boolean ssl;

    static final class Target {
        @Option(names = "--pid", paramLabel = "PID", description = "A JVM on this machine, as the same user: "
                + "Attach API and the local JMX connector, no port needed.")
        Long pid;

        @Option(names = "--url", paramLabel = "JMX_URL",
                description = "A JMX service URL, e.g. service:jmx:rmi:///jndi/rmi://host:9010/jmxrmi")
        String url;

        @Option(names = "--jolokia", paramLabel = "URL",
                description = "A Jolokia agent's URL, e.g. http://host:8778/jolokia/")
        String jolokia;
    }

    /** Connects, or says why not ({@link ExitCode#CANNOT_CONNECT}, or BAD_INPUT for a malformed URL). */
    Connection connect() {
        if (ssl && target.url == null) {
            throw CliException.badInput("--ssl is for --url", "for Jolokia over TLS give an https:// URL");
        }
        if (target.pid != null) {
            return connect(target.pid);
        }
        Map<String, Object> environment = new HashMap<>();
        String[] credentials = Credentials.resolve(user, passwordFile, passwordEnv);
        if (credentials != null) {
            environment.put(JMXConnector.CREDENTIALS, credentials);
        }
        if (target.url != null) {
            if (ssl) {
                // the registry lookup over TLS too, and no stub whose connection would not be TLS
                environment.put("com.sun.jndi.rmi.factory.socket", new SslRMIClientSocketFactory());
                environment.put("jmx.remote.x.check.stub", "true");
            }
            return open(serviceUrl(target.url, "--url"), environment, target.url, "is the JVM listening there "
                    + "(the agent's jmxPort, or -Dcom.sun.management.jmxremote.port)? Check host, port, --user and the "
                    + "password, and --ssl for a connector that speaks TLS");
        }
        if (target.jolokia.startsWith("https:")) {
            environment.put("jmx.remote.x.check.stub", "true"); // the adapter's switch to HTTPS on any port
        }
        return open(jolokiaServiceUrl(target.jolokia), environment, target.jolokia, "is a Jolokia agent listening "
                + "there (-javaagent:jolokia-agent-jvm-javaagent.jar=port=...)? Check the URL, --user and the "
                + "password");
    }

    /** The local JMX connector of a JVM on this machine, by PID. */
    static Connection connect(long pid) {
        String address = LocalJvm.localConnectorAddress(pid);
        return open(serviceUrl(address, "--pid"), Map.of(), "JVM " + pid, "check that the JVM still runs");
    }

    private static Connection open(JMXServiceURL url, Map<String, ?> environment, String what, String hint) {
        try {
            return new Connection(JMXConnectorFactory.connect(url, environment));
        } catch (IOException | SecurityException | UncheckedJmxAdapterException e) {
            SSLException tls = tlsFailure(e);
            if (tls != null) {
                throw new CliException(ExitCode.CANNOT_CONNECT, "cannot connect to " + what + " over TLS: "
                        + tls.getMessage(), "the server's certificate must be in the trust store: "
                        + "BPFJMX_JAVA_OPTS='-Djavax.net.ssl.trustStore=FILE -Djavax.net.ssl.trustStorePassword=...'",
                        null, e);
            }
            throw new CliException(ExitCode.CANNOT_CONNECT, "cannot connect to " + what + ": " + reason(e), hint,
                    null, e);
        }
    }

    /** The TLS failure down the causes (an untrusted certificate, say), which the first message hides; or null. */
    private static SSLException tlsFailure(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SSLException tls) {
                return tls;
            }
        }
        return null;
    }

    /** The first message down the causes (the JDK's HTTP client has none for a refused connection), one line. */
    private static String reason(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause.getMessage() != null && !cause.getMessage().isBlank()) {
                return cause.getMessage().lines().findFirst().orElse("");
            }
        }
        return e.getClass().getSimpleName();
    }

    private static JMXServiceURL serviceUrl(String url, String option) {
        try {
            return new JMXServiceURL(url);
        } catch (MalformedURLException e) {
            throw CliException.badInput(option + " " + url + " is not a JMX service URL: " + e.getMessage(),
                    "write it like service:jmx:rmi:///jndi/rmi://host:9010/jmxrmi");
        }
    }

    /** {@code http://host:8778/jolokia/} as the adapter's {@code service:jmx:jolokia://host:8778/jolokia/}. */
    static JMXServiceURL jolokiaServiceUrl(String url) {
        try {
            URI uri = new URI(url);
            boolean https = "https".equals(uri.getScheme());
            if (!https && !"http".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new URISyntaxException(url, "expected http://host:port/path or https://...");
            }
            int port = uri.getPort() != -1 ? uri.getPort() : https ? 443 : 80;
            String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/jolokia" : uri.getRawPath();
            return new JMXServiceURL("jolokia", uri.getHost(), port, path);
        } catch (URISyntaxException | MalformedURLException e) {
            throw CliException.badInput("--jolokia " + url + " is not a Jolokia URL: " + e.getMessage(),
                    "write it like http://host:8778/jolokia/");
        }
    }
}
