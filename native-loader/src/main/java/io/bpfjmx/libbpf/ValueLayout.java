package io.bpfjmx.libbpf;

import java.util.ArrayList;
import java.util.List;

/**
 * How a map's values are laid out in the buffers libbpf exchanges with the kernel.
 *
 * <p>Plain maps: exactly {@code value_size} bytes. Per-CPU maps: one slot per possible CPU, each slot
 * {@code round_up(value_size, 8)} bytes, so the buffer is {@code round_up(value_size, 8) × possible CPUs}
 * bytes. For an update, a per-CPU map also takes a single {@code value_size} value, copied into every CPU's slot
 * with zero padding (as bpftool does): this kernel cannot write one CPU's slot alone.
 */
public final class ValueLayout {
    private final String mapName;
    private final int valueSize;
    private final boolean perCpu;
    private final int cpus;
    private final int slotSize;

    static ValueLayout of(String mapName, int typeNumber, int valueSize) {
        boolean perCpu = MapType.of(typeNumber).isPerCpu();
        return new ValueLayout(mapName, valueSize, perCpu, perCpu ? PossibleCpus.count() : 1);
    }

    ValueLayout(String mapName, int valueSize, boolean perCpu, int possibleCpus) {
        this.mapName = mapName;
        this.valueSize = valueSize;
        this.perCpu = perCpu;
        this.cpus = perCpu ? possibleCpus : 1;
        this.slotSize = perCpu ? roundUp8(valueSize) : valueSize;
    }

    private static int roundUp8(int size) {
        return (size + 7) & ~7;
    }

    public boolean isPerCpu() {
        return perCpu;
    }

    /** The map's value size: what one CPU's value holds, padding excluded. */
    public int valueSize() {
        return valueSize;
    }

    /** Bytes of one CPU's slot: {@code round_up(value_size, 8)} for per-CPU maps, else the value size. */
    public int slotSize() {
        return slotSize;
    }

    /** Bytes of the whole value buffer a lookup returns and a full-layout update takes. */
    public int bufferSize() {
        return slotSize * cpus;
    }

    /** The value slots a lookup returns: one per possible CPU (per-CPU maps) or one. */
    public int slots() {
        return cpus;
    }

    /**
     * Checks an update's value and returns the buffer to send: the value itself when it has the full layout,
     * or, for a per-CPU map given one {@code value_size} value, that value copied into every CPU's slot.
     */
    byte[] toBuffer(byte[] value) {
        if (value.length == bufferSize()) {
            return value;
        }
        if (isPerCpu() && value.length == valueSize) {
            byte[] buffer = new byte[bufferSize()];
            for (int cpu = 0; cpu < cpus; cpu++) {
                System.arraycopy(value, 0, buffer, cpu * slotSize, valueSize);
            }
            return buffer;
        }
        throw new RejectedMapRequestException(RejectedMapRequestException.Reason.VALUE_SIZE,
                "value of " + value.length + " bytes for map '" + mapName + "': expected " + expectation());
    }

    /** What an update's value must be, in words, e.g. for error messages and MBean descriptions. */
    public String expectation() {
        if (!isPerCpu()) {
            return valueSize + " bytes (the map's value size)";
        }
        return valueSize + " bytes (one value, copied to each of the " + cpus + " possible CPUs) or " + bufferSize()
                + " bytes (per-CPU layout: round_up(" + valueSize + ", 8) = " + slotSize + " × " + cpus
                + " possible CPUs)";
    }

    /** Splits a lookup's buffer into each CPU's value, padding dropped. */
    public List<byte[]> perCpuValues(byte[] buffer) {
        if (buffer.length != bufferSize()) {
            throw new IllegalArgumentException("buffer of " + buffer.length + " bytes is not map '" + mapName
                    + "''s value buffer of " + bufferSize() + " bytes");
        }
        List<byte[]> values = new ArrayList<>(cpus);
        for (int cpu = 0; cpu < cpus; cpu++) {
            byte[] value = new byte[valueSize];
            System.arraycopy(buffer, cpu * slotSize, value, 0, valueSize);
            values.add(value);
        }
        return values;
    }
}
