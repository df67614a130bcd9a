package io.bpfjmx.agent;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * Hex text as operators type it: upper or lower case, an optional {@code 0x}, bytes optionally separated by
 * spaces or colons ({@code "63 61 74"}, {@code "63:61:74"}, {@code "0x636174"}); a separator goes only between two
 * bytes, never inside one ({@code 1:0} is refused, not read as {@code 10}). Bytes are in the map's raw order:
 * little-endian for numbers on this host.
 *
 * <p>A text is bounded by the bytes it may hold where it is used: at most {@link #maxChars 4 characters a byte and
 * 64 more}, room for any separators and spaces around; anything longer is refused before it is read.
 */
final class Hex {
    private static final byte[] DIGITS = "0123456789abcdef".getBytes(StandardCharsets.ISO_8859_1);
    /** Characters allowed beyond 4 a byte: {@code 0x}, and spaces around the bytes. */
    static final int SLACK_CHARS = 64;

    private Hex() {}

    /**
     * @param what     the parameter's name, for messages ({@code keyHex})
     * @param maxBytes the most bytes the text may hold here (a map's key size, or its value buffer size): it bounds
     *                 the text's length, not the byte count, which the map's own size rules check
     * @throws IllegalArgumentException for a missing, empty or too long text, an odd digit count, a separator inside
     *                                  a byte, or a non-hex character (with its position, counting from 1; shown as
     *                                  U+XXXX unless printable ASCII)
     */
    static byte[] parse(String text, String what, int maxBytes) {
        if (text == null) {
            throw new IllegalArgumentException(what + " is missing; give the bytes as hex, e.g. 0a000000");
        }
        int maxChars = maxChars(maxBytes);
        if (text.length() > maxChars) {
            throw new IllegalArgumentException(what + " is " + text.length() + " characters long, more than any hex "
                    + "of " + maxBytes + " bytes (at most " + maxChars + " characters: 4 a byte and " + SLACK_CHARS
                    + " more); give at most " + maxBytes + " bytes");
        }
        int start = text.startsWith("0x") || text.startsWith("0X") ? 2 : 0;
        int digits = 0;
        for (int i = start; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == ' ' || c == ':') {
                if (digits % 2 != 0) {
                    throw new IllegalArgumentException(what + " has " + (c == ' ' ? "a space" : "':'")
                            + " at position " + (i + 1) + ", inside a byte (after its first digit); separators (spaces "
                            + "or colons) go only between bytes of two digits each: write 01:00, not 1:0");
                }
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

    /** The longest text {@link #parse} reads for {@code maxBytes} bytes: 4 characters a byte and 64 more. */
    static int maxChars(int maxBytes) {
        return (int) Math.min(Integer.MAX_VALUE, 4L * maxBytes + SLACK_CHARS);
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

    /**
     * Lower-case hex without separators: what {@link #parse} reads back. By a table rather than
     * {@link HexFormat#formatHex}, which builds the text a character at a time: a page of a dump formats 200,000 of
     * these, and a JFR recording of such pages put half their time there.
     */
    static String format(byte[] bytes) {
        byte[] text = new byte[bytes.length * 2];
        digits(bytes, 0, bytes.length, text);
        return new String(text, StandardCharsets.ISO_8859_1);
    }

    private static void digits(byte[] bytes, int offset, int length, byte[] text) {
        for (int i = 0; i < length; i++) {
            text[2 * i] = DIGITS[(bytes[offset + i] >> 4) & 0xf];
            text[2 * i + 1] = DIGITS[bytes[offset + i] & 0xf];
        }
    }

    /**
     * {@link #format} of many byte runs in a row (a page of a dump: 200,000 of them), read in place, through one text
     * buffer: each run leaves only its String behind. Not for concurrent use.
     */
    static final class Formatter {
        private byte[] text = new byte[0];

        String format(byte[] bytes, int offset, int length) {
            if (text.length < 2 * length) {
                text = new byte[2 * length];
            }
            digits(bytes, offset, length, text);
            return new String(text, 0, 2 * length, StandardCharsets.ISO_8859_1);
        }
    }
}
