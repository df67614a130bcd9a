package io.bpfjmx.agent.export;

import io.bpfjmx.libbpf.BpfException;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.ConcurrentModificationException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The meters of one exported map's refreshes, tagged {@code object} and {@code map}:
 * <ul>
 *   <li>{@code bpfjmx.export.series} (gauge): the series exported after the last refresh;</li>
 *   <li>{@code bpfjmx.export.dropped} (gauge): the entries the last refresh did not export, beyond
 *       {@code exportLimit}'s series, or whose tags another entry of the map has already;</li>
 *   <li>{@code bpfjmx.export.refreshes} (counter) tagged {@code outcome} ({@code success}, {@code failed}) and
 *       {@code reason} ({@code none}, an errno name such as {@code EINTR}, {@code map_changing} for a walk that
 *       deletions kept sending back, {@code closed}, {@code internal});</li>
 *   <li>{@code bpfjmx.export.refresh.duration} (timer: count and total time) of every refresh.</li>
 * </ul>
 * Recorded and removed by one thread at a time, under the exported map's lock; read by any.
 */
final class RefreshMeters {
    static final String SERIES = "bpfjmx.export.series";
    static final String DROPPED = "bpfjmx.export.dropped";
    static final String REFRESHES = "bpfjmx.export.refreshes";
    static final String DURATION = "bpfjmx.export.refresh.duration";

    private final MeterRegistry registry;
    private final Tags tags;
    private final List<Meter> meters = new ArrayList<>();
    private final Map<String, LongAdder> refreshes = new HashMap<>();
    private final LongAdder timed = new LongAdder();
    private final LongAdder nanos = new LongAdder();
    private volatile int series;
    private volatile int dropped;

    RefreshMeters(MeterRegistry registry, String object, String map) {
        this.registry = registry;
        this.tags = Tags.of("object", object, "map", map);
        meters.add(Gauge.builder(SERIES, this, m -> m.series).tags(tags)
                .description("Series of the BPF map's entries exported at its last refresh").register(registry));
        meters.add(Gauge.builder(DROPPED, this, m -> m.dropped).tags(tags)
                .description("Entries of the BPF map not exported at its last refresh: beyond exportLimit's series, "
                        + "or showing the same tags as another entry").register(registry));
        meters.add(FunctionTimer.builder(DURATION, this, m -> m.timed.sum(), m -> m.nanos.sum(),
                        TimeUnit.NANOSECONDS).tags(tags)
                .description("Refreshes of an exported BPF map: reading it and updating its series").register(registry));
    }

    void succeeded(int series, int dropped, long nanos) {
        this.series = series;
        this.dropped = dropped;
        record("success", "none", nanos);
    }

    /** @return the reason tag of the failure */
    String failed(RuntimeException e, long nanos) {
        String reason = reason(e);
        record("failed", reason, nanos);
        return reason;
    }

    private void record(String outcome, String reason, long took) {
        timed.increment();
        nanos.add(took);
        refreshes.computeIfAbsent(outcome + "/" + reason, key -> {
            LongAdder count = new LongAdder();
            meters.add(FunctionCounter.builder(REFRESHES, count, LongAdder::sum)
                    .tags(tags.and("outcome", outcome, "reason", reason))
                    .description("Refreshes of an exported BPF map, by outcome and reason").register(registry));
            return count;
        }).increment();
    }

    private static String reason(RuntimeException e) {
        if (e instanceof BpfException failed) {
            return failed.errnoName();
        }
        if (e instanceof ConcurrentModificationException) {
            return "map_changing";
        }
        return e instanceof IllegalStateException ? "closed" : "internal";
    }

    /** Removes these meters from the registry. */
    void remove() {
        meters.forEach(registry::remove);
        meters.clear();
    }
}
