package io.bpfjmx.agent;

import io.bpfjmx.agent.OperationMetrics.Outcome;
import io.bpfjmx.agent.audit.AuditRecord;
import io.bpfjmx.agent.audit.AuditTrail;
import io.bpfjmx.agent.audit.AuditTrails;
import java.util.List;

/**
 * The audit of one object's map writes: every update, delete and batch update, whatever its outcome (refused
 * input included), becomes one record of its {@link AuditTrail} (the file of the agent option {@code auditFile}, or
 * else an INFO record of the logger {@value #LOGGER}; none when the agent option {@code audit=false} turns the
 * audit off) and a notification from the object's
 * MBean and from the map's (once anyone listens to them: before that there is nobody to tell). Both name the caller's principal, the map, the keys, the values (unless the agent
 * option {@code auditValues=false} leaves them out), the flags, the outcome and its reason, e.g.
 * {@code bpfjmx audit: principal=writer object=fixtures map=hash_map operation=update key=01000000
 * value=2a00000000000000 flags=1 outcome=failed reason=EEXIST} (the notification's message is the same without
 * the {@code bpfjmx audit:} prefix). A batch's record also says how many of its elements were written,
 * {@code applied=2/3}: all of them on success, none when refused, and as far as the kernel got when it failed.
 *
 * <p>Caller-given text is quoted and escaped when it holds anything but hex digits and colons, so no input can
 * forge a record or split one; and bounded, whatever the outcome, so that no input can flood the log or the
 * notifications: each key and value is cut after {@value #MAX_TEXT} characters, a batch lists its first
 * {@value #MAX_LISTED} keys and values and counts the others ({@code ...(N more)}).
 */
final class Audit {
    static final String LOGGER = AuditTrails.LOGGER;
    private static final String VALUES_OMITTED = "(omitted: auditValues=false)";
    /** A key or value longer than this is cut, so that no input can flood the log or the notifications. */
    static final int MAX_TEXT = 4096;
    /** The keys and values of a batch listed, at most; a last element {@code ...(N more)} counts the others. */
    static final int MAX_LISTED = 32;

    private final String objectName;
    private final AuditEmitter objectEmitter;
    /** null when the agent option {@code audit=false} turns the audit off. */
    private final AuditTrail trail;
    private final boolean includeValues;

    /**
     * @param trail where records go, or null for nowhere (agent option {@code audit=false})
     * @param includeValues whether they show the values written (agent option {@code auditValues})
     */
    Audit(String objectName, AuditEmitter objectEmitter, AuditTrail trail, boolean includeValues) {
        this.objectName = objectName;
        this.objectEmitter = objectEmitter;
        this.trail = trail;
        this.includeValues = includeValues;
    }

    /**
     * What keeps records from the audit now, for the object's {@code Status}: {@code " (audit file …: cannot write
     * …)"}, or empty.
     */
    String trouble() {
        String trouble = trail == null ? "" : trail.trouble();
        return trouble.isEmpty() ? "" : " (" + trouble + ")";
    }

    /** What the object's MBean emits. */
    AuditEmitter objectEmitter() {
        return objectEmitter;
    }

    /**
     * Whether a write to the map of {@code mapEmitter} makes a record: unless the audit is off
     * ({@code audit=false}) and nobody listens.
     */
    boolean records(AuditEmitter mapEmitter) {
        return trail != null || objectEmitter.isListened() || (mapEmitter != null && mapEmitter.isListened());
    }

    /**
     * Records one write.
     *
     * @param mapEmitter the map's MBean's emitter, or null for a map name the object does not have
     */
    void record(String mapName, AuditEmitter mapEmitter, Mutation mutation, Outcome outcome, String reason) {
        if (!records(mapEmitter)) {
            return; // audit=false, and nobody listens
        }
        boolean toObject = objectEmitter.isListened();
        boolean toMap = mapEmitter != null && mapEmitter.isListened();
        String principal = CallerPrincipal.name();
        Mutation recorded = mutation.shortened(MAX_TEXT, MAX_LISTED);
        MapWrite write = new MapWrite(principal, mapName, recorded, outcome, reason);
        if (trail != null) {
            trail.write(write); // formatted by the trail: an audit file's writer thread does it, not this one
        }
        if (toObject || toMap) {
            String line = write.line();
            var data = OpenTypes.mutation(principal, objectName, mapName, recorded, includeValues, outcome.tag(),
                    reason);
            String type = mutation.kind().notificationType();
            if (toObject) {
                objectEmitter.announce(type, line, data);
            }
            if (toMap) {
                mapEmitter.announce(type, line, data);
            }
        }
    }

