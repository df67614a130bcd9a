package io.bpfjmx.agent;

import io.bpfjmx.agent.OperationMetrics.Outcome;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The audit of what is done to an object as a whole ({@code reload}) or to its programs ({@code attachProgram},
 * {@code detachProgram}), beside {@link Audit}'s of map writes: one INFO
 * record of the same logger and in the same shape, e.g. {@code bpfjmx audit: principal=ops object=counters
 * operation=reload outcome=success reason=none}. No notification: the audit notification types are map writes'.
 */
final class ObjectAudit {
    private static final Logger LOG = Logger.getLogger(Audit.LOGGER);

    private ObjectAudit() {}

    static void record(String object, String operation, Outcome outcome, String reason) {
        write(object, operation, "", outcome, reason);
    }

    /** The audit of an operation on one program of the object: {@code … operation=detach_program program=x …}. */
    static void recordProgram(String object, String operation, String program, Outcome outcome, String reason) {
        write(object, operation, " program=" + Audit.quote(program), outcome, reason);
    }

    private static void write(String object, String operation, String target, Outcome outcome, String reason) {
        if (LOG.isLoggable(Level.INFO)) {
            LOG.logp(Level.INFO, ObjectAudit.class.getName(), "record", "bpfjmx audit: principal="
                    + Audit.quote(CallerPrincipal.name()) + " object=" + Audit.quote(object) + " operation=" + operation
                    + target + " outcome=" + outcome.tag() + " reason=" + reason);
        }
    }
}
