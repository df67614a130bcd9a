package io.bpfjmx.agent;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One attempted change to a map, as the audit records it: keys and values exactly as the caller gave them (hex, or
 * JSON for the typed operations; null included), so that even input the agent refuses is on record.
 *
 * @param operation the MBean operation asked for: {@code updateElem} (hex) or {@code update} (typed), …
 * @param flags     null for a delete, which takes none
 * @param applied   for a batch, how many of its elements were written; null for a single update or delete
 */
record Mutation(Kind kind, String operation, List<String> keys, List<String> values, Long flags, Applied applied) {
    /** The elements of a batch that were written, of those asked for (its keys). */
    record Applied(int written, int of) {
        @Override
        public String toString() {
            return written + "/" + of;
        }
    }

    /** The writes there are, with their names in metrics and in notifications. */
    enum Kind {
        UPDATE("update"),
        DELETE("delete"),
        UPDATE_BATCH("update_batch"),
        /** A value added to a queue, stack or bloom filter: no key. */
        PUSH("push"),
        /** A value taken out of a queue or stack: neither key nor value given. */
        POP("pop");

        private final String tag;

        Kind(String tag) {
            this.tag = tag;
        }

        /** The {@code operation} tag of the meters. */
        String tag() {
            return tag;
        }

        /** The type of the audit notification: {@code bpfjmx.map.update}, … */
        String notificationType() {
            return "bpfjmx.map." + tag;
        }
    }

    static Mutation update(String keyHex, String valueHex, long flags) {
        return update("updateElem", keyHex, valueHex, flags);
    }

    /** An update by {@code operation}: {@code updateElem} with hex, {@code update} with JSON. */
    static Mutation update(String operation, String key, String value, long flags) {
        return new Mutation(Kind.UPDATE, operation, Collections.singletonList(key), Collections.singletonList(value),
                flags, null);
    }

    static Mutation delete(String keyHex) {
        return delete("deleteElem", keyHex);
    }

    static Mutation delete(String operation, String key) {
        return new Mutation(Kind.DELETE, operation, Collections.singletonList(key), List.of(), null, null);
    }

    static Mutation push(String valueHex, long flags) {
        return new Mutation(Kind.PUSH, "push", List.of(), Collections.singletonList(valueHex), flags, null);
    }

    static Mutation pop() {
        return new Mutation(Kind.POP, "pop", List.of(), List.of(), null, null);
    }

    /** A batch, none of its elements written yet. */
    static Mutation updateBatch(String[] keysHex, String[] valuesHex, long flags) {
        return new Mutation(Kind.UPDATE_BATCH, "updateBatch", listOf(keysHex), listOf(valuesHex), flags,
                new Applied(0, keysHex == null ? 0 : keysHex.length));
    }

    /** The same batch, {@code written} of its elements written. */
    Mutation written(int written) {
        return new Mutation(kind, operation, keys, values, flags, new Applied(written, applied.of()));
    }

    /**
     * The same, or itself when nothing is too long: each key and value longer than {@code maxChars} cut there and
     * marked {@code ...(N more chars)}; of a batch's keys and values, the first {@code maxListed} kept and the
     * others counted in a last element {@code ...(N more)}.
     */
    Mutation shortened(int maxChars, int maxListed) {
        if (fits(keys, maxChars, maxListed) && fits(values, maxChars, maxListed)) {
            return this; // the common case, on every audited write: no copies
        }
        return new Mutation(kind, operation, shortened(keys, maxChars, maxListed),
                shortened(values, maxChars, maxListed), flags, applied);
    }

    private static boolean fits(List<String> texts, int maxChars, int maxListed) {
        if (texts.size() > maxListed) {
            return false;
        }
        for (String text : texts) {
            if (text != null && text.length() > maxChars) {
                return false;
            }
        }
        return true;
    }

    private static List<String> shortened(List<String> texts, int maxChars, int maxListed) {
        List<String> kept = texts.stream().limit(maxListed).map(text -> text == null || text.length() <= maxChars
                ? text : text.substring(0, maxChars) + "...(" + (text.length() - maxChars) + " more chars)")
                .collect(Collectors.toList()); // keeps nulls, as callers gave them
        if (texts.size() > maxListed) {
            kept.add("...(" + (texts.size() - maxListed) + " more)");
        }
        return kept;
    }

    /** The notification types of every kind, for MBeanInfo. */
    static String[] notificationTypes() {
        return Arrays.stream(Kind.values()).map(Kind::notificationType).toArray(String[]::new);
    }

    private static List<String> listOf(String[] hexes) {
        return hexes == null ? List.of() : Arrays.asList(hexes.clone());
    }
}
