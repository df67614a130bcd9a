package io.bpfjmx.agent;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The agent's options, the same for {@code -javaagent:bpfjmx-agent.jar=OPTIONS} and for attaching by PID:
 * comma-separated {@code key=value} pairs, e.g. {@code object=/opt/x.bpf.o,attach=false,prometheusPort=9464}.
 * {@code object} may be repeated. An unknown key or a malformed pair is reported by name.
 */
public final class AgentOptions {
    /** Each option: how to apply it, and its line of help (shown when an option is wrong). */
    private static final Map<String, BiConsumer<AgentOptions, String>> OPTIONS = Map.of(
            "object", (o, v) -> o.objects.add(Path.of(v).toAbsolutePath().normalize()),
            "attach", (o, v) -> o.attach = bool("attach", v),
            "libbpf", (o, v) -> o.libbpf = Path.of(v),
            "readOnly", (o, v) -> o.readOnly = bool("readOnly", v),
            "failOnError", (o, v) -> o.failOnError = bool("failOnError", v),
            "prometheusPort", (o, v) -> o.prometheusPort = port(v),
            "prometheusHost", (o, v) -> o.prometheusHost = v,
            "jnaTmpDir", (o, v) -> o.jnaTmpDir = Path.of(v));
    static final String HELP = "object=<path.bpf.o> (repeatable), attach=true|false (attach programs, default true), "
            + "libbpf=<path of libbpf.so.1>, readOnly=true|false, failOnError=true|false (default false), "
            + "prometheusPort=<port> (default off), prometheusHost=<address> (default 127.0.0.1), "
            + "jnaTmpDir=<dir> (where JNA unpacks its native part; for noexec /tmp)";

    private final List<Path> objects = new ArrayList<>();
    private boolean attach = true;
    private Path libbpf;
    private boolean readOnly;
    private boolean failOnError;
    private int prometheusPort;
    private String prometheusHost = "127.0.0.1";
    private Path jnaTmpDir;

    private AgentOptions() {}

    /**
     * @throws IllegalArgumentException naming the option that is unknown or malformed, with the list of options
     */
    public static AgentOptions parse(String text) {
        AgentOptions options = new AgentOptions();
        if (text == null || text.isBlank()) {
            return options;
        }
        for (String pair : text.split(",")) {
            if (pair.isBlank()) {
                continue;
            }
            int equals = pair.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException("agent option '" + pair.strip() + "' is not key=value; options: "
                        + HELP);
            }
            String key = pair.substring(0, equals).strip();
            String value = pair.substring(equals + 1).strip();
            BiConsumer<AgentOptions, String> option = OPTIONS.get(key);
            if (option == null) {
                throw new IllegalArgumentException("unknown agent option '" + key + "'; options: " + HELP);
            }
            if (value.isEmpty()) {
                throw new IllegalArgumentException("agent option '" + key + "' has no value; options: " + HELP);
            }
            option.accept(options, value);
        }
        return options;
    }

    private static boolean bool(String key, String value) {
        switch (value.toLowerCase(Locale.ROOT)) {
            case "true": return true;
            case "false": return false;
            default:
                throw new IllegalArgumentException("agent option '" + key + "' is '" + value
                        + "'; expected true or false");
        }
    }

    private static int port(String value) {
        try {
            int port = Integer.parseInt(value);
            if (port > 0 && port < 65536) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("agent option 'prometheusPort' is '" + value + "'; expected a port from 1 "
                + "to 65535");
    }

    public List<Path> objects() {
        return List.copyOf(objects);
    }

    public boolean attach() {
        return attach;
    }

    /** The libbpf to load, or null for the system's {@code libbpf.so.1}. */
    public Path libbpf() {
        return libbpf;
    }

    public boolean readOnly() {
        return readOnly;
    }

    public boolean failOnError() {
        return failOnError;
    }

    /** 0 when the Prometheus endpoint is off. */
    public int prometheusPort() {
        return prometheusPort;
    }

    public String prometheusHost() {
        return prometheusHost;
    }

    /** null unless given. */
    public Path jnaTmpDir() {
        return jnaTmpDir;
    }
}
