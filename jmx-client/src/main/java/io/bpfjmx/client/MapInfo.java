package io.bpfjmx.client;

import java.nio.ByteOrder;
import java.util.Map;
import java.util.regex.Pattern;
import javax.management.openmbean.CompositeData;

/**
 * A map's shape as the agent reports it: what the CLI needs to size keys and values and to show the map, and the C
 * types of its key and value from the map's BTF ({@code keyType}/{@code valueType}, empty without BTF), and the byte
 * order of its numbers (the target host's), in which {@code int:} is written and shown.
 */
record MapInfo(String object, String name, int id, String type, int keySize, int valueSize, int maxEntries,
        int flags, boolean perCpu, int valueBufferSize, int possibleCpus, boolean readOnly, String keyType,
        String valueType, ByteOrder byteOrder) {
    /** The attributes of {@code io.bpfjmx:type=BpfMap} that {@link #of(Map)} needs. */
    static final String[] ATTRIBUTES = {"Object", "Name", "Id", "Type", "KeySize", "ValueSize", "MaxEntries", "Flags",
        "PerCpu", "ValueBufferSize", "PossibleCpus", "ReadOnly"};
    /**
     * The attributes it reads when they are there: an agent older than typed values has no types, so no map is
     * typed; one older than {@code ByteOrder} is taken as little-endian, as x86-64 and arm64 hosts are.
     */
    static final String[] OPTIONAL_ATTRIBUTES = {"KeyType", "ValueType", "ByteOrder"};
    /** A C array of char, which the agent's codec takes as a string from any text that is not a JSON string or list. */
    private static final Pattern CHAR_ARRAY = Pattern.compile("((const|volatile) )*((un)?signed )?char\\[\\d+\\]");

    /** A map without BTF types, on a little-endian host (as the {@code Maps} table lists it, or as tests build it). */
    MapInfo(String object, String name, int id, String type, int keySize, int valueSize, int maxEntries, int flags,
            boolean perCpu, int valueBufferSize, int possibleCpus, boolean readOnly) {
        this(object, name, id, type, keySize, valueSize, maxEntries, flags, perCpu, valueBufferSize, possibleCpus,
                readOnly, "", "", ByteOrder.LITTLE_ENDIAN);
    }

    /** From the {@link #ATTRIBUTES} (and those of {@link #OPTIONAL_ATTRIBUTES} present) of the map's own MBean. */
    static MapInfo of(Map<String, Object> a) {
        return new MapInfo((String) a.get("Object"), (String) a.get("Name"), number(a.get("Id")),
                (String) a.get("Type"), number(a.get("KeySize")), number(a.get("ValueSize")),
                number(a.get("MaxEntries")), number(a.get("Flags")), (Boolean) a.get("PerCpu"),
                number(a.get("ValueBufferSize")), number(a.get("PossibleCpus")), (Boolean) a.get("ReadOnly"),
                text(a.get("KeyType")), text(a.get("ValueType")),
                "BIG_ENDIAN".equals(a.get("ByteOrder")) ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
    }

    /** From a row of the {@code Maps} attribute of {@code io.bpfjmx:type=BpfObject} (which has no C types). */
    static MapInfo of(String object, CompositeData row, int possibleCpus) {
        return new MapInfo(object, (String) row.get("name"), number(row.get("id")), (String) row.get("type"),
                number(row.get("keySize")), number(row.get("valueSize")), number(row.get("maxEntries")),
                number(row.get("flags")), (Boolean) row.get("perCpu"), number(row.get("valueBufferSize")),
                possibleCpus, (Boolean) row.get("readOnly"));
    }

    /** An int item, however the connector delivered it (Jolokia's JSON may turn it into a Long). */
    static int number(Object value) {
        return ((Number) value).intValue();
    }

    private static String text(Object value) {
        return value == null ? "" : value.toString();
    }

    /** {@code object/map}: how the CLI names a map unambiguously. */
    String qualifiedName() {
        return object + "/" + name;
    }

    /**
     * Whether the map has BTF types for its key (the agent's {@code KeyType}), so that a bare key or value is JSON
     * of those types; without, a bare argument is hex as it always was.
     */
    boolean typed() {
        return !keyType.isEmpty();
    }

    /** Whether the key is a {@code char[N]}: a bare word is then the string itself. */
    boolean keyIsCharArray() {
        return CHAR_ARRAY.matcher(keyType).matches();
    }

    /** Whether the value (one CPU's) is a {@code char[N]}. */
    boolean valueIsCharArray() {
        return CHAR_ARRAY.matcher(valueType).matches();
    }

    /** The key's type in one line, for messages: {@code __u32}, {@code char[16]}, {@code struct flow_key}. */
    String keyTypeName() {
        return shortType(keyType);
    }

    /** The value's type in one line (one CPU's value for per-CPU maps). */
    String valueTypeName() {
        return shortType(valueType);
    }

    /** A C declaration in one line: a struct's, union's or enum's definition by its name only. */
    static String shortType(String declaration) {
        if (!declaration.contains("\n")) {
            return declaration;
        }
        String first = declaration.lines().findFirst().orElse("").strip();
        if (first.startsWith("typedef ")) { // typedef struct {...} name
            String last = declaration.strip().lines().reduce((a, b) -> b).orElse("").strip();
            return last.replaceFirst("^}\\s*", "");
        }
        return first.replaceFirst("\\s*\\{$", "");
    }
}
