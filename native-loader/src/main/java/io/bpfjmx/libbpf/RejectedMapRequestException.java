package io.bpfjmx.libbpf;

/**
 * A map request refused in Java, before any native call: the message says what was given, what was expected
 * and what to do; {@link #reason()} names the rule, for metrics and for callers that branch on it.
 */
public class RejectedMapRequestException extends IllegalArgumentException {
    /** The rule a request broke. */
    public enum Reason {
        KEY_SIZE, VALUE_SIZE, FLAGS, NO_SPIN_LOCK, READ_ONLY, BATCH_SHAPE,
        /** A typed (JSON) key or value that does not fit the map's BTF type. */
        TYPED_VALUE,
        /** A typed operation on a map whose key or value has no BTF type JSON can express. */
        NO_BTF,
        /**
         * An operation the map's type does not have: a key-based one on a queue, stack or bloom filter, push, pop or
         * peek on a map with keys, any element operation on a ring buffer or perf event array.
         */
        MAP_TYPE,
        /**
         * Raw bytes for a map whose values are file descriptors (a program array, a map of maps: give the program or
         * map by id, pin or name instead), or any write of such values bpfjmx cannot give (sockets, perf events,
         * cgroups, devices); see {@link FdValue}.
         */
        FD_VALUE;

        /** Lower-case form for metric tags and logs, e.g. {@code key_size}. */
        public String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final Reason reason;

    public RejectedMapRequestException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