    /**
     * Records an operation on the object as a whole ({@code reload}), in the shape of a map write's record, e.g.
     * {@code principal=ops object=counters operation=reload outcome=success reason=none}. No notification: the
     * audit notification types are map writes'.
     */
    void recordObject(String operation, Outcome outcome, String reason) {
        writeObjectRecord(operation, "", outcome, reason);
    }

    /** Records an operation on one program of the object: {@code … operation=detach_program program=x …}. */
    void recordProgram(String operation, String program, Outcome outcome, String reason) {
        writeObjectRecord(operation, " program=" + quote(program), outcome, reason);
    }

    private void writeObjectRecord(String operation, String target, Outcome outcome, String reason) {
        if (trail != null) {
            trail.write("principal=" + quote(CallerPrincipal.name()) + " object=" + quote(objectName) + " operation="
                    + operation + target + " outcome=" + outcome.tag() + " reason=" + reason);
        }
    }

    /**
     * The record of one map write, made into its line where the trail wants it: the line's parts are all the write
     * keeps, so that an audit file's caller only queues it.
     */
    private final class MapWrite implements AuditRecord {
        private final String principal;
        private final String mapName;
        private final Mutation mutation;
        private final Outcome outcome;
        private final String reason;

        MapWrite(String principal, String mapName, Mutation mutation, Outcome outcome, String reason) {
            this.principal = principal;
            this.mapName = mapName;
            this.mutation = mutation;
            this.outcome = outcome;
            this.reason = reason;
        }

        @Override
        public void appendTo(StringBuilder line) {
            boolean batch = mutation.kind() == Mutation.Kind.UPDATE_BATCH;
            quote(line.append("principal="), principal);
            quote(line.append(" object="), objectName);
            quote(line.append(" map="), mapName);
            line.append(" operation=").append(mutation.kind().tag());
            boolean keyless = mutation.kind() == Mutation.Kind.PUSH || mutation.kind() == Mutation.Kind.POP;
            if (!keyless) {
                texts(line.append(batch ? " keys=" : " key="), mutation.keys(), batch);
            }
            if (mutation.kind() != Mutation.Kind.DELETE && mutation.kind() != Mutation.Kind.POP) {
                line.append(batch ? " values=" : " value=");
                if (includeValues) {
                    texts(line, mutation.values(), batch);
                } else {
                    line.append(VALUES_OMITTED);
                }
                line.append(" flags=").append(mutation.flags());
            }
            if (mutation.applied() != null) {
                line.append(" applied=").append(mutation.applied());
            }
            line.append(" outcome=").append(outcome.tag()).append(" reason=").append(reason);
        }

        /** The characters of the texts it holds, roughly: a line's fixed words are about 100 more. */
        @Override
        public int size() {
            int size = 100 + length(principal) + length(mapName) + length(reason);
            for (String key : mutation.keys()) {
                size += length(key);
            }
            for (String value : mutation.values()) {
                size += length(value);
            }
            return size;
        }

        private static int length(String text) {
            return text == null ? 0 : text.length();
        }
    }

    /**
     * Loops rather than streams: this runs on every audited write. An element after the {@value #MAX_LISTED} listed
     * is {@link Mutation#shortened}'s count of the others, not caller text, and is not quoted.
     */
    private static void texts(StringBuilder line, List<String> texts, boolean asList) {
        line.append(asList ? "[" : "");
        for (int i = 0; i < texts.size(); i++) {
            line.append(i == 0 ? "" : ", ");
            if (i < MAX_LISTED) {
                quote(line, texts.get(i));
            } else {
                line.append(texts.get(i));
            }
        }
        line.append(asList ? "]" : "");
    }

    /** As it is when it is plain hex (or a name); else in double quotes, with escapes for quotes and controls. */
    static String quote(String text) {
        return quote(new StringBuilder(), text).toString();
    }

    /** {@link #quote(String)}, appended to {@code line}. */
    private static StringBuilder quote(StringBuilder line, String text) {
        if (text == null) {
            return line.append("null");
        }
        if (isPlain(text)) {
            return line.append(text);
        }
        line.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                line.append('\\').append(c);
            } else if (c < 0x20 || c > 0x7e) {
                line.append(String.format("\\u%04x", (int) c));
            } else {
                line.append(c);
            }
        }
        return line.append('"');
    }

    private static boolean isPlain(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (!isPlain(text.charAt(i))) {
                return false;
            }
        }
        return !text.isEmpty();
    }

    private static boolean isPlain(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == ':' || c == '.'
                || c == '_' || c == '(' || c == ')';
    }
}
