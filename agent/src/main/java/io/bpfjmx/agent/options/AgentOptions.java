package io.bpfjmx.agent.options;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The agent's options, the same for {@code -javaagent:bpfjmx-agent.jar=OPTIONS} and for attaching by PID:
 * comma-separated {@code key=value} pairs, e.g. {@code object=/opt/x.bpf.o,attach=false,prometheusPort=9464}.
 * A comma or backslash inside a value is written {@code \,} or {@code \\}. Repeatable options ({@code object})
 * may be given several times; lists inside a value ({@code writableMaps}) are separated by colons, which no map
 * name contains. An unknown key or a malformed value is reported by name, when the options are parsed.
 *
 * <p>The options there are, with their kinds and defaults, are {@link AgentOption}'s constants.
 */
public final class AgentOptions {
    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m)");
    private static final Pattern SIZE = Pattern.compile("(\\d{1,9})(KB|MB|GB)?");

    /** Each given option's values, as given (checked); a non-repeatable one has one. */
    private final Map<AgentOption, List<String>> given = new EnumMap<>(AgentOption.class);

    private AgentOptions() {}

    /** Every option, {@code key=<value> (...)}, for the messages that refuse one. */
    public static String help() {
        return Arrays.stream(AgentOption.values()).map(AgentOption::help).collect(Collectors.joining("; "));
    }

    /**
     * @throws IllegalArgumentException naming the option that is unknown or malformed, with the list of options
     */
    public static AgentOptions parse(String text) {
        AgentOptions options = new AgentOptions();
        if (text == null || text.isBlank()) {
            return options;
        }
        for (String pair : pairs(text)) {
            if (pair.isBlank()) {
                continue;
            }
            int equals = pair.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException("agent option '" + pair.strip() + "' is not key=value; options: "
                        + help());
            }
            String key = pair.substring(0, equals).strip();
            String value = pair.substring(equals + 1).strip();
            AgentOption option = AgentOption.byKey(key);
            if (option == null) {
                throw new IllegalArgumentException("unknown agent option '" + key + "'; options: " + help());
            }
            if (value.isEmpty()) {
                throw new IllegalArgumentException("agent option '" + key + "' has no value; options: " + help());
            }
            check(option, value);
            List<String> values = options.given.computeIfAbsent(option, o -> new ArrayList<>());
            if (!option.repeatable()) {
                values.clear(); // the last one given wins, as on a command line
            }
            values.add(value);
        }
        return options;
    }

    /** The pairs between unescaped commas, with {@code \,} and {@code \\} unescaped. */
    private static List<String> pairs(String text) {
        List<String> pairs = new ArrayList<>();
        StringBuilder pair = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length() && (text.charAt(i + 1) == ',' || text.charAt(i + 1) == '\\')) {
                pair.append(text.charAt(++i));
            } else if (c == ',') {
                pairs.add(pair.toString());
                pair.setLength(0);
            } else {
                pair.append(c);
            }
        }
        pairs.add(pair.toString());
        return pairs;
    }

    private static void check(AgentOption option, String value) {
        switch (option.kind()) {
            case BOOLEAN -> bool(option.key(), value);
            case PORT -> port(option.key(), value);
            case NAMES -> names(option.key(), value);
            case POSITIVE -> positive(option.key(), value);
            case DURATION -> duration(option.key(), value);
            case SIZE -> size(option.key(), value);
            case MAP -> MapSpec.parse(option.key(), value);
            case EXPORTS -> ExportRequest.parseAll(option.key(), value);
            case PATH, TEXT -> { } // any non-empty text
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

    private static int port(String key, String value) {
        try {
            int port = Integer.parseInt(value);
            if (port > 0 && port < 65536) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("agent option '" + key + "' is '" + value + "'; expected a port from 1 "
                + "to 65535");
    }

    private static List<String> names(String key, String value) {
        List<String> names = Arrays.stream(value.split(":")).map(String::strip).filter(n -> !n.isEmpty()).toList();
        if (names.isEmpty()) {
            throw new IllegalArgumentException("agent option '" + key + "' is '" + value + "', which names no map; "
                    + "expected map names separated by colons, e.g. " + key + "=hash_map:.data");
        }
        return names;
    }

    private static int positive(String key, String value) {
        try {
            int number = Integer.parseInt(value);
            if (number > 0) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("agent option '" + key + "' is '" + value + "'; expected a whole number "
                + "of at least 1");
    }

    private static Duration duration(String key, String value) {
        Matcher matcher = DURATION.matcher(value);
        if (matcher.matches() && Long.parseLong(matcher.group(1)) > 0) {
            long amount = Long.parseLong(matcher.group(1));
            return switch (matcher.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                default -> Duration.ofMinutes(amount);
            };
        }
        throw new IllegalArgumentException("agent option '" + key + "' is '" + value + "'; expected a duration "
                + "above 0 with its unit ms, s or m, e.g. 10s");
    }

    private static long size(String key, String value) {
        Matcher matcher = SIZE.matcher(value.toUpperCase(Locale.ROOT));
        if (matcher.matches() && Long.parseLong(matcher.group(1)) > 0) {
            int shift = matcher.group(2) == null ? 0 : switch (matcher.group(2)) {
                case "KB" -> 10;
                case "MB" -> 20;
                default -> 30;
            };
            return Long.parseLong(matcher.group(1)) << shift;
        }
        throw new IllegalArgumentException("agent option '" + key + "' is '" + value + "'; expected a size above 0 "
                + "in bytes, alone or with the unit KB, MB or GB, e.g. 50MB");
    }

    /** The value given, or the option's default (null when it has none). For a repeatable option, the last one. */
    private String text(AgentOption option) {
        List<String> values = given.get(option);
        return values == null ? option.defaultValue() : values.get(values.size() - 1);
    }

    /** Whether the option was given, as opposed to left at its default. */
    public boolean isGiven(AgentOption option) {
        return given.containsKey(option);
    }

    /** Every value given of a repeatable option, in order; empty when it was not given. */
    public List<String> all(AgentOption option) {
        return List.copyOf(given.getOrDefault(option, List.of()));
    }

    public boolean bool(AgentOption option) {
        return bool(option.key(), text(option));
    }

    /** 0 when the option is not given and has no default. */
    public int number(AgentOption option) {
        String text = text(option);
        if (text == null) {
            return 0;
        }
        return option.kind() == AgentOption.Kind.PORT ? port(option.key(), text) : positive(option.key(), text);
    }

    /** null when the option is not given and has no default. */
    public String string(AgentOption option) {
        return text(option);
    }

    /** null when the option is not given and has no default. */
    public Path path(AgentOption option) {
        String text = text(option);
        return text == null ? null : Path.of(text);
    }

    /** null when the option is not given and has no default. */
    public Duration duration(AgentOption option) {
        String text = text(option);
        return text == null ? null : duration(option.key(), text);
    }

    /** A size in bytes; 0 when the option is not given and has no default. */
    public long size(AgentOption option) {
        String text = text(option);
        return text == null ? 0 : size(option.key(), text);
    }

    /** null when the option is not given and has no default. */
    public List<String> names(AgentOption option) {
        String text = text(option);
        return text == null ? null : names(option.key(), text);
    }

    /** The objects to load, as absolute paths. */
    public List<Path> objects() {
        return all(AgentOption.OBJECT).stream().map(p -> Path.of(p).toAbsolutePath().normalize()).toList();
    }

    public boolean attach() {
        return bool(AgentOption.ATTACH);
    }

    /** The libbpf to load, or null for the system's {@code libbpf.so.1}. */
    public Path libbpf() {
        return path(AgentOption.LIBBPF);
    }

    public boolean readOnly() {
        return bool(AgentOption.READ_ONLY);
    }

    /** The maps that may be written (names as the Maps attribute shows them, or .data/.bss), or null for all. */
    public List<String> writableMaps() {
        return names(AgentOption.WRITABLE_MAPS);
    }

    /** Whether writes go to the audit log (notifications are sent to listeners either way). */
    public boolean audit() {
        return bool(AgentOption.AUDIT);
    }

    /** Whether the audit shows the values written, or only keys, flags and outcomes. */
    public boolean auditValues() {
        return bool(AgentOption.AUDIT_VALUES);
    }

    /** The file the audit is written to, as an absolute path; null when it goes to java.util.logging. */
    public Path auditFile() {
        Path file = path(AgentOption.AUDIT_FILE);
        return file == null ? null : file.toAbsolutePath().normalize();
    }

    /** The audit file's size, in bytes, at which it rotates. */
    public long auditFileSize() {
        return size(AgentOption.AUDIT_FILE_SIZE);
    }

    /** How many audit files are kept: the current one and the rotated ones. */
    public int auditFileCount() {
        return number(AgentOption.AUDIT_FILE_COUNT);
    }

    public boolean failOnError() {
        return bool(AgentOption.FAIL_ON_ERROR);
    }

    /** 0 when the Prometheus endpoint is off. */
    public int prometheusPort() {
        return number(AgentOption.PROMETHEUS_PORT);
    }

    public String prometheusHost() {
        return string(AgentOption.PROMETHEUS_HOST);
    }

    /** The maps the JVM did not load that the agent is to open, in the order given; empty unless given. */
    public List<MapSpec> maps() {
        return all(AgentOption.MAP).stream().map(value -> MapSpec.parse(AgentOption.MAP.key(), value)).toList();
    }

    /** Whether the agent shows the host's maps and programs (the BpfSystem MBean). */
    public boolean system() {
        return bool(AgentOption.SYSTEM);
    }

    /** The folder of the BPF file system where objects' maps are pinned and reused, or null to pin nothing. */
    public Path pinMaps() {
        Path folder = path(AgentOption.PIN_MAPS);
        return folder == null ? null : folder.toAbsolutePath().normalize();
    }

    /** The maps whose entries become meters, with their settings; empty unless given. */
    public List<ExportRequest> exports() {
        String text = text(AgentOption.EXPORT);
        return text == null ? List.of() : ExportRequest.parseAll(AgentOption.EXPORT.key(), text);
    }

    /** How often each exported map is read. */
    public Duration exportInterval() {
        return duration(AgentOption.EXPORT_INTERVAL);
    }

    /** The series of one exported map at most. */
    public int exportLimit() {
        return number(AgentOption.EXPORT_LIMIT);
    }

    /** null unless given. Only the agent's JNA unpacks there; jna.tmpdir stays the host's. */
    public Path jnaTmpDir() {
        return path(AgentOption.JNA_TMP_DIR);
    }

    /** 0 when bpfjmx's own JMX connector is off. */
    public int jmxPort() {
        return number(AgentOption.JMX_PORT);
    }

    public String jmxHost() {
        return string(AgentOption.JMX_HOST);
    }

    /** null unless given. */
    public Path jmxPasswordFile() {
        return path(AgentOption.JMX_PASSWORD_FILE);
    }

    /** null unless given. */
    public Path jmxAccessFile() {
        return path(AgentOption.JMX_ACCESS_FILE);
    }

    public boolean jmxSsl() {
        return bool(AgentOption.JMX_SSL);
    }

    /** null unless given: the JVM's javax.net.ssl.keyStore is used then. */
    public Path jmxKeyStore() {
        return path(AgentOption.JMX_KEY_STORE);
    }

    /** null unless given. */
    public Path jmxKeyStorePasswordFile() {
        return path(AgentOption.JMX_KEY_STORE_PASSWORD_FILE);
    }
}
