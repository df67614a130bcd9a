package io.bpfjmx.agent;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The agent's options, the same for {@code -javaagent:bpfjmx-agent.jar=OPTIONS} and for attaching by PID:
 * comma-separated {@code key=value} pairs, e.g. {@code object=/opt/x.bpf.o,attach=false,prometheusPort=9464}.
 * {@code object} may be repeated; lists inside a value ({@code writableMaps}) are separated by colons, which no
 * map name contains. An unknown key or a malformed pair is reported by name.
 */
public final class AgentOptions {
    /**
     * The options there are. Applied by a switch ({@link #apply}) rather than a map of lambdas: this runs on the
     * JVM's start path, where each lambda costs the spinning of a class.
     */
    private static final Set<String> KEYS = Set.of("object", "attach", "libbpf", "readOnly", "writableMaps",
            "auditValues", "failOnError", "prometheusPort", "prometheusHost", "jnaTmpDir");
    static final String HELP = "object=<path.bpf.o> (repeatable), attach=true|false (attach programs, default true), "
            + "libbpf=<path of libbpf.so.1>, readOnly=true|false (refuse every write, default false), "
            + "writableMaps=<map>:<map>... (only these maps may be written; default all), "
            + "auditValues=true|false (write values into the audit log, default true), "
            + "failOnError=true|false (default false), "
            + "prometheusPort=<port> (default off), prometheusHost=<address> (default 127.0.0.1), "
            + "jnaTmpDir=<dir> (where the agent's JNA unpacks its native part, for a noexec /tmp; the host's own "
            + "JNA and its jna.tmpdir are left as they are)";

    private final List<Path> objects = new ArrayList<>();
    private boolean attach = true;
    private Path libbpf;
    private boolean readOnly;
    private List<String> writableMaps;
    private boolean auditValues = true;
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
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException("unknown agent option '" + key + "'; options: " + HELP);
            }
            if (value.isEmpty()) {
                throw new IllegalArgumentException("agent option '" + key + "' has no value; options: " + HELP);
            }
            options.apply(key, value);
        }
        return options;
    }

    private void apply(String key, String value) {
        switch (key) {
            case "object" -> objects.add(Path.of(value).toAbsolutePath().normalize());
            case "attach" -> attach = bool(key, value);
            case "libbpf" -> libbpf = Path.of(value);
            case "readOnly" -> readOnly = bool(key, value);
            case "writableMaps" -> writableMaps = mapNames(value);
            case "auditValues" -> auditValues = bool(key, value);
            case "failOnError" -> failOnError = bool(key, value);
            case "prometheusPort" -> prometheusPort = port(value);
            case "prometheusHost" -> prometheusHost = value;
            case "jnaTmpDir" -> jnaTmpDir = Path.of(value);
            default -> throw new IllegalStateException("agent option '" + key + "' is in KEYS but not applied");
        }
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

    private static List<String> mapNames(String value) {
        List<String> names = Arrays.stream(value.split(":")).map(String::strip).filter(n -> !n.isEmpty()).toList();
        if (names.isEmpty()) {
            throw new IllegalArgumentException("agent option 'writableMaps' is '" + value + "', which names no map; "
                    + "expected map names separated by colons, e.g. writableMaps=hash_map:.data");
        }
        return names;
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

    /** The maps that may be written (names as the Maps attribute shows them, or .data/.bss), or null for all. */
    public List<String> writableMaps() {
        return writableMaps;
    }

    /** Whether the audit log shows the values written, or only keys, flags and outcomes. */
    public boolean auditValues() {
        return auditValues;
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

    /** null unless given. Only the agent's JNA unpacks there ({@link AgentLibbpf}); jna.tmpdir stays the host's. */
    public Path jnaTmpDir() {
        return jnaTmpDir;
    }
}
