package io.bpfjmx.agent.audit;

import io.bpfjmx.agent.options.AgentOptions;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * The agent's audit trails: java.util.logging's, or one file per path given as the agent option {@code auditFile}
 * (objects loaded by different attaches with the same path share its file and its writer, with the size and count
 * of the first). The agent's shutdown hook {@link #close closes} the files before it closes the objects.
 */
public final class AuditTrails {
    /** The logger of the audit without {@code auditFile}. */
    public static final String LOGGER = "io.bpfjmx.audit";
    /** How long the shutdown waits, at most, for the records still queued to be written. */
    public static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    private final Map<Path, AuditFile> files = new LinkedHashMap<>();

    /**
     * The trail of the objects loaded with {@code options}: null when the agent option {@code audit=false} turns the
     * audit off, the file {@code auditFile} names, or else java.util.logging's.
     *
     * @param registry where an audit file's meters go
     */
    public synchronized AuditTrail trailOf(AgentOptions options, MeterRegistry registry) {
        if (!options.audit()) {
            return null;
        }
        Path path = options.auditFile();
        if (path == null) {
            return LoggerTrail.INSTANCE;
        }
        return files.computeIfAbsent(path, p -> new AuditFile(p, options.auditFileSize(), options.auditFileCount(),
                registry));
    }

    /**
     * Writes what the files' queues hold and closes them, waiting at most {@link #CLOSE_TIMEOUT} for all; a record
     * that comes later is dropped and counted.
     */
    public void close() {
        List<AuditFile> open;
        synchronized (this) {
            open = new ArrayList<>(files.values());
        }
        long deadline = System.nanoTime() + CLOSE_TIMEOUT.toNanos();
        for (AuditFile file : open) {
            try {
                if (!file.close(deadline)) {
                    Logger.getLogger(AuditTrails.class.getName()).warning("bpfjmx: the audit file's writer did not "
                            + "finish within " + CLOSE_TIMEOUT.toSeconds() + " s of the JVM's shutdown; the records "
                            + "still queued are lost");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
