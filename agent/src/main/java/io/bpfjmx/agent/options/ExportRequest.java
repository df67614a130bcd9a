package io.bpfjmx.agent.options;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One map of the agent option {@code export}, and how its entries become meters.
 *
 * <p>{@code export=<entry>[:<entry>…]}, each entry {@code <map>[/<setting>…]}: the map of that name in every object
 * loaded with the option (a name as the {@code Maps} attribute shows it, or a global's section: {@code .bss}).
 * Settings, in any order:
 * <ul>
 *   <li>{@code counter} or {@code gauge} (the default): what the values are to Prometheus and JMX;</li>
 *   <li>{@code cpu}: a per-CPU map's values one series per CPU, tagged {@code cpu}, instead of summed;</li>
 *   <li>{@code name=<meter name>}: the meter's name instead of {@value #GAUGE_NAME} (gauges) or
 *       {@value #COUNTER_NAME} (counters), which Prometheus shows as {@code bpf_map_value} and
 *       {@code bpf_map_counter_total};</li>
 *   <li>{@code key=<label>}: the tag of a key that is one value (not a struct), instead of {@value #KEY_LABEL};</li>
 *   <li>{@code object=<object>}: the map of that object only (the object's name: its file name up to the first
 *       dot).</li>
 * </ul>
 * A slash, a colon and a comma are in no map name, so none is taken for part of one (dots are: libbpf names the
 * globals of {@code fixtures.bpf.o} {@code fixtures.data}).
 *
 * @param object   the object whose map it is, or null for every object's
 * @param keyLabel the tag of a scalar key, or null for {@value #KEY_LABEL}
 */
public record ExportRequest(String map, String object, boolean counter, boolean byCpu, String meterName,
                            String keyLabel) {
    public static final String GAUGE_NAME = "bpf.map.value";
    public static final String COUNTER_NAME = "bpf.map.counter";
    public static final String KEY_LABEL = "key";
    /** Micrometer names that Prometheus shows as they are, once dots become underscores. */
    private static final Pattern METER_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.]*");
    /** Prometheus label names, without the {@code __} that Prometheus keeps for itself. */
    private static final Pattern LABEL = Pattern.compile("[A-Za-z][A-Za-z0-9_]*|_[A-Za-z0-9][A-Za-z0-9_]*");
    /** Suffixes that Prometheus gives a meaning (the client strips them from a gauge's name, or reads 1 for info). */
    private static final Pattern SUFFIX = Pattern.compile(".*[._](total|info|created|bucket)",
            Pattern.CASE_INSENSITIVE);
    /** The tags that every exported series may have besides its key's. */
    private static final Set<String> TAGS_OF_EVERY_SERIES = Set.of("object", "map", "field", "cpu");

    /** The meter's name: the one given, or the default of its kind. */
    public String meterName() {
        return meterName != null ? meterName : counter ? COUNTER_NAME : GAUGE_NAME;
    }

    /** The tag of a scalar key. */
    public String keyLabel() {
        return keyLabel != null ? keyLabel : KEY_LABEL;
    }

    /** Whether {@code keyLabel} was given, for the one log line when the key turns out to be a struct. */
    public boolean namesKeyLabel() {
        return keyLabel != null;
    }

    public boolean appliesTo(String objectName) {
        return object == null || object.equals(objectName);
    }

    /** The entry as it names its map: {@code map}, or {@code map/object=<object>}. */
    public String target() {
        return object == null ? map : map + "/object=" + object;
    }

    /**
     * The entries of the option's value, checked together: no map twice, and no meter name for both a counter and
     * a gauge (Prometheus takes one type per name).
     *
     * @throws IllegalArgumentException naming the entry and the setting that is wrong, and what is expected
     */
    static List<ExportRequest> parseAll(String option, String value) {
        List<ExportRequest> requests = new ArrayList<>();
        Set<String> targets = new HashSet<>();
        Map<String, ExportRequest> byMeterName = new HashMap<>();
        for (String text : value.split(":")) {
            if (text.isBlank()) {
                continue;
            }
            ExportRequest request = parse(option, text.strip());
            if (!targets.add(request.target())) {
                throw new IllegalArgumentException("agent option '" + option + "' names map '" + request.target()
                        + "' twice; give each map once, with all its settings");
            }
            ExportRequest sameName = byMeterName.putIfAbsent(request.meterName(), request);
            if (sameName != null && sameName.counter != request.counter) {
                ExportRequest counter = request.counter ? request : sameName;
                ExportRequest gauge = request.counter ? sameName : request;
                throw new IllegalArgumentException("agent option '" + option + "' makes meter '"
                        + request.meterName() + "' a counter for map '" + counter.target() + "' and a gauge for map '"
                        + gauge.target() + "'; Prometheus takes one type per name: give one of them another name, "
                        + "e.g. " + gauge.map + "/name=bpf." + gauge.map.replaceAll("[^A-Za-z0-9_]", ""));
            }
            requests.add(request);
        }
        if (requests.isEmpty()) {
            throw new IllegalArgumentException("agent option '" + option + "' is '" + value + "', which names no map; "
                    + "expected map names separated by colons, e.g. " + option + "=syscall_count_map/key=comm");
        }
        return requests;
    }

    private static ExportRequest parse(String option, String entry) {
        String[] parts = entry.split("/", -1);
        String map = parts[0].strip();
        if (map.isEmpty()) {
            throw new IllegalArgumentException("agent option '" + option + "': '" + entry + "' names no map; "
                    + "expected <map>, then /settings, e.g. syscall_count_map/counter");
        }
        String object = null;
        Boolean counter = null;
        boolean byCpu = false;
        String meterName = null;
        String keyLabel = null;
        for (int i = 1; i < parts.length; i++) {
            String setting = parts[i].strip();
            String where = "agent option '" + option + "': map '" + map + "' ";
            // counter, gauge and cpu stand alone; name, key and object take a value after '='
            switch (setting.contains("=") ? setting.substring(0, setting.indexOf('=') + 1) : setting) {
                case "counter", "gauge" -> {
                    boolean isCounter = setting.equals("counter");
                    if (counter != null && counter != isCounter) {
                        throw new IllegalArgumentException(where + "is said to be both a counter and a gauge; "
                                + "give one");
                    }
                    counter = isCounter;
                }
                case "cpu" -> byCpu = true;
                case "name=" -> meterName = meterName(where, setting.substring("name=".length()));
                case "key=" -> keyLabel = label(where, setting.substring("key=".length()));
                case "object=" -> object = objectName(where, setting.substring("object=".length()));
                default -> throw new IllegalArgumentException(where + "has the setting '" + setting + "', which is "
                        + "not one; expected counter, gauge, cpu, name=<meter name>, key=<label> or "
                        + "object=<object>, each after a slash, e.g. " + map + "/counter/key=comm");
            }
        }
        return new ExportRequest(map, object, counter != null && counter, byCpu, meterName, keyLabel);
    }

    private static String meterName(String where, String name) {
        if (!METER_NAME.matcher(name).matches() || SUFFIX.matcher(name).matches()
                || name.toLowerCase(Locale.ROOT).startsWith("bpfjmx.")) {
            throw new IllegalArgumentException(where + "has the meter name '" + name + "'; expected letters, digits, "
                    + "dots and underscores, starting with a letter, not ending in total, info, created or bucket "
                    + "(Prometheus gives them a meaning) and not starting with bpfjmx. (the agent's own meters), "
                    + "e.g. name=bpf.syscalls");
        }
        return name;
    }

    private static String objectName(String where, String object) {
        if (object.isEmpty() || object.contains(".")) {
            throw new IllegalArgumentException(where + "has the object name '" + object + "'; expected the object's "
                    + "name, its file name up to the first dot, e.g. object=log_syscalls for log_syscalls.bpf.o");
        }
        return object;
    }

    private static String label(String where, String label) {
        if (!LABEL.matcher(label).matches() || TAGS_OF_EVERY_SERIES.contains(label)) {
            throw new IllegalArgumentException(where + "has the key label '" + label + "'; expected letters, digits "
                    + "and underscores, starting with a letter or one underscore, and none of object, map, field, "
                    + "cpu (tags of their own), e.g. key=comm");
        }
        return label;
    }
}
