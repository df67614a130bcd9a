package io.bpfjmx.agent.audit;

/**
 * One audit record, made into its line by the trail that writes it: an audit file's writer thread formats it, so
 * that the writing caller only hands it over ({@link AuditFile}). Holds nothing that changes.
 */
public interface AuditRecord {
    /** Appends the record's line, without its end. */
    void appendTo(StringBuilder line);

    /** About the characters the record holds, for the bound on what a trail keeps queued. */
    int size();

    /** The record's line. */
    default String line() {
        StringBuilder line = new StringBuilder(256);
        appendTo(line);
        return line.toString();
    }

    /** A record whose line is made already. */
    static AuditRecord of(String line) {
        return new AuditRecord() {
            @Override
            public void appendTo(StringBuilder text) {
                text.append(line);
            }

            @Override
            public int size() {
                return line.length();
            }
        };
    }
}
