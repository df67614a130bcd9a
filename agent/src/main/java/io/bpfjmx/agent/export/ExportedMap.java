package io.bpfjmx.agent.export;

import io.bpfjmx.agent.options.ExportRequest;
import io.bpfjmx.libbpf.BpfMap;
import io.bpfjmx.libbpf.MapEntry;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One exported map: its entries as series of one meter, kept up to date by {@link #refresh}, which reads the map
 * (bucket by bucket for hash maps, see {@link BpfMap#forEachEntry}), sets each series' number, registers the series
 * of new entries and removes those of entries gone. A meter reads only the number the last refresh left: a scrape
 * never calls into the kernel.
 *
 * <p>At most {@code limit} series: entries exported stay exported while they are in the map, and new ones join in
 * the order the map gives them while room is left; the others are counted ({@code bpfjmx.export.dropped}). So the
 * series do not change from one refresh to the next because of the map's order.
 */
final class ExportedMap {
    private static final Logger LOG = Logger.getLogger(ExportedMap.class.getName());
    private static final String DESCRIPTION = "Values of BPF map entries, exported by bpfjmx (agent option export): "
            + "tags object, map, the key's fields, field (of a struct value), cpu (when asked)";

    /** An exported entry: its series' numbers (replaced whole by each refresh) and meters. */
    private static final class Entry {
        private final List<String> tags;
        private final List<Meter> meters = new ArrayList<>();
        private volatile double[] numbers;
        private long seen;

        private Entry(List<String> tags, double[] numbers, long seen) {
            this.tags = tags;
            this.numbers = numbers;
            this.seen = seen;
        }

        private double number(int index) {
            return numbers[index];
        }
    }

    private final String object;
    private final BpfMap map;
    private final ExportRequest request;
    private final KeyTags keys;
    private final ValueFields values;
    private final int limit;
    private final MeterRegistry registry;
    private final RefreshMeters refreshMeters;
    private final Map<ByteBuffer, Entry> exported = new HashMap<>();
    /** Tag values of the exported entries: two keys that show the same tags (padding apart) cannot both be series. */
    private final Set<List<String>> tagsInUse = new HashSet<>();
    private int series;
    private long refreshes;
    private String lastFailure;
    private boolean closed;

    private ExportedMap(String object, BpfMap map, ExportRequest request, KeyTags keys, ValueFields values, int limit,
                        MeterRegistry registry) {
        this.object = object;
        this.map = map;
        this.request = request;
        this.keys = keys;
        this.values = values;
        this.limit = limit;
        this.registry = registry;
        this.refreshMeters = new RefreshMeters(registry, object, map.name());
    }

    /**
     * The export of {@code map}, with no series until its first {@link #refresh}.
     *
     * @throws NotExportableException for a map without keys, or whose value holds no number
     */
    static ExportedMap of(String object, BpfMap map, ExportRequest request, int limit, MeterRegistry registry) {
        if (!map.hasKeys()) {
            throw new NotExportableException("it is a " + map.type() + ", which has no keys to tell its entries apart "
                    + "(only maps with keys are exported: hashes, arrays, LRU and per-CPU maps, tries…)");
        }
        ValueFields values = ValueFields.of(map.codec(), map.layout(), request.byCpu());
        KeyTags keys = KeyTags.of(map.codec(), request.keyLabel());
        if (values.seriesPerEntry() > limit) {
            throw new NotExportableException("one entry makes " + values.seriesPerEntry() + " series (its "
                    + values.names().size() + " numeric fields" + (values.byCpu() ? " on each of " + values.cpus()
                    + " CPUs" : "") + "), more than exportLimit (" + limit + ") allows; raise exportLimit");
        }
        if (request.byCpu() && !map.isPerCpu()) {
            LOG.info(() -> "bpfjmx: export of map '" + map.name() + "' of object '" + object + "': it is not "
                    + "per-CPU, so the setting cpu changes nothing");
        }
        if (request.namesKeyLabel() && keys.isStruct()) {
            LOG.info(() -> "bpfjmx: export of map '" + map.name() + "' of object '" + object + "': its key is a "
                    + "struct, whose fields name its tags (" + String.join(", ", keys.names()) + "), so the setting "
                    + "key=" + request.keyLabel() + " changes nothing");
        }
        return new ExportedMap(object, map, request, keys, values, limit, registry);
    }

    String name() {
        return map.name();
    }

    /**
     * Reads the map once and brings the series up to date; a failure (the map changing too fast to walk, an errno,
     * the object closed) is counted and logged when it follows a success, and leaves the series as they were.
     */
    synchronized void refresh() {
        if (closed) {
            return;
        }
        long start = System.nanoTime();
        try {
            int dropped = read(++refreshes);
            refreshMeters.succeeded(series, dropped, System.nanoTime() - start);
            lastFailure = null;
        } catch (RuntimeException | LinkageError e) {
            RuntimeException failure = e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e);
            String reason = refreshMeters.failed(failure, System.nanoTime() - start);
            Level level = lastFailure == null ? Level.WARNING : Level.FINE;
            lastFailure = reason;
            LOG.log(level, () -> "bpfjmx: export of map '" + map.name() + "' of object '" + object + "': reading it "
                    + "failed (" + reason + "): " + e.getMessage() + "; its series keep their last numbers until "
                    + "a read succeeds");
        }
    }

    /** @return the entries not exported */
    private int read(long now) {
        int room = limit / values.seriesPerEntry();
        List<MapEntry> candidates = new ArrayList<>();
        int[] dropped = {0};
        map.forEachEntry(map.maxEntries() > 0 ? map.maxEntries() : Integer.MAX_VALUE, mapEntry -> {
            Entry entry = exported.get(ByteBuffer.wrap(mapEntry.key()));
            if (entry != null) {
                entry.numbers = values.read(mapEntry.value());
                entry.seen = now;
            } else if (candidates.size() < room) { // no more than this can join, even if every other entry left
                candidates.add(mapEntry);
            } else {
                dropped[0]++;
            }
        });
        removeGone(now);
        for (MapEntry candidate : candidates) {
            List<String> tags = keys.values(candidate.key());
            if (series + values.seriesPerEntry() > limit || !tagsInUse.add(tags)) {
                dropped[0]++;
                continue;
            }
            Entry entry = new Entry(tags, values.read(candidate.value()), now);
            register(entry);
            exported.put(ByteBuffer.wrap(candidate.key()), entry);
            series += entry.meters.size();
        }
        return dropped[0];
    }

    private void removeGone(long now) {
        for (Iterator<Entry> it = exported.values().iterator(); it.hasNext(); ) {
            Entry entry = it.next();
            if (entry.seen != now) {
                unregister(entry);
                it.remove();
            }
        }
    }

    private void register(Entry entry) {
        Tags tags = Tags.of("object", object, "map", map.name());
        for (int k = 0; k < keys.names().size(); k++) {
            tags = tags.and(keys.names().get(k), entry.tags.get(k));
        }
        List<String> fields = values.names();
        for (int cpu = 0; cpu < values.cpus(); cpu++) {
            for (int f = 0; f < fields.size(); f++) {
                Tags series = values.named() ? tags.and("field", fields.get(f)) : tags;
                series = values.byCpu() ? series.and("cpu", Integer.toString(cpu)) : series;
                int index = cpu * fields.size() + f;
                entry.meters.add(request.counter()
                        ? FunctionCounter.builder(request.meterName(), entry, e -> e.number(index)).tags(series)
                                .description(DESCRIPTION).register(registry)
                        : Gauge.builder(request.meterName(), entry, e -> e.number(index)).tags(series)
                                .description(DESCRIPTION).strongReference(true).register(registry));
            }
        }
    }

    private void unregister(Entry entry) {
        entry.meters.forEach(registry::remove);
        series -= entry.meters.size();
        tagsInUse.remove(entry.tags);
    }

    /** Ends the export: its series and its own meters leave the registry, and no refresh reads the map again. */
    synchronized void close() {
        closed = true;
        exported.values().forEach(this::unregister);
        exported.clear();
        refreshMeters.remove();
    }
}
