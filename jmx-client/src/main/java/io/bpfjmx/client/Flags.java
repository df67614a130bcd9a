package io.bpfjmx.client;

import java.util.Locale;
import java.util.Map;

/**
 * Update flags as the operator writes them: names ({@code any}, {@code noexist}, {@code exist}, {@code lock}, with or
 * without the {@code BPF_}/{@code BPF_F_} prefix) joined by {@code ,} or {@code |}, or a number ({@code 4},
 * {@code 0x4}). On the wire they are the kernel's numbers.
 */
final class Flags {
    static final long ANY = 0;
    static final long LOCK = 4;
    private static final Map<String, Long> NAMES = Map.of("any", ANY, "noexist", 1L, "exist", 2L, "lock", LOCK);
    static final String SYNTAX = "any, noexist, exist, lock (joined with , or |, e.g. exist,lock) or a number";

    private Flags() {}

    /** @throws IllegalArgumentException naming the part that is not a flag */
    static long parse(String text) {
        long flags = 0;
        for (String part : text.split("[,|]", -1)) {
            flags |= one(part.strip());
        }
        return flags;
    }

    private static long one(String part) {
        String name = part.toLowerCase(Locale.ROOT).replaceFirst("^bpf_(f_)?", "");
        Long named = NAMES.get(name);
        if (named != null) {
            return named;
        }
        try {
            long number = name.startsWith("0x") ? Long.parseLong(name.substring(2), 16) : Long.parseLong(name);
            if (number >= 0) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("'" + part + "' is not a flag; flags are " + SYNTAX);
    }
}
