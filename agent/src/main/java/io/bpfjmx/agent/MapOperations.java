package io.bpfjmx.agent;

import io.bpfjmx.agent.OperationMetrics.Outcome;
import io.bpfjmx.libbpf.BpfException;
import io.bpfjmx.libbpf.BpfMap;
import io.bpfjmx.libbpf.EntryPage;
import io.bpfjmx.libbpf.MapEntry;
import io.bpfjmx.libbpf.UpdateFlags;
import io.bpfjmx.libbpf.btf.JsonTree;
import io.bpfjmx.libbpf.btf.MapCodec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;

/**
 * The operations on one map as JMX offers them: hex in and out, or JSON typed by the map's BTF; every outcome counted
 * and timed, every write audited, and every error turned into a JDK exception with the full message
 * ({@link JmxFailure}), so that clients without bpfjmx's classes (JConsole, Jolokia, jmxterm) can show it. What one
 * call may ask for is bounded ({@link CallBounds}, {@link Hex#maxChars}).
 */
final class MapOperations {
    private final BpfMap map;
    /** Null when the agent's options allow writing this map. */
    private final WritePolicy.Refusal writeRefusal;
    /** Typed updates of the object's program arrays and maps of maps. */
    private final ReferenceWrites references;
    private final Audit audit;
    private final AuditEmitter emitter;
    private final OperationMetrics.Operation updates;
    private final OperationMetrics.Operation deletes;
    private final OperationMetrics.Operation batchUpdates;
    private final OperationMetrics.Operation lookups;
    private final OperationMetrics.Operation nextKeys;
    private final OperationMetrics.Operation dumps;
    private final OperationMetrics.Operation counts;
    private final OperationMetrics.Operation pushes;
    private final OperationMetrics.Operation pops;
    private final OperationMetrics.Operation peeks;
    /** The Entries table's type, built from the BTF on first read. */
    private volatile TypedEntries typedEntries;
    private final EntryCounter entryCounter;

    MapOperations(String objectName, BpfMap map, OperationMetrics metrics, WritePolicy.Refusal writeRefusal,
                  ReferenceWrites references, Audit audit, AuditEmitter emitter) {
        this.map = map;
        this.writeRefusal = writeRefusal;
        this.references = references;
        this.audit = audit;
        this.emitter = emitter;
        updates = metrics.operation(objectName, map.name(), Mutation.Kind.UPDATE.tag());
        deletes = metrics.operation(objectName, map.name(), Mutation.Kind.DELETE.tag());
        batchUpdates = metrics.operation(objectName, map.name(), Mutation.Kind.UPDATE_BATCH.tag());
        lookups = metrics.operation(objectName, map.name(), "lookup");
        nextKeys = metrics.operation(objectName, map.name(), "next_key");
        dumps = metrics.operation(objectName, map.name(), "dump");
        counts = metrics.operation(objectName, map.name(), "count");
        pushes = metrics.operation(objectName, map.name(), Mutation.Kind.PUSH.tag());
        pops = metrics.operation(objectName, map.name(), Mutation.Kind.POP.tag());
        peeks = metrics.operation(objectName, map.name(), "peek");
        entryCounter = new EntryCounter(map, System::nanoTime);
    }

    BpfMap map() {
        return map;
    }

    /** What the map's MBean emits: the audit of this map's writes. */
    AuditEmitter emitter() {
        return emitter;
    }

    void update(String keyHex, String valueHex, long flags) {
        write(updates, () -> Mutation.update(keyHex, valueHex, flags), () -> {
            byte[] key = key(keyHex, "update");
            map.requireRawValues("updateElem"); // before the value's hex: a program array takes no bytes at all
            map.update(key, Hex.parse(valueHex, "valueHex", map.layout().bufferSize()), UpdateFlags.of(flags));
            return null;
        });
    }

