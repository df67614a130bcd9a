package io.bpfjmx.agent;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Meters of map operations, as Micrometer names them:
 * <ul>
 *   <li>{@code bpfjmx.map.operations} (counter) tagged {@code object}, {@code map}, {@code operation},
 *       {@code outcome} ({@code success}, {@code rejected}, {@code failed}) and {@code reason} ({@code none}, the
 *       validation rule such as {@code key_size}, or the errno name such as {@code EEXIST});</li>
 *   <li>{@code bpfjmx.map.operation.duration} (timer: count and total time) tagged {@code object}, {@code map},
 *       {@code operation}, {@code outcome};</li>
 *   <li>{@code bpfjmx.map.batch.elements} (counter) tagged {@code object}, {@code map}, {@code outcome},
 *       {@code reason}: the elements of batch updates, where the two above count calls. Each element written is a
 *       {@code success}; the others count under the call's outcome and reason. A batch the kernel stopped after 3 of
 *       5 elements is one {@code failed} call and 3 {@code success} plus 2 {@code failed} elements.</li>
 * </ul>
 * Tag values are bounded: map names come from the loaded object (an unknown name counts as {@code unknown}),
 * reasons from fixed lists.
 *
 * <p>Both are function meters over our own {@link LongAdder}s, read only when someone reads the meter. A plain
 * Micrometer {@code Counter} and {@code Timer} in the JMX registry are Dropwizard's: the counter's increment updates
 * three moving averages (about 40 ns), the timer's record takes a lock and allocates in its decaying reservoir
 * (about 145 ns), on every operation. So there are no percentiles, no minimum or maximum: a count and a total, hence
 * the mean. Micrometer holds a function meter's state weakly; the maps here hold it for as long as the agent runs.
 */
final class OperationMetrics {
    static final String OPERATIONS = "bpfjmx.map.operations";
    static final String DURATION = "bpfjmx.map.operation.duration";
    static final String BATCH_ELEMENTS = "bpfjmx.map.batch.elements";

    /** The counter of one (object, map, operation, outcome, reason); the timer's has a null reason. */
    private record Key(String object, String map, String operation, Outcome outcome, String reason) {}

    private final MeterRegistry registry;
    private final ConcurrentMap<Key, Recorder> counters = new ConcurrentHashMap<>();
    private final ConcurrentMap<Key, Timing> timers = new ConcurrentHashMap<>();
    private final ConcurrentMap<Key, LongAdder> elements = new ConcurrentHashMap<>();

    OperationMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Where these meters go, for the agent's other meters (the audit file's). */
    MeterRegistry registry() {
        return registry;
    }

    void record(String object, String map, String operation, Outcome outcome, String reason, long nanos) {
        recorder(object, map, operation, outcome, reason).record(nanos);
    }

    /** The meters of one operation on one map, for its caller to keep. */
    Operation operation(String object, String map, String operation) {
        return new Operation(object, map, operation);
    }

    /**
     * Counts the elements of one batch call: {@code written} as successes, the rest of {@code elements} under the
     * call's {@code outcome} and {@code reason}.
     */
    void recordBatchElements(String object, String map, int elements, int written, Outcome outcome, String reason) {
        if (written > 0) {
            batchElements(object, map, Outcome.SUCCESS, JmxFailure.NO_REASON).add(written);
        }
        if (elements > written) {
            batchElements(object, map, outcome, reason).add(elements - written);
        }
    }

    private LongAdder batchElements(String object, String map, Outcome outcome, String reason) {
        return elements.computeIfAbsent(new Key(object, map, null, outcome, reason), key -> {
            LongAdder count = new LongAdder();
            FunctionCounter.builder(BATCH_ELEMENTS, count, LongAdder::sum)
                    .description("Elements of BPF map batch updates through bpfjmx: written (success), or not, by the "
                            + "call's outcome and reason")
                    .tags("object", key.object, "map", key.map, "outcome", key.outcome.tag(), "reason", key.reason)
                    .register(registry);
            return count;
        });
    }

    private Recorder recorder(String object, String map, String operation, Outcome outcome, String reason) {
        return counters.computeIfAbsent(new Key(object, map, operation, outcome, reason), this::registerCounter);
    }

    private Recorder registerCounter(Key key) {
        Timing timing = timers.computeIfAbsent(new Key(key.object, key.map, key.operation, key.outcome, null),
                this::registerTimer);
        Recorder recorder = new Recorder(timing);
        FunctionCounter.builder(OPERATIONS, recorder, r -> r.count.sum())
                .description("BPF map operations through bpfjmx, by outcome and reason")
                .tags("object", key.object, "map", key.map, "operation", key.operation, "outcome", key.outcome.tag(),
                        "reason", key.reason)
                .register(registry);
        return recorder;
    }

    private Timing registerTimer(Key key) {
        Timing timing = new Timing();
        FunctionTimer.builder(DURATION, timing, t -> t.count.sum(), t -> t.nanos.sum(), TimeUnit.NANOSECONDS)
                .description("Duration of BPF map operations through bpfjmx, hex parsing and checks included")
                .tags("object", key.object, "map", key.map, "operation", key.operation, "outcome", key.outcome.tag())
                .register(registry);
        return timing;
    }

    /** What a timer reads: how many were timed, and their nanoseconds in all. */
    private static final class Timing {
        private final LongAdder count = new LongAdder();
        private final LongAdder nanos = new LongAdder();
    }

    /** What a counter reads, and the timer of its (object, map, operation, outcome). */
    private static final class Recorder {
        private final LongAdder count = new LongAdder();
        private final Timing timing;

        Recorder(Timing timing) {
            this.timing = timing;
        }

        void record(long nanos) {
            count.increment();
            timing.count.increment();
            timing.nanos.add(nanos);
        }
    }

    /**
     * One operation on one map. Its successes, the common case, go to meters resolved on the first one: no lookup
     * and no allocation per call. Rejections and failures are looked up by their reason.
     */
    final class Operation {
        private final String object;
        private final String map;
        private final String operation;
        private volatile Recorder success;

        private Operation(String object, String map, String operation) {
            this.object = object;
            this.map = map;
            this.operation = operation;
        }

        /** A batch call's elements, beside the call itself ({@link #record}). */
        void recordElements(int elements, int written, Outcome outcome, String reason) {
            recordBatchElements(object, map, elements, written, outcome, reason);
        }

        void record(Outcome outcome, String reason, long nanos) {
            if (outcome != Outcome.SUCCESS) {
                OperationMetrics.this.record(object, map, operation, outcome, reason, nanos);
                return;
            }
            Recorder recorder = success;
            if (recorder == null) { // a race resolves the same recorder twice: computeIfAbsent makes only one
                recorder = recorder(object, map, operation, Outcome.SUCCESS, JmxFailure.NO_REASON);
                success = recorder;
            }
            recorder.record(nanos);
        }
    }

    /** The {@code outcome} tag. */
    enum Outcome {
        SUCCESS, REJECTED, FAILED;

        /** Made once: every audit record's line says it. */
        private final String tag = name().toLowerCase(Locale.ROOT);

        String tag() {
            return tag;
        }
    }
}
