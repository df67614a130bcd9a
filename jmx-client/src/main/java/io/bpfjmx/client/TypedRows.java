package io.bpfjmx.client;

import io.bpfjmx.libbpf.btf.JsonTree;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.CompositeType;
import javax.management.openmbean.TabularData;

/**
 * Typed entries rebuilt from the {@code Entries} attribute of a map with BTF, for a JMX role that may read
 * attributes but not invoke the typed dump. The agent's rows have the key's fields (or {@code key}) as the table's
 * index, then the value's fields (or {@code value}; per-CPU maps {@code cpu0}, {@code cpu1}, …), prefixed
 * {@code key.}/{@code value.} where names clash; nested structs are composites; arrays, enums and 128-bit ints are
 * text. Open types keep no member order: rebuilt structs list their members in the order {@code KeyType} and
 * {@code ValueType} declare them (those of a struct declared elsewhere, e.g. {@code struct range}, by name); arrays
 * come back as lists, a {@code char[]} as its string, an enum without a name for its number as that number.
 *
 * <p>Jolokia's JMX adapter delivers such a table as a map: each row {@code {key: first index value, value: …}}, the
 * value nested once more per further index column, descriptions and index names lost. The rows are taken out of
 * that nesting; the key's columns are then the key struct's members as {@code KeyType} declares them, and the C
 * types come from {@code KeyType}/{@code ValueType} where the rows no longer carry them.
 */
final class TypedRows {
    /** A top-level item's description: {@code key field src: __u32}, {@code value: __s64}, {@code CPU 0's value: x}. */
    private static final Pattern TOP_DESCRIPTION = Pattern.compile("(?:(?:key|value)(?: field \\S*)?|CPU \\d+'s "
            + "value): (.*)", Pattern.DOTALL);
    private static final Pattern CPU_ITEM = Pattern.compile("cpu(\\d+)");
    private static final Pattern CHAR_ARRAY = Pattern.compile("((const|volatile) )*((un)?signed )?char(\\[\\d+\\])+");
    private static final Pattern INTEGER = Pattern.compile("-?[0-9]+");
    /** A member of a struct's declaration, one level in: {@code     __u16 port;}, {@code     char comm[16];}. */
    private static final Pattern MEMBER = Pattern.compile(" {4}([^ ].*?)\\b(\\w+)((?:\\[\\d+\\])*)(: \\d+)?;");

    /** Any member line of a declaration, at any depth, also an inline struct's or union's closing {@code } u;}. */
    private static final Pattern ANY_MEMBER = Pattern.compile("\\s+.*?\\b(\\w+)(?:\\[\\d+\\])*(?:: \\d+)?;");

    private TypedRows() {}

    /** Whether the table is the agent's typed form, not its hex rows (key, value, cpuValues). */
    static boolean isTyped(TabularData table) {
        List<CompositeData> rows = rows(table);
        CompositeType type = rows.isEmpty() ? table.getTabularType().getRowType() : rows.get(0).getCompositeType();
        return !type.containsKey("cpuValues");
    }

    /**
     * @throws CliException NOT_PERMITTED when the rows no longer say which of their columns make the key
     */
    static List<TypedEntry> entries(TabularData table, MapInfo map) {
        List<CompositeData> rows = rows(table);
        List<TypedEntry> entries = new ArrayList<>();
        if (rows.isEmpty()) {
            return entries;
        }
        List<String> keyItems = keyItems(table.getTabularType().getIndexNames(), rows.get(0).getCompositeType(), map);
        for (CompositeData row : rows) {
            CompositeType type = row.getCompositeType();
            Object key = side(row, keyItems, "key", map.keyType());
            if (map.perCpu()) {
                Map<Integer, Object> cpus = new TreeMap<>();
                for (String item : type.keySet()) {
                    Matcher cpu = CPU_ITEM.matcher(item);
                    if (cpu.matches() && !keyItems.contains(item)) {
                        cpus.put(Integer.parseInt(cpu.group(1)), tree(row.get(item), cType(type, item,
                                map.valueType()), declarationOrder(map.valueType())));
                    }
                }
                List<Object> values = new ArrayList<>();
                cpus.forEach((cpu, value) -> {
                    Map<String, Object> slot = new LinkedHashMap<>();
                    slot.put("cpu", (long) cpu);
                    slot.put("value", value);
                    values.add(slot);
                });
                entries.add(new TypedEntry(key, values, true));
            } else {
                List<String> valueItems = new ArrayList<>(type.keySet());
                valueItems.removeAll(keyItems);
                entries.add(new TypedEntry(key, side(row, valueItems, "value", map.valueType()), false));
            }
        }
        return entries;
    }

    /** The agent's rows, out of the map entries (and their nesting) that Jolokia's adapter makes of them. */
    private static List<CompositeData> rows(TabularData table) {
        List<CompositeData> rows = new ArrayList<>();
        for (CompositeData row : OpenRows.of(table)) {
            CompositeData inner = row;
            while (inner.getCompositeType().keySet().size() == 1) { // {"<next index value>": {…}}: rows have 2+ items
                Object only = inner.get(inner.getCompositeType().keySet().iterator().next());
                if (!(only instanceof CompositeData next)) {
                    break;
                }
                inner = next;
            }
            rows.add(inner);
        }
        return rows;
    }

