package io.bpfjmx.agent.audit;

/** Where the audit's records go: java.util.logging's handlers ({@link LoggerTrail}), or a file of the agent's own. */
public interface AuditTrail {
    /**
     * Takes one record (a line without its end, once formatted); never blocks and never throws, so that no write to
     * a map waits for the audit or fails because of it. A record that cannot be kept is counted and said in
     * {@link #trouble}.
     */
    void write(AuditRecord record);

    /** {@link #write(AuditRecord)} of a line made already. */
    default void write(String record) {
        write(AuditRecord.of(record));
    }

    /**
     * What keeps records from the trail now, for the objects' {@code Status} (e.g. {@code audit file /x: cannot
     * write since …: No space left on device; 12 records lost}); empty when nothing does.
     */
    String trouble();
}
