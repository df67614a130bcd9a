package io.bpfjmx.libbpf.btf;

import com.google.gson.stream.JsonReader;
import java.io.IOException;

/**
 * A type of at most 64 bits read as one number: integers, bools, enums, pointers. It can also be a bitfield
 * ({@link BitfieldCodec}), so it works on bits of a given width.
 */
abstract class ScalarCodec extends TypeCodec {
    ScalarCodec(String cName, int size) {
        super(cName, size);
    }

    /** The JSON value of {@code width} bits (unsigned in the low bits of {@code bits}). */
    abstract Object fromBits(long bits, int width);

    /** Reads one JSON value as {@code width} bits. */
    abstract long toBits(JsonReader in, int width) throws IOException;

    @Override
    final Object decode(byte[] bytes, int offset) {
        return fromBits(Bytes.read(bytes, offset, size), size * 8);
    }

    @Override
    final void encode(JsonReader in, byte[] out, int offset) throws IOException {
        Bytes.write(out, offset, size, toBits(in, size * 8));
    }

    /** A signed or unsigned integer of 1, 2, 4 or 8 bytes; also pointers (unsigned 8 bytes) and {@code char}. */
    static final class Int extends ScalarCodec {
        private final boolean signed;

        Int(String cName, int size, boolean signed) {
            super(cName, size);
            this.signed = signed;
        }

        @Override
        JsonShape shape() {
            return new JsonShape.Scalar(cName, !signed && size == Long.BYTES ? JsonShape.Scalar.Kind.UNSIGNED_64
                    : JsonShape.Scalar.Kind.INTEGER);
        }

        @Override
        Object fromBits(long bits, int width) {
            if (signed) {
                return Bytes.signExtend(bits, width);
            }
            return bits >= 0 ? (Object) bits : new java.math.BigInteger(Long.toUnsignedString(bits));
        }

        @Override
        long toBits(JsonReader in, int width) throws IOException {
            return JsonInput.integer(in, this, width, signed);
        }

        @Override
        boolean encodeBare(String text, byte[] out) {
            if (!JsonInput.isDecimal(text)) {
                return false;
            }
            Bytes.write(out, 0, size, JsonInput.integerValue(text, this, size * 8, signed));
            return true;
        }
    }

    /** {@code bool}: true or false (a byte that is neither 0 nor 1 shows as its number, so nothing is lost). */
    static final class Bool extends ScalarCodec {
        Bool(String cName, int size) {
            super(cName, size);
        }

        @Override
        JsonShape shape() {
            return new JsonShape.Scalar(cName, JsonShape.Scalar.Kind.BOOLEAN);
        }

        @Override
        Object fromBits(long bits, int width) {
            return bits == 0 ? Boolean.FALSE : bits == 1 ? (Object) Boolean.TRUE : (Object) bits;
        }

        @Override
        long toBits(JsonReader in, int width) throws IOException {
            if (in.peek() == com.google.gson.stream.JsonToken.BOOLEAN) {
                return in.nextBoolean() ? 1 : 0;
            }
            return JsonInput.integer(in, this, width, false);
        }
    }

    /** An enum: its enumerator's name, or the number when no enumerator has it; written by name or number. */
    static final class Enum extends ScalarCodec {
        private static final java.util.regex.Pattern NUMBER =
                java.util.regex.Pattern.compile("-?[0-9]+|0[xX][0-9a-fA-F]+");

        private final boolean signed;
        private final java.util.List<BtfType.Enumerator> values;

        Enum(String cName, BtfType.Enum type) {
            super(cName, type.size());
            this.signed = type.signed();
            this.values = type.values();
        }

        @Override
        JsonShape shape() {
            return new JsonShape.Scalar(cName, JsonShape.Scalar.Kind.TEXT);
        }

        @Override
        Object fromBits(long bits, int width) {
            for (BtfType.Enumerator value : values) {
                if (masked(value.value(), width) == bits) {
                    return value.name();
                }
            }
            return signed ? Bytes.signExtend(bits, width) : bits >= 0 ? (Object) bits
                    : new java.math.BigInteger(Long.toUnsignedString(bits));
        }

        @Override
        long toBits(JsonReader in, int width) throws IOException {
            if (in.peek() == com.google.gson.stream.JsonToken.STRING) {
                String text = in.nextString();
                for (BtfType.Enumerator value : values) {
                    if (value.name().equals(text)) {
                        return masked(value.value(), width);
                    }
                }
                if (!NUMBER.matcher(text.strip()).matches()) {
                    throw new TypedValueException(JsonInput.quoted(text), "is not an enumerator of",
                            withArticle() + " (" + names() + ", or a number)");
                }
                return masked(JsonInput.integer(new JsonReader(new java.io.StringReader(JsonInput.quoted(text))),
                        this, width, signed), width);
            }
            return masked(JsonInput.integer(in, this, width, signed), width);
        }

        @Override
        boolean encodeBare(String text, byte[] out) {
            for (BtfType.Enumerator value : values) {
                if (value.name().equals(text)) {
                    Bytes.write(out, 0, size, masked(value.value(), size * 8));
                    return true;
                }
            }
            return false;
        }

        private String names() {
            StringBuilder names = new StringBuilder();
            for (BtfType.Enumerator value : values) {
                names.append(names.length() == 0 ? "" : ", ").append(value.name());
            }
            return names.toString();
        }

        private static long masked(long value, int width) {
            return width == 64 ? value : value & ((1L << width) - 1);
        }
    }
}
