package io.bpfjmx.libbpf;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The flags of a map update: one of {@code BPF_ANY} (0), {@code BPF_NOEXIST} (1), {@code BPF_EXIST} (2),
 * optionally with {@code BPF_F_LOCK} (4). Anything else is refused before the kernel sees it.
 */
public final class UpdateFlags {
    public static final long ANY = 0;
    public static final long NOEXIST = 1;
    public static final long EXIST = 2;
    public static final long F_LOCK = 4;

    private static final long KNOWN = NOEXIST | EXIST | F_LOCK;
    private static final String EXPECTED = "expected ANY (0), NOEXIST (1) or EXIST (2), optionally plus F_LOCK (4)";

    private final long bits;

    private UpdateFlags(long bits) {
        this.bits = bits;
    }

    /** Checks the bits: unknown bits, and NOEXIST together with EXIST, are refused. */
    public static UpdateFlags of(long bits) {
        if ((bits & ~KNOWN) != 0) {
            throw new RejectedMapRequestException(RejectedMapRequestException.Reason.FLAGS,
                    "flags " + bits + " have unknown bits 0x" + Long.toHexString(bits & ~KNOWN) + "; " + EXPECTED);
        }
        if ((bits & (NOEXIST | EXIST)) == (NOEXIST | EXIST)) {
            throw new RejectedMapRequestException(RejectedMapRequestException.Reason.FLAGS,
                    "flags " + bits + " combine NOEXIST and EXIST, which exclude each other; " + EXPECTED);
        }
        return new UpdateFlags(bits);
    }

    /**
     * Parses names or numbers, joined by {@code |} or {@code +}: {@code "noexist"}, {@code "BPF_EXIST|BPF_F_LOCK"},
     * {@code "lock"}, {@code "6"}.
     */
    public static UpdateFlags parse(String text) {
        long bits = 0;
        for (String part : text.split("[|+,]")) {
            bits |= parseOne(part.strip());
        }
        return of(bits);
    }

    private static long parseOne(String part) {
        String name = part.toUpperCase(Locale.ROOT).replaceFirst("^BPF_", "").replaceFirst("^F_", "");
        switch (name) {
            case "ANY": return ANY;
            case "NOEXIST": return NOEXIST;
            case "EXIST": return EXIST;
            case "LOCK": return F_LOCK;
            default:
                try {
                    return Long.decode(part);
                } catch (NumberFormatException e) {
                    throw new RejectedMapRequestException(RejectedMapRequestException.Reason.FLAGS,
                            "flag '" + part + "' is neither a name nor a number; expected any, noexist, exist, lock"
                                    + " or a number");
                }
        }
    }

    public long bits() {
        return bits;
    }

    public boolean hasLock() {
        return (bits & F_LOCK) != 0;
    }

    public boolean isNoExist() {
        return (bits & NOEXIST) != 0;
    }

    public boolean isExist() {
        return (bits & EXIST) != 0;
    }

    /** {@code NOEXIST|F_LOCK}, {@code ANY}, … */
    @Override
    public String toString() {
        List<String> names = new ArrayList<>();
        if (isNoExist()) names.add("NOEXIST");
        if (isExist()) names.add("EXIST");
        if (names.isEmpty()) names.add("ANY");
        if (hasLock()) names.add("F_LOCK");
        return String.join("|", names);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof UpdateFlags && ((UpdateFlags) other).bits == bits;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(bits);
    }
}
