package io.bpfjmx.agent;

import io.bpfjmx.agent.OperationMetrics.Outcome;
import io.bpfjmx.libbpf.BpfException;
import io.bpfjmx.libbpf.RejectedMapRequestException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A failed map operation as meters, audit and JMX clients see it: its outcome, its reason tag, and the plain JDK
 * exception that crosses the wire with the full message (a client without bpfjmx's classes cannot deserialize
 * ours). {@link IllegalArgumentException} for bad input, {@link IllegalStateException} for a kernel refusal (the
 * message names the errno), {@link UnsupportedOperationException} for a write the agent's options forbid.
 */
record JmxFailure(Outcome outcome, String reason, RuntimeException exception) {
    static final String NO_REASON = "none";
    private static final Logger LOG = Logger.getLogger(JmxFailure.class.getName());

    static JmxFailure of(RuntimeException e) {
        if (e instanceof RejectedMapRequestException rejected) {
            return new JmxFailure(Outcome.REJECTED, rejected.reason().tag(),
                    new IllegalArgumentException(e.getMessage()));
        }
        if (e instanceof BpfException failed) {
            return new JmxFailure(Outcome.FAILED, failed.errnoName(), new IllegalStateException(e.getMessage()));
        }
        if (e instanceof WritePolicy.RefusedException refused) {
            return new JmxFailure(Outcome.REJECTED, refused.reason(),
                    new UnsupportedOperationException(e.getMessage()));
        }
        if (e instanceof IllegalArgumentException) { // hex, shapes of batches, maxEntries
            return new JmxFailure(Outcome.REJECTED, "bad_argument", new IllegalArgumentException(e.getMessage()));
        }
        if (e instanceof java.util.ConcurrentModificationException) { // a walk that keys deleted kept sending back
            return new JmxFailure(Outcome.FAILED, "map_changing", new IllegalStateException(e.getMessage()
                    + "; read it again, or in smaller pages (getNextKey)"));
        }
        if (e instanceof IllegalStateException) { // the object is closed
            return new JmxFailure(Outcome.FAILED, "closed", new IllegalStateException(e.getMessage()));
        }
        LOG.log(Level.FINE, "bpfjmx: unexpected failure of a map operation", e);
        return new JmxFailure(Outcome.FAILED, "internal",
                new IllegalStateException("bpfjmx failed unexpectedly: " + e + " (details at log level FINE of "
                        + LOG.getName() + ")"));
    }
}
