package io.bpfjmx.client;

import java.math.BigInteger;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Locale;

/**
 * How keys and values are written on the command line and shown back, sized by the map:
 * <ul>
 *   <li>{@code str:TEXT}: UTF-8 text, NUL-padded to the size; refused if longer.</li>
 *   <li>{@code int:N}: an integer of the size (1, 2, 4 or 8 bytes), in the byte order of the target's host (the
 *       agent's {@code ByteOrder}; little-endian on x86-64 and arm64); decimal or {@code 0x} hex, negative numbers
 *       in two's complement.</li>
 *   <li>{@code hex:HEX} or bare HEX: the raw bytes, exactly the size.</li>
 * </ul>
 * Values are shown back in the same syntax ({@link #format}), so what {@code lookup} prints can be typed again.
 */
final class ValueSyntax {
    private static final HexFormat HEX = HexFormat.of();

    private ValueSyntax() {}

    /**
     * The hex of {@code text} as {@code size} bytes.
     *
     * @param what what the text is, for messages: "key" or "value"
     * @param order the byte order of {@code int:} numbers in the map
     * @throws IllegalArgumentException saying what was expected
     */
    static String parse(String text, String what, int size, ByteOrder order) {
        if (text.startsWith("str:")) {
            return string(text.substring(4), what, size);
        }
        if (text.startsWith("int:")) {
            return integer(text.substring(4), what, size, order);
        }
        String hex = text.startsWith("hex:") ? text.substring(4) : text;
        if (hex.startsWith("0x") && !text.startsWith("hex:")) {
            throw new IllegalArgumentException(what + " '" + text + "' is ambiguous: write int:" + text
                    + " for a number or hex:" + hex.substring(2) + " for bytes");
        }
        checkHex(hex, what, size);
        return hex.toLowerCase(Locale.ROOT);
    }

    /**
     * A value for a per-CPU map: one CPU's value ({@code valueSize} bytes, written to every CPU), or as hex the
     * whole buffer of every CPU's slot ({@code bufferSize} bytes, as {@code lookup --hex} shows it).
     */
    static String parsePerCpuValue(String text, int valueSize, int bufferSize, ByteOrder order) {
        String hex = text.startsWith("hex:") ? text.substring(4) : text;
        if (hex.length() == 2 * bufferSize && isHex(hex)) {
            return hex.toLowerCase(Locale.ROOT);
        }
        return parse(text, "value", valueSize, order);
    }

    /** Bytes shown as the operator would type them: {@code int:N} for 1, 2, 4, 8 bytes, {@code str:} for text. */
    static String format(String hex, ByteOrder order) {
        int length = hex.length();
        if (length == 2 || length == 4 || length == 8 || length == 16) {
            return "int:" + Long.toUnsignedString(unsigned(hex, order));
        }
        byte[] bytes = HEX.parseHex(hex);
        String text = paddedText(bytes);
        return text != null ? "str:" + text : hex;
    }

    private static String string(String text, String what, int size) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > size) {
            throw new IllegalArgumentException(what + " str:" + text + " is " + bytes.length + " bytes; the map's "
                    + what + " is " + size + " bytes");
        }
        byte[] padded = new byte[size];
        System.arraycopy(bytes, 0, padded, 0, bytes.length);
        return HEX.formatHex(padded);
    }

    private static String integer(String number, String what, int size, ByteOrder order) {
        if (size != 1 && size != 2 && size != 4 && size != 8) {
            throw new IllegalArgumentException("int: needs a " + what + " of 1, 2, 4 or 8 bytes; the map's " + what
                    + " is " + size + " bytes: give str:TEXT or hex");
        }
        BigInteger value;
        try {
            boolean negative = number.startsWith("-");
            String digits = negative ? number.substring(1) : number;
            value = digits.startsWith("0x") ? new BigInteger(digits.substring(2), 16) : new BigInteger(digits);
            value = negative ? value.negate() : value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " int:" + number + " is not a number; write e.g. int:42, "
                    + "int:-1 or int:0x2a");
        }
        BigInteger min = BigInteger.ONE.shiftLeft(8 * size - 1).negate();
        BigInteger max = BigInteger.ONE.shiftLeft(8 * size).subtract(BigInteger.ONE);
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new IllegalArgumentException(what + " int:" + number + " does not fit " + size + " bytes ("
                    + min + " to " + max + ")");
        }
        byte[] bytes = new byte[size];
        long bits = value.longValue();
        for (int i = 0; i < size; i++) {
            bytes[order == ByteOrder.LITTLE_ENDIAN ? i : size - 1 - i] = (byte) (bits >>> (8 * i));
        }
        return HEX.formatHex(bytes);
    }

    private static void checkHex(String hex, String what, int size) {
        if (hex.length() != 2 * size || !isHex(hex)) {
            throw new IllegalArgumentException(what + " '" + hex + "' is not " + size + " bytes of hex (" + 2 * size
                    + " hex digits); or give int:N or str:TEXT");
        }
    }

    /** ASCII hex digits only: Character.digit also takes full-width digits, which the agent then refuses. */
    private static boolean isHex(String text) {
        return text.chars().allMatch(ValueSyntax::isHexDigit);
    }

    static boolean isHexDigit(int c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    /** Up to 8 bytes as the unsigned number they are in {@code order}. */
    /**
     * {@link #unsigned(byte[], ByteOrder)} of the 1 to 8 bytes {@code hex} holds, read without an array of them: a
     * dump reads two of these an entry, a profile of the CLI's dump put a tenth of its time into parsing them.
     *
     * @throws IllegalArgumentException when {@code hex} is not up to 16 hex digits, an even count
     */
    static long unsigned(String hex, ByteOrder order) {
        if (hex.length() > 16 || hex.length() % 2 != 0) {
            throw new IllegalArgumentException("expected the hex of 1 to 8 bytes, got '" + hex + "'");
        }
        long bigEndian = HexFormat.fromHexDigitsToLong(hex);
        return order == ByteOrder.LITTLE_ENDIAN ? Long.reverseBytes(bigEndian) >>> (64 - 4 * hex.length())
                : bigEndian;
    }

    static long unsigned(byte[] bytes, ByteOrder order) {
        long value = 0;
        for (int i = 0; i < bytes.length; i++) {
            int index = order == ByteOrder.LITTLE_ENDIAN ? bytes.length - 1 - i : i;
            value = (value << 8) | (bytes[index] & 0xff);
        }
        return value;
    }

    /** Printable ASCII followed by nothing but NULs, or null if the bytes are not such a string. */
    private static String paddedText(byte[] bytes) {
        int length = 0;
        while (length < bytes.length && bytes[length] >= 0x20 && bytes[length] < 0x7f) {
            length++;
        }
        for (int i = length; i < bytes.length; i++) {
            if (bytes[i] != 0) {
                return null;
            }
        }
        return length == 0 ? null : new String(bytes, 0, length, StandardCharsets.US_ASCII);
    }
}
