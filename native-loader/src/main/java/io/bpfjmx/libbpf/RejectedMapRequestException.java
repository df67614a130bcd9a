package io.bpfjmx.libbpf;

/**
 * A map request refused in Java, before any native call: the message says what was given, what was expected
 * and what to do; {@link #reason()} names the rule, for metrics and for callers that branch on it.
 */
public class RejectedMapRequestException extends IllegalArgumentException {
    /** The rule a request broke. */
    public enum Reason {
        KEY_SIZE, VALUE_SIZE, FLAGS, NO_SPIN_LOCK, READ_ONLY, BATCH_SHAPE;

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
