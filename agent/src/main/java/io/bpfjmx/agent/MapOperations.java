package io.bpfjmx.agent;

import io.bpfjmx.agent.OperationMetrics.Outcome;
import io.bpfjmx.libbpf.BpfMap;
import io.bpfjmx.libbpf.MapEntry;
import io.bpfjmx.libbpf.UpdateFlags;
import io.bpfjmx.libbpf.btf.JsonTree;
import io.bpfjmx.libbpf.btf.MapCodec;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import javax.management.openmbean.TabularData;

/**
 * The operations on one map as JMX offers them: hex in and out, or JSON typed by the map's BTF; every outcome counted
 * and timed, every write audited, and every error turned into a JDK exception with the full message
 * ({@link JmxFailure}), so that clients without bpfjmx's classes (JConsole, Jolokia, jmxterm) can show it.
 */
final class MapOperations {
    private final BpfMap map;
    /** Null when the agent's options allow writing this map. */
    private final WritePolicy.Refusal writeRefusal;
    private final Audit audit;
    private final AuditEmitter emitter;
    private final OperationMetrics.Operation updates;
    private final OperationMetrics.Operation deletes;
    private final OperationMetrics.Operation batchUpdates;
    private final OperationMetrics.Operation lookups;
    private final OperationMetrics.Operation nextKeys;
    private final OperationMetrics.Operation dumps;
    private final OperationMetrics.Operation counts;
    /** The Entries table's type, built from the BTF on first read. */
    private volatile TypedEntries typedEntries;

    MapOperations(String objectName, BpfMap map, OperationMetrics metrics, WritePolicy.Refusal writeRefusal,
                  Audit audit, AuditEmitter emitter) {
        this.map = map;
        this.writeRefusal = writeRefusal;
        this.audit = audit;
        this.emitter = emitter;
        updates = metrics.operation(objectName, map.name(), Mutation.Kind.UPDATE.tag());
        deletes = metrics.operation(objectName, map.name(), Mutation.Kind.DELETE.tag());
        batchUpdates = metrics.operation(objectName, map.name(), Mutation.Kind.UPDATE_BATCH.tag());
        lookups = metrics.operation(objectName, map.name(), "lookup");
        nextKeys = metrics.operation(objectName, map.name(), "next_key");
        dumps = metrics.operation(objectName, map.name(), "dump");
        counts = metrics.operation(objectName, map.name(), "count");
    }

    BpfMap map() {
        return map;
    }

    /** What the map's MBean emits: the audit of this map's writes. */
    AuditEmitter emitter() {
        return emitter;
    }

    void update(String keyHex, String valueHex, long flags) {
        write(updates, Mutation.update(keyHex, valueHex, flags), () -> {
            map.update(Hex.parse(keyHex, "keyHex"), Hex.parse(valueHex, "valueHex"), UpdateFlags.of(flags));
            return null;
        });
    }

    /** The value buffer as hex; for a per-CPU map, every CPU's slot in a row (see {@link #lookupPerCpu}). */
    String lookup(String keyHex) {
        return read(lookups, () -> Hex.format(map.lookup(Hex.parse(keyHex, "keyHex"))));
    }

    /** One hex value per possible CPU, padding dropped; one element for a map that is not per-CPU. */
    String[] lookupPerCpu(String keyHex) {
        return read(lookups, () -> map.layout().perCpuValues(map.lookup(Hex.parse(keyHex, "keyHex"))).stream()
                .map(Hex::format).toArray(String[]::new));
    }

    void delete(String keyHex) {
        write(deletes, Mutation.delete(keyHex), () -> {
            map.delete(Hex.parse(keyHex, "keyHex"));
            return null;
        });
    }

    /** The key after {@code keyHex} (the first key when it is null or empty), or null after the last. */
    String nextKey(String keyHex) {
        return read(nextKeys, () -> {
            byte[] key = keyHex == null || keyHex.isBlank() ? null : Hex.parse(keyHex, "keyHex");
            Optional<byte[]> next = map.nextKey(key);
            return next.map(Hex::format).orElse(null);
        });
    }

    TabularData dump(int maxEntries) {
        return read(dumps, () -> OpenTypes.entries(map.layout(), map.entries(checkedLimit(maxEntries))));
    }

    /** The Entries table: one column per field where the map has BTF (see {@link TypedEntries}), else hex. */
    TabularData entries(int maxEntries) {
        return read(dumps, () -> {
            TypedEntries typed = typedEntries();
            List<MapEntry> entries = map.entries(maxEntries);
            return typed != null ? typed.table(entries) : OpenTypes.entries(map.layout(), entries);
        });
    }

    private TypedEntries typedEntries() {
        TypedEntries typed = typedEntries;
        if (typed == null && map.codec().isTyped()) {
            typed = new TypedEntries(map.name(), map.codec(), map.isPerCpu(), map.layout().slots());
            typedEntries = typed;
        }
        return typed;
    }

