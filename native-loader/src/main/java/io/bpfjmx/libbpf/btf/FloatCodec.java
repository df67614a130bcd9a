package io.bpfjmx.libbpf.btf;

import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.util.regex.Pattern;

/**
 * {@code float} and {@code double} as JSON numbers (bpftool prints them as an unsupported kind, which breaks its
 * JSON). NaN and the infinities, which JSON has no numbers for, are the strings {@code "NaN"}, {@code "Infinity"}
 * and {@code "-Infinity"}.
 */
final class FloatCodec extends TypeCodec {
    /** JSON's number grammar, minus the leading-zero rule: what {@code Double.parseDouble} must not see beyond. */
    private static final Pattern NUMBER = Pattern.compile("-?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?");

    FloatCodec(String cName, int size) {
        super(cName, size);
    }

    @Override
    JsonShape shape() {
        return new JsonShape.Scalar(cName, JsonShape.Scalar.Kind.REAL);
    }

    @Override
    Object decode(byte[] bytes, int offset) {
        long bits = Bytes.read(bytes, offset, size);
        if (size == 4) {
            float value = Float.intBitsToFloat((int) bits);
            return Float.isFinite(value) ? (Object) value : Float.toString(value);
        }
        double value = Double.longBitsToDouble(bits);
        return Double.isFinite(value) ? (Object) value : Double.toString(value);
    }

    @Override
    void encode(JsonReader in, byte[] out, int offset) throws IOException {
        JsonToken token = in.peek();
        if (token != JsonToken.NUMBER && token != JsonToken.STRING) {
            throw new TypedValueException(JsonInput.describeAndSkip(in), "is not a number for", expectation());
        }
        String text = in.nextString();
        String given = token == JsonToken.STRING ? JsonInput.quoted(text) : text;
        String number = text.strip();
        boolean named = number.equals("NaN") || number.equals("Infinity") || number.equals("-Infinity");
        if (!named && !NUMBER.matcher(number).matches()) {
            throw new TypedValueException(given, "is not a number for", expectation());
        }
        if (size == 4) {
            float value = Float.parseFloat(number);
            if (Float.isInfinite(value) && !named) {
                throw new TypedValueException(given, "does not fit", expectation());
            }
            Bytes.write(out, offset, 4, Float.floatToRawIntBits(value) & 0xffffffffL);
        } else {
            double value = Double.parseDouble(number);
            if (Double.isInfinite(value) && !named) {
                throw new TypedValueException(given, "does not fit", expectation());
            }
            Bytes.write(out, offset, 8, Double.doubleToRawLongBits(value));
        }
    }

    private String expectation() {
        return withArticle() + " (a number, or \"NaN\", \"Infinity\", \"-Infinity\")";
    }
}
