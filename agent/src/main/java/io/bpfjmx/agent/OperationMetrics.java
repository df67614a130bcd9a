package io.bpfjmx.agent;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Meters of map operations, as Micrometer names them:
 * <ul>
 *   <li>{@code bpfjmx.map.operations} (counter) tagged {@code object}, {@code map}, {@code operation},
 *       {@code outcome} ({@code success}, {@code rejected}, {@code failed}) and {@code reason} ({@code none}, the
 *       validation rule such as {@code key_size}, or the errno name such as {@code EEXIST});</li>
 *   <li>{@code bpfjmx.map.operation.duration} (timer) tagged {@code object}, {@code map}, {@code operation},
 *       {@code outcome}.</li>
 * </ul>
 * Tag values are bounded: map names come from the loaded object (an unknown name counts as {@code unknown}),
 * reasons from fixed lists. Meters are cached, so recording an outcome allocates nothing once warm.
 */
final class OperationMetrics {
    static final String OPERATIONS = "bpfjmx.map.operations";
    static final String DURATION = "bpfjmx.map.operation.duration";

    /** The meters of one (object, map, operation, outcome, reason). */
    private record Key(String object, String map, String operation, String outcome, String reason) {}

    private record Meters(Counter counter, Timer timer) {}

    private final MeterRegistry registry;
    private final ConcurrentMap<Key, Meters> meters = new ConcurrentHashMap<>();

    OperationMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void record(String object, String map, String operation, Outcome outcome, String reason, long nanos) {
        Meters m = meters.computeIfAbsent(new Key(object, map, operation, outcome.tag(), reason), this::create);
        m.counter.increment();
        m.timer.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    private Meters create(Key key) {
        Counter counter = Counter.builder(OPERATIONS)
                .description("BPF map operations through bpfjmx, by outcome and reason")
                .tags("object", key.object, "map", key.map, "operation", key.operation, "outcome", key.outcome,
                        "reason", key.reason)
                .register(registry);
        Timer timer = Timer.builder(DURATION)
                .description("Duration of BPF map operations through bpfjmx, hex parsing and checks included")
                .tags("object", key.object, "map", key.map, "operation", key.operation, "outcome", key.outcome)
                .register(registry);
        return new Meters(counter, timer);
    }

    /** The {@code outcome} tag. */
    enum Outcome {
        SUCCESS, REJECTED, FAILED;

        String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
