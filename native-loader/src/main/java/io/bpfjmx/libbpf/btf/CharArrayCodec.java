package io.bpfjmx.libbpf.btf;

import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * A {@code char} array: a string when it holds printable ASCII up to a NUL and only NULs after it (bpftool's rule,
 * plus the zero tail, so that writing the string back gives the same bytes), else a list of numbers. Written from
 * a string (UTF-8, NUL-padded; it must leave room for the NUL) or a list of numbers.
 */
final class CharArrayCodec extends ArrayCodec {
    CharArrayCodec(String cName, TypeCodec element, int length) {
        super(cName, element, length);
    }

    @Override
    Object decode(byte[] bytes, int offset) {
        String text = printableString(bytes, offset, length);
        return text != null ? text : super.decode(bytes, offset);
    }

    @Override
    void encode(JsonReader in, byte[] out, int offset) throws IOException {
        JsonToken token = in.peek();
        if (token == JsonToken.BEGIN_ARRAY) {
            encodeList(in, out, offset);
            return;
        }
        if (token != JsonToken.STRING) {
            throw new TypedValueException(JsonInput.describeAndSkip(in), "is not a string for", expectation());
        }
        writeString(in.nextString(), out, offset);
    }

    /** A key or value that is not a JSON string or list is the string itself (MapCodec's rule for a top level). */
    @Override
    boolean encodeBare(String text, byte[] out) {
        if (text.stripLeading().startsWith("\"") || text.stripLeading().startsWith("[")) {
            return false;
        }
        writeString(text, out, 0);
        return true;
    }

    private void writeString(String text, byte[] out, int offset) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        if (utf8.length >= length) {
            throw new TypedValueException(JsonInput.quoted(text) + " (" + utf8.length + " bytes)", "is too long for",
                    withArticle() + ", which holds at most " + (length - 1) + " bytes and a NUL");
        }
        System.arraycopy(utf8, 0, out, offset, utf8.length);
    }

    @Override
    String expectation() {
        return withArticle() + " (a string of at most " + (length - 1) + " bytes, or a list of " + length
                + " numbers)";
    }

    private static String printableString(byte[] bytes, int offset, int length) {
        int end = 0;
        while (end < length && bytes[offset + end] >= 0x20 && bytes[offset + end] < 0x7f) {
            end++;
        }
        if (end == length) {
            return null; // no NUL
        }
        for (int i = end; i < length; i++) {
            if (bytes[offset + i] != 0) {
                return null; // not printable, or something after the NUL that a string would lose
            }
        }
        return new String(bytes, offset, end, StandardCharsets.US_ASCII);
    }
}