    /** The columns of the key: the table's index, or (Jolokia) the key struct's members that the rows have. */
    private static List<String> keyItems(List<String> index, CompositeType row, MapInfo map) {
        if (row.keySet().containsAll(index)) {
            return index;
        }
        if (row.containsKey("key") && !map.keyType().contains("\n")) {
            return List.of("key");
        }
        List<String> members = new ArrayList<>(members(map.keyType()).keySet());
        for (String prefix : List.of("", "key.")) {
            List<String> items = members.stream().map(name -> prefix + name).toList();
            if (!items.isEmpty() && row.keySet().containsAll(items)) {
                return items;
            }
        }
        throw new CliException(ExitCode.NOT_PERMITTED, "your JMX role may not invoke the dump of " + map.qualifiedName()
                + ", and its Entries attribute, as the connector delivers it, no longer says which columns are the "
                + "key", "allow the dump operation for this user (Jolokia policy: <operation>dump*</operation>), or "
                + "connect with --url or --pid", null, null);
    }

    /** The key or the value from its items: one item named as the side is the whole of it, else a struct. */
    private static Object side(CompositeData row, List<String> items, String side, String sideType) {
        CompositeType type = row.getCompositeType();
        if (items.size() == 1 && items.get(0).equals(side)
                && !String.valueOf(type.getDescription(side)).startsWith(side + " field ")) {
            return tree(row.get(side), cType(type, side, sideType), declarationOrder(sideType));
        }
        Map<String, String> memberTypes = members(sideType);
        List<String> order = declarationOrder(sideType);
        Map<String, Object> struct = new LinkedHashMap<>();
        for (String item : ordered(items, order, side + ".")) {
            String member = item.startsWith(side + ".") ? item.substring(side.length() + 1) : item;
            struct.put(member.equals("(anonymous)") ? "" : member, tree(row.get(item), cType(type, item,
                    memberTypes.getOrDefault(member, "")), order));
        }
        return struct;
    }

    /** Every member name of a declaration in the order it declares them (nested and inline ones too). */
    private static List<String> declarationOrder(String declaration) {
        List<String> names = new ArrayList<>();
        Matcher member = ANY_MEMBER.matcher("");
        for (String line : declaration.split("\n")) {
            if (member.reset(line).matches() && !names.contains(member.group(1))) {
                names.add(member.group(1));
            }
        }
        return names;
    }

    /** Items in declaration order (open types keep none); those the declaration does not name after, by name. */
    private static List<String> ordered(Iterable<String> items, List<String> order, String prefix) {
        List<String> sorted = new ArrayList<>();
        items.forEach(sorted::add);
        sorted.sort(Comparator.comparingInt((String item) -> {
            int at = order.indexOf(item.startsWith(prefix) ? item.substring(prefix.length()) : item);
            return at < 0 ? Integer.MAX_VALUE : at;
        }));
        return sorted;
    }

    /** A struct's members one level in, by name, with their C types ({@code char[16]}), from its declaration. */
    private static Map<String, String> members(String declaration) {
        Map<String, String> members = new LinkedHashMap<>();
        Matcher member = MEMBER.matcher("");
        for (String line : declaration.split("\n")) {
            if (member.reset(line).matches()) {
                members.put(member.group(2), member.group(1).strip() + member.group(3));
            }
        }
        return members;
    }

    /**
     * The C type of an item, from its description: the agent's top-level {@code key field src: __u32}, or a nested
     * item's C type; {@code known} when the connector lost it (Jolokia describes an item by its name).
     */
    private static String cType(CompositeType type, String item, String known) {
        String description = type.getDescription(item);
        if (description == null || description.equals(item)) {
            return known;
        }
        Matcher top = TOP_DESCRIPTION.matcher(description);
        return top.matches() ? top.group(1) : description;
    }

    private static Object tree(Object open, String cType, List<String> order) {
        if (open instanceof CompositeData composite) {
            Map<String, Object> struct = new LinkedHashMap<>();
            for (String item : ordered(composite.getCompositeType().keySet(), order, "")) {
                struct.put(item.equals("(anonymous)") ? "" : item,
                        tree(composite.get(item), cType(composite.getCompositeType(), item, ""), order));
            }
            return struct;
        }
        if (open instanceof Double || open instanceof Float) {
            double real = ((Number) open).doubleValue();
            return Double.isFinite(real) ? open : Double.toString(real); // as the codec writes NaN and infinities
        }
        if (open instanceof String text) {
            return text(text, cType);
        }
        return open; // Long, BigInteger, Boolean
    }

    /** An array, enum or 128-bit int shown as text (or, from Jolokia, a key column as text): its JSON tree again. */
    private static Object text(String text, String cType) {
        boolean charArray = CHAR_ARRAY.matcher(cType).matches();
        if (text.startsWith("[")) {
            try {
                Object list = JsonTree.read(text);
                if (list instanceof List<?>) {
                    return list; // a char[] that is no string shows as the list of its bytes
                }
            } catch (IllegalArgumentException e) {
                // a char[] whose string starts with '['
            }
            return text;
        }
        if (!charArray && INTEGER.matcher(text).matches()) {
            BigInteger number = new BigInteger(text); // an enum value without a name
            return number.bitLength() < 64 ? (Object) number.longValue() : number;
        }
        return text;
    }
}
