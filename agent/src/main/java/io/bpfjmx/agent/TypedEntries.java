package io.bpfjmx.agent;

import io.bpfjmx.libbpf.MapEntry;
import io.bpfjmx.libbpf.btf.JsonShape;
import io.bpfjmx.libbpf.btf.JsonTree;
import io.bpfjmx.libbpf.btf.MapCodec;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.management.openmbean.CompositeDataSupport;
import javax.management.openmbean.CompositeType;
import javax.management.openmbean.OpenDataException;
import javax.management.openmbean.OpenType;
import javax.management.openmbean.SimpleType;
import javax.management.openmbean.TabularDataSupport;
import javax.management.openmbean.TabularType;

/**
 * A typed map's entries as a JMX table built from its BTF, so that JConsole shows one column per field: the key's
 * fields (or {@code key}) then the value's fields (or {@code value}); for a per-CPU map, one column per CPU
 * ({@code cpu0}, {@code cpu1}, …). Nested structs are nested composites; arrays, enums and 128-bit ints are text.
 * Where a key field and a value field share a name, every column is prefixed {@code key.} or {@code value.}.
 */
final class TypedEntries {
    private final MapCodec codec;
    private final boolean perCpu;
    private final int cpus;
    private final TabularType type;
    private final List<String> keyItems = new ArrayList<>();
    private final List<String> valueItems = new ArrayList<>();

    TypedEntries(String mapName, MapCodec codec, boolean perCpu, int cpus) {
        this.codec = codec;
        this.perCpu = perCpu;
        this.cpus = cpus;
        JsonShape key = codec.keyShape();
        JsonShape value = codec.valueShape();
        boolean prefixed = !perCpu && clash(columnNames(key, "key"), columnNames(value, "value"));
        List<String> names = new ArrayList<>();
        List<String> descriptions = new ArrayList<>();
        List<OpenType<?>> types = new ArrayList<>();
        addColumns(key, "key", prefixed, names, descriptions, types, keyItems);
        if (perCpu) {
            for (int cpu = 0; cpu < cpus; cpu++) {
                names.add("cpu" + cpu);
                descriptions.add("CPU " + cpu + "'s value: " + value.cType());
                types.add(openType(value, mapName + ".value"));
                valueItems.add("cpu" + cpu);
            }
        } else {
            addColumns(value, "value", prefixed, names, descriptions, types, valueItems);
        }
        try {
            CompositeType row = new CompositeType(mapName + ".entry", "An entry of map " + mapName + ": "
                    + key.cType() + " → " + value.cType(), names.toArray(String[]::new),
                    descriptions.toArray(String[]::new), types.toArray(OpenType<?>[]::new));
            this.type = new TabularType(mapName + ".entries", "Entries of map " + mapName, row,
                    keyItems.toArray(String[]::new));
        } catch (OpenDataException e) {
            throw new IllegalStateException("the BTF types of map " + mapName + " make no JMX table: " + e, e);
        }
    }

    TabularDataSupport table(List<MapEntry> entries) {
        TabularDataSupport table = new TabularDataSupport(type);
        CompositeType row = type.getRowType();
        for (MapEntry entry : entries) {
            Object[] values = new Object[keyItems.size() + valueItems.size()];
            int i = fill(codec.decodeKey(entry.key()), codec.keyShape(), row, keyItems, values, 0);
            Object value = codec.decodeValue(entry.value());
            if (perCpu) {
                List<?> slots = (List<?>) value;
                for (int cpu = 0; cpu < cpus; cpu++) {
                    Object one = ((Map<?, ?>) slots.get(cpu)).get("value");
                    values[i] = openValue(one, codec.valueShape(), row.getType(valueItems.get(cpu)));
                    i++;
                }
            } else {
                fill(value, codec.valueShape(), row, valueItems, values, i);
            }
            List<String> items = new ArrayList<>(keyItems);
            items.addAll(valueItems);
            table.put(composite(row, items.toArray(String[]::new), values));
        }
        return table;
    }

