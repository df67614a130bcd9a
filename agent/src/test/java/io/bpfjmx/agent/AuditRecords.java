package io.bpfjmx.agent;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** The audit log as a test sees it: the messages of the {@code io.bpfjmx.audit} logger between start and stop. */
final class AuditRecords extends Handler {
    private static final Logger AUDIT = Logger.getLogger(Audit.LOGGER);
    private final List<String> messages = new CopyOnWriteArrayList<>();

    /** What was logged since {@link #start}, in order; the list fills as records come. */
    List<String> messages() {
        return messages;
    }

    void start() {
        AUDIT.addHandler(this);
    }

    void stop() {
        AUDIT.removeHandler(this);
    }

    @Override
    public void publish(LogRecord record) {
        messages.add(record.getMessage());
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
}