    /** The value buffer as hex; for a per-CPU map, every CPU's slot in a row (see {@link #lookupPerCpu}). */
    String lookup(String keyHex) {
        return read(lookups, () -> Hex.format(map.lookup(key(keyHex, "lookup"))));
    }

    /** One hex value per possible CPU, padding dropped; one element for a map that is not per-CPU. */
    String[] lookupPerCpu(String keyHex) {
        return read(lookups, () -> map.layout().perCpuValues(map.lookup(key(keyHex, "lookup"))).stream()
                .map(Hex::format).toArray(String[]::new));
    }

    void delete(String keyHex) {
        write(deletes, () -> Mutation.delete(keyHex), () -> {
            map.delete(key(keyHex, "delete"));
            return null;
        });
    }

    /** Adds a value to a queue, stack or bloom filter (flags: 0 ANY; 2 EXIST drops a full queue's oldest). */
    void push(String valueHex, long flags) {
        write(pushes, () -> Mutation.push(valueHex, flags), () -> {
            map.push(Hex.parse(valueHex, "valueHex", map.layout().bufferSize()), UpdateFlags.of(flags));
            return null;
        });
    }

    /** Takes the next value out of a queue (its oldest) or stack (its newest), as hex; null when it is empty. */
    String pop() {
        return write(pops, Mutation::pop, () -> map.pop().map(Hex::format).orElse(null));
    }

    /**
     * Without a value ({@code valueHex} null or empty), the value a queue or stack would pop, as hex, or null when
     * it is empty; with one, whether a bloom filter may hold it: {@code "true"} (pushed, or a false positive) or
     * {@code "false"} (certainly not).
     */
    String peek(String valueHex) {
        return read(peeks, () -> valueHex == null || valueHex.isBlank()
                ? map.peek().map(Hex::format).orElse(null)
                : Boolean.toString(map.peek(Hex.parse(valueHex, "valueHex", map.layout().bufferSize()))));
    }

    /** The key after {@code keyHex} (the first key when it is null or empty), or null after the last. */
    String nextKey(String keyHex) {
        return read(nextKeys, () -> {
            map.requireKeys("getNextKey");
            byte[] key = keyHex == null || keyHex.isBlank() ? null : key(keyHex, "getNextKey");
            Optional<byte[]> next = map.nextKey(key);
            return next.map(Hex::format).orElse(null);
        });
    }

    /** The key of {@code action}: refused first on a map without keys, whose key size is 0. */
    private byte[] key(String keyHex, String action) {
        map.requireKeys(action);
        return Hex.parse(keyHex, "keyHex", map.keySize());
    }

    /** Up to {@code maxEntries} entries in hex, at most {@link CallBounds#perCall} (refused above it). */
    TabularData dump(int maxEntries) {
        return read(dumps, () -> OpenTypes.entries(map.layout(), map.entries(CallBounds.dumpLimit(map, maxEntries))));
    }

    /**
     * One page of up to {@code maxEntries} entries in hex, keys and value buffers as two arrays (an ask above
     * {@link CallBounds#perCall} gets that many), from the cursor a previous page gave (none: the first page), with
     * the next page's cursor.
     */
    CompositeData dumpFrom(String cursorHex, int maxEntries) {
        return read(dumps, () -> OpenTypes.page(page(cursorHex, maxEntries)));
    }

