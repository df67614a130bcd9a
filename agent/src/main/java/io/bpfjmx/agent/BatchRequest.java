package io.bpfjmx.agent;

import io.bpfjmx.libbpf.BatchUpdateException;
import io.bpfjmx.libbpf.BpfException;
import io.bpfjmx.libbpf.BpfMap;
import io.bpfjmx.libbpf.RejectedMapRequestException;
import io.bpfjmx.libbpf.ValueLayout;

/**
 * The elements of one {@code updateBatch}, from hex: each key and each value checked on its own against the map's
 * sizes, then joined back to back for the one system call. The check must be here, where the elements are still
 * apart: joined, a 3-byte key and a 5-byte key are two 4-byte keys, and no later check can tell.
 *
 * @param keys   the keys, back to back
 * @param values the values, back to back, all in one form (for a per-CPU map: all single values or all full layouts)
 * @param count  the number of elements
 */
record BatchRequest(byte[] keys, byte[] values, int count) {
    /** How native-loader's {@code BpfMap.updateBatch} says how far a failed batch got (its message's last line). */
    /**
     * @throws IllegalArgumentException for a batch of no elements, of more keys than values or the reverse, or of
     *                                  more elements than {@link CallBounds#perCall}; for an element's hex
     * @throws RejectedMapRequestException for an element of the wrong size ({@code key_size}, {@code value_size}),
     *                                     or per-CPU values in both forms ({@code batch_shape}); the first such
     *                                     element is named by its index
     */
    static BatchRequest of(BpfMap map, String[] keysHex, String[] valuesHex) {
        if (keysHex == null || valuesHex == null || keysHex.length != valuesHex.length || keysHex.length == 0) {
            throw new IllegalArgumentException("updateBatch takes as many values as keys, at least one: got "
                    + (keysHex == null ? 0 : keysHex.length) + " keys and "
                    + (valuesHex == null ? 0 : valuesHex.length) + " values");
        }
        int count = keysHex.length;
        CallBounds.checkBatch(map, count);
        int keySize = map.keySize();
        byte[] keys = new byte[count * keySize];
        for (int i = 0; i < count; i++) {
            byte[] key = Hex.parse(keysHex[i], "keysHex[" + i + "]", keySize);
            if (key.length != keySize) {
                throw new RejectedMapRequestException(RejectedMapRequestException.Reason.KEY_SIZE, "keysHex[" + i
                        + "]: key of " + key.length + " bytes for map '" + map.name() + "': expected " + keySize
                        + " bytes (the map's key size); pad or trim the key to " + keySize + " bytes");
            }
            System.arraycopy(key, 0, keys, i * keySize, keySize);
        }
        return new BatchRequest(keys, values(map, valuesHex), count);
    }

    private static byte[] values(BpfMap map, String[] valuesHex) {
        ValueLayout layout = map.layout();
        byte[] first = null;
        byte[] values = null;
        for (int i = 0; i < valuesHex.length; i++) {
            byte[] value = Hex.parse(valuesHex[i], "valuesHex[" + i + "]", layout.bufferSize());
            boolean full = value.length == layout.bufferSize();
            if (!full && !(layout.isPerCpu() && value.length == layout.valueSize())) {
                throw new RejectedMapRequestException(RejectedMapRequestException.Reason.VALUE_SIZE, "valuesHex[" + i
                        + "]: value of " + value.length + " bytes for map '" + map.name() + "': expected "
                        + layout.expectation());
            }
            if (first == null) {
                first = value;
                values = new byte[valuesHex.length * value.length];
            } else if (value.length != first.length) {
                throw new RejectedMapRequestException(RejectedMapRequestException.Reason.BATCH_SHAPE, "valuesHex[" + i
                        + "]: value of " + value.length + " bytes for map '" + map.name() + "' is " + form(full)
                        + ", but valuesHex[0] is " + form(!full) + " of " + first.length + " bytes: give every value "
                        + "of a batch in one form, " + layout.expectation());
            }
            System.arraycopy(value, 0, values, i * value.length, value.length);
        }
        return values;
    }

    private static String form(boolean full) {
        return full ? "in the per-CPU layout" : "one value";
    }

    /**
     * How many elements a failed batch wrote before the kernel stopped it, as native-loader reports it; 0 when it
     * does not say.
     */
    static int written(BpfException failure) {
        return failure instanceof BatchUpdateException partial ? partial.written() : 0;
    }
}
