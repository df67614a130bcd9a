package io.bpfjmx.client;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.HashMap;
import java.util.Map;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import javax.net.ssl.SSLException;
import javax.rmi.ssl.SslRMIClientSocketFactory;
import org.jolokia.client.exception.UncheckedJmxAdapterException;

/**
 * One JVM to talk to: by PID on this machine, by JMX service URL, or by a Jolokia agent's URL. All three end in a
 * standard {@link JMXConnector}; Jolokia's comes from its {@code jolokia-client-jmx-adapter}, so the same client code
 * serves every target. A URL is checked when its target is made: bad input is refused before any target is touched.
 */
final class Target {
    private static final String FORMS = "write one target a line: a PID (4242), a JMX service URL "
            + "(service:jmx:rmi:///jndi/rmi://host:9010/jmxrmi) or a Jolokia URL (http://host:8778/jolokia/); # starts a "
            + "comment";

    private final String label;
    private final Long pid;
    private final JMXServiceURL url;
    private final boolean https;
    /** RMI over TLS, registry included ({@code --ssl}); for a JMX service URL only. */
    private final boolean tls;
    private final String hint;

    private Target(String label, Long pid, JMXServiceURL url, boolean https, boolean tls, String hint) {
        this.label = label;
        this.pid = pid;
        this.url = url;
        this.https = https;
        this.tls = tls;
        this.hint = hint;
    }

    static Target pid(long pid) {
        return new Target("pid " + pid, pid, null, false, false, "check that the JVM still runs");
    }

    /** {@code where} names the origin in messages: the option ({@code --url}) or a file's line. */
    static Target jmxUrl(String url, String where) {
        return new Target(url, null, serviceUrl(url, where), false, false, "is the JVM listening there "
                + "(the agent's jmxPort, or -Dcom.sun.management.jmxremote.port)? Check host, port, --user and the "
                + "password, and --ssl for a connector that speaks TLS");
    }

    /** Whether this is a JMX service URL (not a PID, not Jolokia). */
    boolean jmxUrl() {
        return url != null && !"jolokia".equals(url.getProtocol());
    }

    /** This target over TLS if it is a JMX service URL; a PID or Jolokia target as it is. */
    Target withTls() {
        return jmxUrl() ? new Target(label, null, url, false, true, hint) : this;
    }

    /** {@code where} names the origin in messages: the option ({@code --jolokia}) or a file's line. */
    static Target jolokia(String url, String where) {
        return new Target(url, null, jolokiaServiceUrl(url, where), url.startsWith("https:"), false, "is a Jolokia "
                + "agent listening there (-javaagent:jolokia-agent-jvm-javaagent.jar=port=...)? Check the URL, --user "
                + "and the password");
    }

    /** A target as a line of a targets file gives it: a PID, a {@code service:jmx:} URL or an http(s) URL. */
    static Target parse(String text, String where) {
        if (text.matches("[0-9]{1,18}")) {
            return pid(Long.parseLong(text));
        }
        if (text.startsWith("service:jmx:")) {
            return jmxUrl(text, where);
        }
        if (text.startsWith("http://") || text.startsWith("https://")) {
            return jolokia(text, where);
        }
        throw CliException.badInput(where + " " + text + " is not a target", FORMS);
    }

    /** How the output names this target: {@code pid 4242}, or the URL as given. */
    String label() {
        return label;
    }

    /** Whether this is a JVM on this machine, reached by PID: no credentials needed. */
    boolean local() {
        return pid != null;
    }

    /**
     * Connects, or says why not ({@link ExitCode#CANNOT_CONNECT}).
     *
     * @param credentials {@code {user, password}} for a URL target, or null; a PID target needs none
     */
    Connection connect(String[] credentials) {
        if (pid != null) {
            String address = LocalJvm.localConnectorAddress(pid);
            return open(serviceUrl(address, "--pid"), Map.of(), "JVM " + pid);
        }
        Map<String, Object> environment = new HashMap<>();
        if (credentials != null) {
            environment.put(JMXConnector.CREDENTIALS, credentials);
        }
        if (https) {
            environment.put("jmx.remote.x.check.stub", "true"); // the adapter's switch to HTTPS on any port
        }
        if (tls) {
            // the registry lookup over TLS too, and no stub whose connection would not be TLS
            environment.put("com.sun.jndi.rmi.factory.socket", new SslRMIClientSocketFactory());
            environment.put("jmx.remote.x.check.stub", "true");
        }
        return open(url, environment, label);
    }

    private Connection open(JMXServiceURL serviceUrl, Map<String, ?> environment, String what) {
        try {
            return new Connection(JMXConnectorFactory.connect(serviceUrl, environment));
        } catch (IOException | SecurityException | UncheckedJmxAdapterException e) {
            SSLException tlsFailure = tlsFailure(e);
            if (tlsFailure != null) {
                throw new CliException(ExitCode.CANNOT_CONNECT, "cannot connect to " + what + " over TLS: "
                        + tlsFailure.getMessage(), "the server's certificate must be in the trust store: "
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

    private static JMXServiceURL serviceUrl(String url, String where) {
        try {
            return new JMXServiceURL(url);
        } catch (MalformedURLException e) {
            throw CliException.badInput(where + " " + url + " is not a JMX service URL: " + e.getMessage(),
                    "write it like service:jmx:rmi:///jndi/rmi://host:9010/jmxrmi");
        }
    }

    /** {@code http://host:8778/jolokia/} as the adapter's {@code service:jmx:jolokia://host:8778/jolokia/}. */
    static JMXServiceURL jolokiaServiceUrl(String url, String where) {
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
            throw CliException.badInput(where + " " + url + " is not a Jolokia URL: " + e.getMessage(),
                    "write it like http://host:8778/jolokia/");
        }
    }
}