    private EntryPage page(String cursorHex, int maxEntries) {
        map.requireKeys("dumpFrom");
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries is " + maxEntries + "; expected 1 or more");
        }
        byte[] cursor = cursorHex == null || cursorHex.isBlank() ? null
                : Hex.parse(cursorHex, "cursorHex", map.cursorSize());
        return map.page(cursor, Math.min(maxEntries, CallBounds.perCall(map)));
    }

    /**
     * The Entries table: one column per field where the map has BTF (see {@link TypedEntries}), else hex; at most
     * {@code maxEntries}, and at most {@link CallBounds#perCall}.
     */
    TabularData entries(int maxEntries) {
        return read(dumps, () -> {
            TypedEntries typed = typedEntries();
            List<MapEntry> entries = map.entries(Math.min(maxEntries, CallBounds.perCall(map)));
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

    /**
     * Inserts or replaces one element given as JSON of the map's BTF types; in a program array or a map of maps, the
     * program or map its value names ({@link ReferenceWrites}).
     */
    void typedUpdate(String key, String value, long flags) {
        write(updates, () -> Mutation.update("update", key, value, flags), () -> {
            MapCodec codec = map.codec();
            byte[] keyBytes = codec.encodeKey(jsonKey(key, "updateElem"));
            if (map.holdsReferences()) {
                references.update(map, keyBytes, CallBounds.json(value, "value", map, map.layout().bufferSize(),
                        null), UpdateFlags.of(flags));
            } else {
                map.update(keyBytes, codec.encodeValue(CallBounds.json(value, "value", map,
                        map.layout().bufferSize(), "updateElem")), UpdateFlags.of(flags));
            }
            return null;
        });
    }

    /** The value under a JSON key, as JSON (per-CPU maps: {@code [{"cpu":0,"value":…},…]}). */
    String typedLookup(String key) {
        return read(lookups, () -> {
            MapCodec codec = map.codec();
            return JsonTree.write(codec.decodeValue(map.lookup(codec.encodeKey(jsonKey(key, "lookupElem")))));
        });
    }

    void typedDelete(String key) {
        write(deletes, () -> Mutation.delete("delete", key), () -> {
            map.delete(map.codec().encodeKey(jsonKey(key, "deleteElem")));
            return null;
        });
    }

    /** A typed key: refused first on a map without keys (whose codec would only say it has no key type). */
    private String jsonKey(String key, String hexOperation) {
        map.requireKeys(hexOperation.replace("Elem", ""));
        return CallBounds.json(key, "key", map, map.keySize(), hexOperation);
    }

    /**
     * Up to {@code maxEntries} entries as JSON: {@code [{"key":K,"value":V},…]}, per-CPU maps
     * {@code [{"key":K,"values":[{"cpu":0,"value":V},…]},…]} (bpftool's {@code formatted} shapes).
     */
    String typedDump(int maxEntries) {
        return read(dumps, () -> {
            MapCodec codec = map.codec();
            map.requireKeys("dump"); // a queue's codec would only say it has no key type
            codec.keyShape(); // refuses a map without BTF before reading it
            return JsonTree.write(typed(codec, map.entries(CallBounds.dumpLimit(map, maxEntries))));
        });
    }

    /** {@link #dumpFrom} with the entries as {@link #typedDump}'s JSON: {@code {"entries":[…],"next":"hex"}}. */
    String typedDumpFrom(String cursorHex, int maxEntries) {
        return read(dumps, () -> {
            MapCodec codec = map.codec();
            map.requireKeys("dumpFrom");
            codec.keyShape();
            EntryPage page = page(cursorHex, maxEntries);
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("entries", typed(codec, page.entries()));
            result.put("next", page.next() == null ? null : Hex.format(page.next()));
            return JsonTree.write(result);
        });
    }

    private List<Object> typed(MapCodec codec, List<MapEntry> entries) {
        List<Object> dump = new ArrayList<>();
        for (MapEntry entry : entries) {
            Map<String, Object> element = new LinkedHashMap<>();
            element.put("key", codec.decodeKey(entry.key()));
            element.put(map.isPerCpu() ? "values" : "value", codec.decodeValue(entry.value()));
            dump.add(element);
        }
        return dump;
    }

    /** The key's C type, or empty without BTF. */
    String keyType() {
        return map.codec().keyType();
    }

    /** The value's C type (one CPU's, for per-CPU maps), or empty without BTF. */
    String valueType() {
        return map.codec().valueType();
    }

    /**
     * The number of keys ({@link io.bpfjmx.libbpf.BpfMap#countKeys}: a hash map's as the kernel counts them where
     * it can, else by batch reads, key by key where the map type has none), counted at most once every
     * {@value EntryCounter#REFRESH_SECONDS} seconds, or sooner after a write through bpfjmx ({@link EntryCounter});
     * at most the map's max entries.
     */
    int count() {
        return read(counts, entryCounter::count);
    }

    /**
     * Writes {@code keysHex[i]} = {@code valuesHex[i]} in one batch system call, each element checked first
     * ({@link BatchRequest}). The audit and the meters say how many elements were written, also of a batch the kernel
     * stopped part-way.
     *
     * @return the number of elements written
     */
    int updateBatch(String[] keysHex, String[] valuesHex, long flags) {
        int[] written = {0};
        Mutation asked = Mutation.updateBatch(keysHex, valuesHex, flags);
        return run(batchUpdates, () -> asked.written(written[0]), () -> {
            refuseIfNotWritable(() -> asked);
            map.requireKeys("updateBatch");
            map.requireRawValues("updateBatch");
            BatchRequest batch = BatchRequest.of(map, keysHex, valuesHex);
            UpdateFlags elementFlags = UpdateFlags.of(flags);
            try {
                written[0] = map.updateBatch(batch.keys(), batch.values(), elementFlags);
            } catch (BpfException e) {
                written[0] = BatchRequest.written(e);
                throw e;
            }
            return written[0];
        });
    }

    private <T> T read(OperationMetrics.Operation operation, Supplier<T> action) {
        return run(operation, null, action);
    }

    /**
     * A write: refused first if the agent's options forbid it, audited whatever its outcome.
     *
     * @param mutation what the audit records, built only if it records anything: with the audit off and nobody
     *                 listening, an update allocates no {@link Mutation} (it was 3-4 % of the call's time)
     */
    private <T> T write(OperationMetrics.Operation operation, Supplier<Mutation> mutation, Supplier<T> action) {
        return run(operation, mutation, () -> {
            refuseIfNotWritable(mutation);
            return action.get();
        });
    }

    private void refuseIfNotWritable(Supplier<Mutation> mutation) {
        if (writeRefusal != null) {
            throw writeRefusal.refuse(mutation.get().operation(), map.name());
        }
    }

    /**
     * Runs one operation: times it, counts its outcome, audits it if it writes, and translates errors.
     *
     * @param written what a write did, read once it is over (of a batch: how many elements it wrote); null for a read
     */
    private <T> T run(OperationMetrics.Operation operation, Supplier<Mutation> written, Supplier<T> action) {
        long start = System.nanoTime();
        try {
            T result = action.get();
            finish(operation, written, Outcome.SUCCESS, JmxFailure.NO_REASON, start);
            return result;
        } catch (RuntimeException e) {
            JmxFailure failure = JmxFailure.of(e);
            finish(operation, written, failure.outcome(), failure.reason(), start);
            throw failure.exception();
        }
    }

    private void finish(OperationMetrics.Operation operation, Supplier<Mutation> written, Outcome outcome,
                        String reason, long start) {
        operation.record(outcome, reason, System.nanoTime() - start);
        if (written != null) {
            // only a batch's mutation says something the meters need (how many elements were written); a single
            // write's is built for the audit alone, when it records
            Mutation mutation = operation == batchUpdates || audit.records(emitter) ? written.get() : null;
            Mutation.Applied applied = mutation == null ? null : mutation.applied();
            if (outcome == Outcome.SUCCESS || (applied != null && applied.written() > 0)) {
                entryCounter.stale();
            }
            if (applied != null) {
                operation.recordElements(applied.of(), applied.written(), outcome, reason);
            }
            if (mutation != null) {
                audit.record(map.name(), emitter, mutation, outcome, reason);
            }
        }
    }
}
