package io.bpfjmx.libbpf.btf;

import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.math.BigInteger;

/**
 * Reading JSON values the way typed values take them: integers as JSON numbers or as strings of decimal or
 * {@code 0x} hex digits (JavaScript, and so many Jolokia scripts, lose precision above 2^53), each refused with what
 * was given and what the type takes.
 */
final class JsonInput {
    /** Decimal digits that always fit a long, so the common case needs no BigInteger. */
    private static final int LONG_SAFE_DIGITS = 18;

    private JsonInput() {}

    /** The next value as its JSON text, for messages; consumes it. */
    static String describeAndSkip(JsonReader in) throws IOException {
        JsonToken token = in.peek();
        switch (token) {
            case STRING -> {
                return quoted(in.nextString());
            }
            case NUMBER -> {
                return in.nextString();
            }
            case BOOLEAN -> {
                return Boolean.toString(in.nextBoolean());
            }
            case NULL -> {
                in.nextNull();
                return "null";
            }
            case BEGIN_OBJECT -> {
                in.skipValue();
                return "an object";
            }
            case BEGIN_ARRAY -> {
                in.skipValue();
                return "a list";
            }
            default -> throw new IllegalStateException("no JSON value where one was expected: " + token);
        }
    }

    /** What Gson found wrong with JSON text, without the link to its troubleshooting guide it appends. */
    static String syntaxProblem(IOException e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        return message.lines().findFirst().orElse(message);
    }

    /** {@code text} as a JSON string literal, for messages. */
    static String quoted(String text) {
        return new com.google.gson.JsonPrimitive(text).toString();
    }

    /** What an integer type takes, for messages: {@code a __u8 (0 to 255)}. */
    static String integerExpectation(TypeCodec codec, int width, boolean signed) {
        return codec.withArticle() + (width < codec.size * 8 ? " bitfield of " + width + " bits" : "") + " ("
                + min(width, signed) + " to " + max(width, signed) + ")";
    }

    /**
     * The next value as an integer of {@code width} bits (1 to 64), signed or not, returned as its bits. Hex is the
     * bit pattern: {@code "0xff"} is -1 for a signed byte.
     */
    static long integer(JsonReader in, TypeCodec codec, int width, boolean signed) throws IOException {
        return integerValue(integerText(in, codec, width, signed), codec, width, signed);
    }

    /** {@code text}, decimal digits or {@code 0x} hex as {@link #integerText} lets through, as {@code width} bits. */
    static long integerValue(String text, TypeCodec codec, int width, boolean signed) {
        boolean hex = isHex(text);
        if (hex) {
            String digits = text.substring(2);
            if (digits.length() <= 16 && (width == 64 || Long.parseUnsignedLong(digits, 16) >>> width == 0)) {
                return Long.parseUnsignedLong(digits, 16);
            }
            throw new TypedValueException(quoted(text), "does not fit", integerExpectation(codec, width, signed));
        }
        int digits = text.length() - (text.startsWith("-") ? 1 : 0);
        if (digits <= LONG_SAFE_DIGITS) {
            long value = Long.parseLong(text);
            if (signed ? fitsSigned(value, width) : value >= 0 && (width == 64 || value >>> width == 0)) {
                return value;
            }
        } else {
            BigInteger value = new BigInteger(text);
            if (value.compareTo(min(width, signed)) >= 0 && value.compareTo(max(width, signed)) <= 0) {
                return value.longValue();
            }
        }
        throw new TypedValueException(text, "does not fit", integerExpectation(codec, width, signed));
    }

    /** The next value as an integer of 128 bits, returned as an unsigned BigInteger of its bits. */
    static BigInteger integer128(JsonReader in, TypeCodec codec, boolean signed) throws IOException {
        String text = integerText(in, codec, 128, signed);
        BigInteger value = isHex(text) ? new BigInteger(text.substring(2), 16) : new BigInteger(text);
        boolean fits = isHex(text) ? value.bitLength() <= 128
                : value.compareTo(min(128, signed)) >= 0 && value.compareTo(max(128, signed)) <= 0;
        if (!fits) {
            throw new TypedValueException(isHex(text) ? quoted(text) : text, "does not fit",
                    integerExpectation(codec, 128, signed));
        }
        return value.signum() < 0 ? value.add(BigInteger.ONE.shiftLeft(128)) : value;
    }

    /** The text of an integer: a JSON number without fraction or exponent, or a string of decimal or hex digits. */
    private static String integerText(JsonReader in, TypeCodec codec, int width, boolean signed) throws IOException {
        JsonToken token = in.peek();
        if (token == JsonToken.NUMBER || token == JsonToken.STRING) {
            String text = in.nextString();
            String trimmed = token == JsonToken.STRING ? text.strip() : text;
            if (isHex(trimmed) ? trimmed.length() > 2 && trimmed.substring(2).chars().allMatch(JsonInput::isHexDigit)
                    : isDecimal(trimmed)) {
                return isHex(trimmed) ? "0x" + trimmed.substring(2) : trimmed;
            }
            throw new TypedValueException(token == JsonToken.STRING ? quoted(text) : text, "is not an integer for",
                    integerExpectation(codec, width, signed) + ": give a whole number, or a string of decimal or 0x "
                            + "hex digits");
        }
        throw new TypedValueException(describeAndSkip(in), "is not a number for",
                integerExpectation(codec, width, signed));
    }

    private static boolean isHex(String text) {
        return text.startsWith("0x") || text.startsWith("0X");
    }

    static boolean isDecimal(String text) {
        int start = text.startsWith("-") ? 1 : 0;
        if (start == text.length()) {
            return false;
        }
        for (int i = start; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static boolean isHexDigit(int c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static boolean fitsSigned(long value, int width) {
        return width == 64 || (value >= -(1L << (width - 1)) && value < (1L << (width - 1)));
    }

    static BigInteger min(int width, boolean signed) {
        return signed ? BigInteger.ONE.shiftLeft(width - 1).negate() : BigInteger.ZERO;
    }

    static BigInteger max(int width, boolean signed) {
        return BigInteger.ONE.shiftLeft(signed ? width - 1 : width).subtract(BigInteger.ONE);
    }
}
