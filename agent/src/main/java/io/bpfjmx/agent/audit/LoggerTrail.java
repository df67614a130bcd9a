package io.bpfjmx.agent.audit;

import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The audit without the agent option {@code auditFile}: each record, prefixed {@code bpfjmx audit: }, goes to the
 * handlers of the logger {@value AuditTrails#LOGGER} and of its parents, on the caller's thread.
 */
final class LoggerTrail implements AuditTrail {
    static final LoggerTrail INSTANCE = new LoggerTrail();
    /** Held: java.util.logging keeps loggers weakly, and the handlers' configuration hangs on the logger. */
    private static final Logger LOG = Logger.getLogger(AuditTrails.LOGGER);

    private LoggerTrail() {}

    /**
     * Hands the record to the handlers as {@code Logger.log} would, but whatever the loggers' levels: a level is what
     * any JMX client can set through {@code java.util.logging:type=Logging}, and a writer must not be able to switch
     * off its own trail. The handlers' own levels and filters, which come from the JVM's logging configuration only,
     * still apply.
     */
    @Override
    public void write(AuditRecord line) {
        StringBuilder message = new StringBuilder(256).append("bpfjmx audit: ");
        line.appendTo(message);
        LogRecord record = new LogRecord(Level.INFO, message.toString());
        record.setLoggerName(AuditTrails.LOGGER);
        // the source named, so that java.util.logging does not walk the stack to find it on every write
        record.setSourceClassName("io.bpfjmx.agent.Audit");
        record.setSourceMethodName("record");
        for (Logger logger = LOG; logger != null; logger = logger.getUseParentHandlers() ? logger.getParent() : null) {
            for (Handler handler : logger.getHandlers()) {
                handler.publish(record);
            }
        }
    }

    /** Nothing: what the handlers do with a record is the JVM's logging configuration's business. */
    @Override
    public String trouble() {
        return "";
    }
}
