package io.bpfjmx.agent.export;

import io.bpfjmx.libbpf.ValueLayout;
import io.bpfjmx.libbpf.btf.JsonShape;
import io.bpfjmx.libbpf.btf.MapCodec;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A map's value as numbers, one per numeric field of its BTF type (a nested struct's fields by their path,
 * {@code range.lo}), or the value itself when it is one number. Numeric: ints of up to 64 bits (bitfields, pointers
 * and bools among them, a bool as 0 or 1) and floats. Other fields are no numbers and are left out: {@code char}
 * arrays and other arrays, enums (whose value is a name), 128-bit ints.
 *
 * <p>A per-CPU map's values are summed over its possible CPUs, or kept one per CPU when asked. A map without BTF
 * has a value of 4 or 8 bytes read as an unsigned little-endian number, or is not exported.
 *
 * <p>Numbers become doubles, as every Micrometer meter reads them: an int above 2^53 loses its last digits.
 */
final class ValueFields {
    /** A numeric field: its {@code field} tag and its path in the decoded value (empty: the value itself). */
    private record Leaf(String tag, List<String> path) {}

    private final MapCodec codec;
    private final ValueLayout layout;
    private final boolean byCpu;
    /** null for a value without BTF */
    private final List<Leaf> leaves;
    private final List<String> names;

    private ValueFields(MapCodec codec, ValueLayout layout, boolean byCpu, List<Leaf> leaves) {
        this.codec = codec;
        this.layout = layout;
        this.byCpu = byCpu && layout.isPerCpu();
        this.leaves = leaves;
        this.names = leaves == null ? List.of("") : leaves.stream().map(Leaf::tag).toList();
    }

    /**
     * @param byCpu one number per possible CPU (for a per-CPU map), else their sum
     * @throws NotExportableException when the value holds no number: no numeric field, or no BTF and a size other
     *                                than 4 or 8 bytes
     */
    static ValueFields of(MapCodec codec, ValueLayout layout, boolean byCpu) {
        if (!codec.isTyped()) {
            if (layout.valueSize() != Integer.BYTES && layout.valueSize() != Long.BYTES) {
                throw new NotExportableException("it has no BTF to tell the fields of its " + layout.valueSize()
                        + "-byte value, and only a value of 4 or 8 bytes is read without it (as one unsigned "
                        + "number); build the object with clang -g and declare the map with __type(value, …)");
            }
            return new ValueFields(codec, layout, byCpu, null);
        }
        JsonShape shape = codec.valueShape();
        List<Leaf> leaves = new ArrayList<>();
        collect(shape, List.of(), leaves);
        if (leaves.isEmpty()) {
            throw new NotExportableException("its value, " + shape.cType() + ", has no numeric field (only ints, "
                    + "bools and floats are; char arrays, other arrays, enums and 128-bit ints are not)");
        }
        return new ValueFields(codec, layout, byCpu, List.copyOf(leaves));
    }

    /** Whether the series carry a {@code field} tag: the value is a struct, not one number. */
    boolean named() {
        return leaves != null && !(leaves.size() == 1 && leaves.get(0).path.isEmpty());
    }

    /** The {@code field} tags, in the order of each CPU's numbers in {@link #read}. */
    List<String> names() {
        return names;
    }

    /** 1 when summed (or not per-CPU), else the possible CPUs, each a {@code cpu} tag. */
    int cpus() {
        return byCpu ? layout.slots() : 1;
    }

    boolean byCpu() {
        return byCpu;
    }

    /** Series of one entry: one per field and, when kept apart, per CPU. */
    int seriesPerEntry() {
        return names().size() * cpus();
    }

    /** The numbers of one value buffer: per CPU (when kept apart) the fields in order. */
    double[] read(byte[] buffer) {
        int fields = names.size();
        double[] numbers = new double[fields * cpus()];
        if (leaves == null) {
            for (int cpu = 0; cpu < layout.slots(); cpu++) {
                numbers[byCpu ? cpu : 0] += unsigned(buffer, cpu * layout.slotSize());
            }
            return numbers;
        }
        Object decoded = codec.decodeValue(buffer);
        if (!layout.isPerCpu()) {
            add(decoded, numbers, 0);
            return numbers;
        }
        List<?> slots = (List<?>) decoded;
        for (int cpu = 0; cpu < slots.size(); cpu++) {
            add(((Map<?, ?>) slots.get(cpu)).get("value"), numbers, byCpu ? cpu * fields : 0);
        }
        return numbers;
    }

    private void add(Object value, double[] numbers, int at) {
        for (int f = 0; f < leaves.size(); f++) {
            Object member = value;
            for (String name : leaves.get(f).path) {
                member = ((Map<?, ?>) member).get(name);
            }
            numbers[at + f] += number(member);
        }
    }

    private double unsigned(byte[] buffer, int offset) {
        ByteBuffer bytes = ByteBuffer.wrap(buffer, offset, layout.valueSize()).order(ByteOrder.LITTLE_ENDIAN);
        if (layout.valueSize() == Integer.BYTES) {
            return Integer.toUnsignedLong(bytes.getInt());
        }
        long value = bytes.getLong();
        return value >= 0 ? value : value + 0x1p64; // unsigned: 2^64 above what the signed long says
    }

    private static void collect(JsonShape shape, List<String> path, List<Leaf> leaves) {
        if (shape instanceof JsonShape.Fields fields) {
            for (JsonShape.Field field : fields.fields()) {
                List<String> inner = new ArrayList<>(path);
                inner.add(field.name());
                collect(field.shape(), inner, leaves);
            }
        } else if (((JsonShape.Scalar) shape).kind() != JsonShape.Scalar.Kind.TEXT) {
            leaves.add(new Leaf(String.join(".", path), List.copyOf(path)));
        }
    }

    /** A decoded numeric scalar: a number, a bool, or a float's NaN or infinity, which decode as text. */
    private static double number(Object member) {
        if (member instanceof Number number) {
            return number.doubleValue();
        }
        if (member instanceof Boolean bool) {
            return bool ? 1 : 0;
        }
        return Double.parseDouble((String) member);
    }
}
