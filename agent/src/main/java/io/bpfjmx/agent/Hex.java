package io.bpfjmx.agent;

import java.util.HexFormat;

/**
 * Hex text as operators type it: upper or lower case, an optional {@code 0x}, bytes optionally separated by
 * spaces or colons ({@code "63 61 74"}, {@code "63:61:74"}, {@code "0x636174"}). Bytes are in the map's raw
 * order: little-endian for numbers on this host.
 */
final class Hex {
    private static final HexFormat FORMAT = HexFormat.of();

    private Hex() {}

    /**
     * @param what the parameter's name, for messages ({@code keyHex})
     * @throws IllegalArgumentException for a missing or empty text, an odd digit count, or a non-hex character
     *                                  (with its position, counting from 1; shown as U+XXXX unless printable ASCII)
     */
    static byte[] parse(String text, String what) {
        if (text == null) {
            throw new IllegalArgumentException(what + " is missing; give the bytes as hex, e.g. 0a000000");
        }
        int start = text.startsWith("0x") || text.startsWith("0X") ? 2 : 0;
        int digits = 0;
        for (int i = start; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == ' ' || c == ':') {
                continue;
            }
            if (!isHexDigit(c)) {
                throw new IllegalArgumentException(what + " has " + shown(c) + " at position " + (i + 1)
                        + ", which is not a hex digit; use 0-9 and a-f, bytes optionally separated by spaces or colons");
            }
            digits++;
        }
        if (digits == 0) {
            throw new IllegalArgumentException(what + " is empty; give the bytes as hex, e.g. 0a000000");
        }
        if (digits % 2 != 0) {
            throw new IllegalArgumentException(what + " has " + digits + " hex digits, an odd count; each "
                    + "byte takes two digits (write 0a, not a)");
        }
        return decode(text, start, digits / 2);
    }

    /**
     * The bytes of {@code text}'s digits from {@code start}, separators skipped; the digits are checked already.
     * Decoded here rather than copied into a builder for {@link HexFormat}: this runs twice per map update.
     */
    private static byte[] decode(String text, int start, int length) {
        byte[] bytes = new byte[length];
        int high = -1;
        int next = 0;
        for (int i = start; i < text.length(); i++) {
            int value = Character.digit(text.charAt(i), 16); // -1 for a separator
            if (value < 0) {
                continue;
            }
            if (high < 0) {
                high = value;
            } else {
                bytes[next++] = (byte) (high << 4 | value);
                high = -1;
            }
        }
        return bytes;
    }

    /** ASCII only: {@link Character#digit} also takes other scripts' digits, which {@link HexFormat} refuses. */
    private static boolean isHexDigit(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    /** {@code 'g'}, or {@code U+000A} for what would not print plainly in a message. */
    private static String shown(char c) {
        return c > ' ' && c < 0x7f ? "'" + c + "'" : String.format("U+%04X", (int) c);
    }

    /** Lower-case hex without separators: what {@link #parse} reads back. */
    static String format(byte[] bytes) {
        return FORMAT.formatHex(bytes);
    }
}