    /** Inserts or replaces one element given as JSON of the map's BTF types. */
    void typedUpdate(String key, String value, long flags) {
        write(updates, Mutation.update("update", key, value, flags), () -> {
            MapCodec codec = map.codec();
            map.update(codec.encodeKey(key), codec.encodeValue(value), UpdateFlags.of(flags));
            return null;
        });
    }

    /** The value under a JSON key, as JSON (per-CPU maps: {@code [{"cpu":0,"value":…},…]}). */
    String typedLookup(String key) {
        return read(lookups, () -> {
            MapCodec codec = map.codec();
            return JsonTree.write(codec.decodeValue(map.lookup(codec.encodeKey(key))));
        });
    }

    void typedDelete(String key) {
        write(deletes, Mutation.delete("delete", key), () -> {
            map.delete(map.codec().encodeKey(key));
            return null;
        });
    }

    /**
     * Up to {@code maxEntries} entries as JSON: {@code [{"key":K,"value":V},…]}, per-CPU maps
     * {@code [{"key":K,"values":[{"cpu":0,"value":V},…]},…]} (bpftool's {@code formatted} shapes).
     */
    String typedDump(int maxEntries) {
        return read(dumps, () -> {
            MapCodec codec = map.codec();
            codec.keyShape(); // refuses a map without BTF before reading it
            List<Object> dump = new ArrayList<>();
            for (MapEntry entry : map.entries(checkedLimit(maxEntries))) {
                Map<String, Object> element = new LinkedHashMap<>();
                element.put("key", codec.decodeKey(entry.key()));
                element.put(map.isPerCpu() ? "values" : "value", codec.decodeValue(entry.value()));
                dump.add(element);
            }
            return JsonTree.write(dump);
        });
    }

    /** The key's C type, or empty without BTF. */
    String keyType() {
        return map.codec().keyType();
    }

    /** The value's C type (one CPU's, for per-CPU maps), or empty without BTF. */
    String valueType() {
        return map.codec().valueType();
    }

    private static int checkedLimit(int maxEntries) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries is " + maxEntries + "; expected 1 or more");
        }
        return maxEntries;
    }

    /**
     * The number of keys, walked key by key; at most the map's max entries (a walk restarts when its key is deleted
     * under it, so a map that changes meanwhile gives an estimate).
     */
    int count() {
        return read(counts, () -> {
            int count = 0;
            for (Optional<byte[]> key = map.nextKey(null); key.isPresent() && count < map.maxEntries();
                 key = map.nextKey(key.get())) {
                count++;
            }
            return count;
        });
    }

    /**
     * Writes {@code keysHex[i]} = {@code valuesHex[i]} in one batch system call.
     *
     * @return the number of elements written
     */
    int updateBatch(String[] keysHex, String[] valuesHex, long flags) {
        return write(batchUpdates, Mutation.updateBatch(keysHex, valuesHex, flags), () -> {
            if (keysHex == null || valuesHex == null || keysHex.length != valuesHex.length || keysHex.length == 0) {
                throw new IllegalArgumentException("updateBatch takes as many values as keys, at least one: got "
                        + (keysHex == null ? 0 : keysHex.length) + " keys and "
                        + (valuesHex == null ? 0 : valuesHex.length) + " values");
            }
            return map.updateBatch(concat(keysHex, "keysHex"), concat(valuesHex, "valuesHex"), UpdateFlags.of(flags));
        });
    }

    private static byte[] concat(String[] hexes, String what) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < hexes.length; i++) {
            bytes.writeBytes(Hex.parse(hexes[i], what + "[" + i + "]"));
        }
        return bytes.toByteArray();
    }

    private <T> T read(OperationMetrics.Operation operation, Supplier<T> action) {
        return run(operation, null, action);
    }

    /** A write: refused first if the agent's options forbid it, audited whatever its outcome. */
    private <T> T write(OperationMetrics.Operation operation, Mutation mutation, Supplier<T> action) {
        return run(operation, mutation, () -> {
            if (writeRefusal != null) {
                throw writeRefusal.refuse(mutation.operation(), map.name());
            }
            return action.get();
        });
    }

    /** Runs one operation: times it, counts its outcome, audits it if it writes, and translates errors. */
    private <T> T run(OperationMetrics.Operation operation, Mutation mutation, Supplier<T> action) {
        long start = System.nanoTime();
        try {
            T result = action.get();
            finish(operation, mutation, Outcome.SUCCESS, JmxFailure.NO_REASON, start);
            return result;
        } catch (RuntimeException e) {
            JmxFailure failure = JmxFailure.of(e);
            finish(operation, mutation, failure.outcome(), failure.reason(), start);
            throw failure.exception();
        }
    }

    private void finish(OperationMetrics.Operation operation, Mutation mutation, Outcome outcome, String reason,
                        long start) {
        operation.record(outcome, reason, System.nanoTime() - start);
        if (mutation != null) {
            audit.record(map.name(), emitter, mutation, outcome, reason);
        }
    }
}
