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
 * @param flags null for a delete, which takes none
 */
record Mutation(Kind kind, String operation, List<String> keys, List<String> values, Long flags) {
    /** The writes there are, with their names in metrics and in notifications. */
    enum Kind {
        UPDATE("update"),
        DELETE("delete"),
        UPDATE_BATCH("update_batch");

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
                flags);
    }

    static Mutation delete(String keyHex) {
        return delete("deleteElem", keyHex);
    }

    static Mutation delete(String operation, String key) {
        return new Mutation(Kind.DELETE, operation, Collections.singletonList(key), List.of(), null);
    }

    static Mutation updateBatch(String[] keysHex, String[] valuesHex, long flags) {
        return new Mutation(Kind.UPDATE_BATCH, "updateBatch", listOf(keysHex), listOf(valuesHex), flags);
    }

    /** The same, each key and value longer than {@code maxChars} cut there and marked {@code ...(N more chars)}. */
    Mutation shortened(int maxChars) {
        return new Mutation(kind, operation, shortened(keys, maxChars), shortened(values, maxChars), flags);
    }

    private static List<String> shortened(List<String> texts, int maxChars) {
        return texts.stream().map(text -> text == null || text.length() <= maxChars ? text
                : text.substring(0, maxChars) + "...(" + (text.length() - maxChars) + " more chars)")
                .collect(Collectors.toList()); // keeps nulls, as callers gave them
    }

    /** The notification types of every kind, for MBeanInfo. */
    static String[] notificationTypes() {
        return Arrays.stream(Kind.values()).map(Kind::notificationType).toArray(String[]::new);
    }

    private static List<String> listOf(String[] hexes) {
        return hexes == null ? List.of() : Arrays.asList(hexes.clone());
    }
}
