package io.bpfjmx.agent;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One attempted change to a map, as the audit records it: keys and values exactly as the caller gave them (null
 * included), so that even input the agent refuses is on record.
 *
 * @param flags null for a delete, which takes none
 */
record Mutation(Kind kind, List<String> keys, List<String> values, Long flags) {
    /** The writes there are, with their names in metrics, in the MBeans' operations and in notifications. */
    enum Kind {
        UPDATE("update", "updateElem"),
        DELETE("delete", "deleteElem"),
        UPDATE_BATCH("update_batch", "updateBatch");

        private final String tag;
        private final String operation;

        Kind(String tag, String operation) {
            this.tag = tag;
            this.operation = operation;
        }

        /** The {@code operation} tag of the meters. */
        String tag() {
            return tag;
        }

        /** The MBean operation that does it. */
        String operation() {
            return operation;
        }

        /** The type of the audit notification: {@code bpfjmx.map.update}, … */
        String notificationType() {
            return "bpfjmx.map." + tag;
        }
    }

    static Mutation update(String keyHex, String valueHex, long flags) {
        return new Mutation(Kind.UPDATE, Collections.singletonList(keyHex), Collections.singletonList(valueHex), flags);
    }

    static Mutation delete(String keyHex) {
        return new Mutation(Kind.DELETE, Collections.singletonList(keyHex), List.of(), null);
    }

    static Mutation updateBatch(String[] keysHex, String[] valuesHex, long flags) {
        return new Mutation(Kind.UPDATE_BATCH, listOf(keysHex), listOf(valuesHex), flags);
    }

    /** The same, each key and value longer than {@code maxChars} cut there and marked {@code ...(N more chars)}. */
    Mutation shortened(int maxChars) {
        return new Mutation(kind, shortened(keys, maxChars), shortened(values, maxChars), flags);
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