    /** Puts a decoded key or value into the row's items from {@code at}; returns the next free index. */
    private static int fill(Object tree, JsonShape shape, CompositeType row, List<String> items, Object[] values,
                            int at) {
        if (shape instanceof JsonShape.Fields fields) {
            Map<?, ?> object = (Map<?, ?>) tree;
            for (int f = 0; f < fields.fields().size(); f++) {
                JsonShape.Field field = fields.fields().get(f);
                values[at + f] = openValue(object.get(field.name()), field.shape(), row.getType(items.get(f)));
            }
            return at + fields.fields().size();
        }
        values[at] = openValue(tree, shape, row.getType(items.get(0)));
        return at + 1;
    }

    private static void addColumns(JsonShape shape, String side, boolean prefixed, List<String> names,
                                   List<String> descriptions, List<OpenType<?>> types, List<String> items) {
        if (shape instanceof JsonShape.Fields fields) {
            for (JsonShape.Field field : fields.fields()) {
                String name = (prefixed ? side + "." : "") + itemName(field.name());
                names.add(name);
                descriptions.add(side + " field " + itemName(field.name()) + ": " + field.shape().cType());
                types.add(openType(field.shape(), name));
                items.add(name);
            }
        } else {
            names.add(side);
            descriptions.add(side + ": " + shape.cType());
            types.add(openType(shape, side));
            items.add(side);
        }
    }

    private static List<String> columnNames(JsonShape shape, String side) {
        return shape instanceof JsonShape.Fields fields
                ? fields.fields().stream().map(field -> itemName(field.name())).toList() : List.of(side);
    }

    private static boolean clash(List<String> keys, List<String> values) {
        Set<String> seen = new HashSet<>(keys);
        return values.stream().anyMatch(seen::contains);
    }

    /** An anonymous member that could not join its parent (one inside a union) has no name; JMX items need one. */
    private static String itemName(String field) {
        return field.isEmpty() ? "(anonymous)" : field;
    }

    private static OpenType<?> openType(JsonShape shape, String typeName) {
        if (shape instanceof JsonShape.Fields fields) {
            int count = fields.fields().size();
            String[] names = new String[count];
            String[] descriptions = new String[count];
            OpenType<?>[] types = new OpenType<?>[count];
            for (int f = 0; f < count; f++) {
                JsonShape.Field field = fields.fields().get(f);
                names[f] = itemName(field.name());
                descriptions[f] = field.shape().cType();
                types[f] = openType(field.shape(), typeName + "." + names[f]);
            }
            try {
                return new CompositeType(typeName, fields.cType(), names, descriptions, types);
            } catch (OpenDataException e) {
                throw new IllegalStateException(e);
            }
        }
        return switch (((JsonShape.Scalar) shape).kind()) {
            case INTEGER -> SimpleType.LONG;
            case UNSIGNED_64 -> SimpleType.BIGINTEGER;
            case BOOLEAN -> SimpleType.BOOLEAN;
            case REAL -> SimpleType.DOUBLE;
            case TEXT -> SimpleType.STRING;
        };
    }

    private static Object openValue(Object tree, JsonShape shape, OpenType<?> type) {
        if (shape instanceof JsonShape.Fields fields) {
            CompositeType composite = (CompositeType) type;
            Map<?, ?> object = (Map<?, ?>) tree;
            Object[] values = new Object[fields.fields().size()];
            String[] items = new String[values.length];
            for (int f = 0; f < values.length; f++) {
                JsonShape.Field field = fields.fields().get(f);
                items[f] = itemName(field.name());
                values[f] = openValue(object.get(field.name()), field.shape(), composite.getType(items[f]));
            }
            return composite(composite, items, values);
        }
        return switch (((JsonShape.Scalar) shape).kind()) {
            case INTEGER -> ((Number) tree).longValue();
            case UNSIGNED_64 -> tree instanceof BigInteger big ? big : BigInteger.valueOf(((Number) tree).longValue());
            case BOOLEAN -> tree instanceof Boolean bool ? bool : ((Number) tree).longValue() != 0;
            case REAL -> tree instanceof Number number ? number.doubleValue() : Double.parseDouble((String) tree);
            case TEXT -> tree instanceof String text ? text : JsonTree.write(tree);
        };
    }

    private static CompositeDataSupport composite(CompositeType type, String[] items, Object[] values) {
        try {
            return new CompositeDataSupport(type, items, values);
        } catch (OpenDataException e) {
            throw new IllegalStateException("bpfjmx built a row that does not fit its own type " + type.getTypeName(),
                    e);
        }
    }
}
