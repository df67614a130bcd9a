package io.bpfjmx.agent;

import io.bpfjmx.agent.OperationMetrics.Outcome;
import io.bpfjmx.libbpf.BpfException;
import io.bpfjmx.libbpf.BpfMap;
import io.bpfjmx.libbpf.MapEntry;
import io.bpfjmx.libbpf.RejectedMapRequestException;
import io.bpfjmx.libbpf.UpdateFlags;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import javax.management.openmbean.TabularData;

/**
 * The operations on one map as JMX offers them: hex in and out, every outcome counted and timed, and every
 * error turned into a JDK exception with the full message, so that clients without bpfjmx's classes (JConsole,
 * Jolokia, jmxterm) can show it: {@link IllegalArgumentException} for bad input, {@link IllegalStateException}
 * for a kernel refusal (the message names the errno), {@link UnsupportedOperationException} for a write the
 * agent's settings forbid.
 */
final class MapOperations {
    private final String objectName;
    private final BpfMap map;
    private final OperationMetrics metrics;
    private final boolean readOnly;

    MapOperations(String objectName, BpfMap map, OperationMetrics metrics, boolean readOnly) {
        this.objectName = objectName;
        this.map = map;
        this.metrics = metrics;
        this.readOnly = readOnly;
    }

    BpfMap map() {
        return map;
    }

    void update(String keyHex, String valueHex, long flags) {
        run("update", () -> {
            checkWritable("updateElem");
            map.update(Hex.parse(keyHex, "keyHex"), Hex.parse(valueHex, "valueHex"), UpdateFlags.of(flags));
            return null;
        });
    }

    /** The value buffer as hex; for a per-CPU map, every CPU's slot in a row (see {@link #lookupPerCpu}). */
    String lookup(String keyHex) {
        return run("lookup", () -> Hex.format(map.lookup(Hex.parse(keyHex, "keyHex"))));
    }

    /** One hex value per possible CPU, padding dropped; one element for a map that is not per-CPU. */
    String[] lookupPerCpu(String keyHex) {
        return run("lookup", () -> map.layout().perCpuValues(map.lookup(Hex.parse(keyHex, "keyHex"))).stream()
                .map(Hex::format).toArray(String[]::new));
    }

    void delete(String keyHex) {
        run("delete", () -> {
            checkWritable("deleteElem");
            map.delete(Hex.parse(keyHex, "keyHex"));
            return null;
        });
    }

    /** The key after {@code keyHex} (the first key when it is null or empty), or null after the last. */
    String nextKey(String keyHex) {
        return run("next_key", () -> {
            byte[] key = keyHex == null || keyHex.isBlank() ? null : Hex.parse(keyHex, "keyHex");
            Optional<byte[]> next = map.nextKey(key);
            return next.map(Hex::format).orElse(null);
        });
    }

    TabularData dump(int maxEntries) {
        return run("dump", () -> {
            if (maxEntries < 1) {
                throw new IllegalArgumentException("maxEntries is " + maxEntries + "; expected 1 or more");
            }
            List<MapEntry> entries = map.entries(maxEntries);
            return OpenTypes.entries(map.layout(), entries);
        });
    }

    /**
     * Writes {@code keysHex[i]} = {@code valuesHex[i]} in one batch system call.
     *
     * @return the number of elements written
     */
    int updateBatch(String[] keysHex, String[] valuesHex, long flags) {
        return run("update_batch", () -> {
            checkWritable("updateBatch");
            if (keysHex == null || valuesHex == null || keysHex.length != valuesHex.length || keysHex.length == 0) {
                throw new IllegalArgumentException("updateBatch takes as many values as keys, at least one: got "
                        + (keysHex == null ? 0 : keysHex.length) + " keys and "
                        + (valuesHex == null ? 0 : valuesHex.length) + " values");
            }
            return map.updateBatch(concat(keysHex, "keysHex"), concat(valuesHex, "valuesHex"), UpdateFlags.of(flags));
        });
    }

    private static byte[] concat(String[] hexes, String what) {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < hexes.length; i++) {
            bytes.writeBytes(Hex.parse(hexes[i], what + "[" + i + "]"));
        }
        return bytes.toByteArray();
    }

    private void checkWritable(String operation) {
        if (readOnly) {
            throw new ReadOnlyModeException(operation + " refused on map '" + map.name() + "': bpfjmx runs "
                    + "read-only (agent option readOnly=true); start the agent without it to change maps");
        }
    }

    /** Runs one operation: times it, counts its outcome, and translates errors into JDK exceptions. */
    private <T> T run(String operation, Supplier<T> action) {
        long start = System.nanoTime();
        try {
            T result = action.get();
            record(operation, Outcome.SUCCESS, "none", start);
            return result;
        } catch (RejectedMapRequestException e) {
            record(operation, Outcome.REJECTED, e.reason().tag(), start);
            throw new IllegalArgumentException(e.getMessage());
        } catch (BpfException e) {
            record(operation, Outcome.FAILED, e.errnoName(), start);
            throw new IllegalStateException(e.getMessage());
        } catch (ReadOnlyModeException e) {
            record(operation, Outcome.REJECTED, "read_only_mode", start);
            throw new UnsupportedOperationException(e.getMessage());
        } catch (IllegalArgumentException e) {
            record(operation, Outcome.REJECTED, "bad_argument", start); // hex, sizes of batches, maxEntries
            throw new IllegalArgumentException(e.getMessage());
        } catch (IllegalStateException e) {
            record(operation, Outcome.FAILED, "closed", start);
            throw new IllegalStateException(e.getMessage());
        }
    }

    private void record(String operation, Outcome outcome, String reason, long start) {
        metrics.record(objectName, map.name(), operation, outcome, reason, System.nanoTime() - start);
    }

    /** A write refused by the agent's own settings, not by the map. */
    private static final class ReadOnlyModeException extends RuntimeException {
        ReadOnlyModeException(String message) {
            super(message, null, false, false);
        }
    }
}
