package io.bpfjmx.libbpf.btf;

import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON text to and from the plain-Java tree that decoded values are ({@link TypeCodec}): maps in order, lists,
 * {@code Long}/{@code BigInteger} for whole numbers (exact at any size), {@code Double} for the rest, strings,
 * booleans and null. Gson's streaming reader and writer do the JSON.
 */
public final class JsonTree {
    private JsonTree() {}

    /** Compact JSON text of a tree. */
    public static String write(Object tree) {
        StringWriter text = new StringWriter();
        try (JsonWriter out = new JsonWriter(text)) {
            out.setStrictness(Strictness.STRICT);
            write(tree, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    /**
     * The tree of JSON text.
     *
     * @throws IllegalArgumentException when the text is not one JSON value
     */
    public static Object read(String json) {
        try {
            JsonReader in = new JsonReader(new StringReader(json));
            in.setStrictness(Strictness.STRICT);
            Object tree = read(in);
            if (in.peek() != JsonToken.END_DOCUMENT) {
                throw new IllegalArgumentException("more text after the JSON value: " + json);
            }
            return tree;
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
        }
    }

    /**
     * Writes a tree into {@code out}: for a value within a larger text that streams (a dump's entries, one at a
     * time), without a String of each.
     */
    @SuppressWarnings("unchecked")
    public static void write(Object tree, JsonWriter out) throws IOException {
        if (tree == null) {
            out.nullValue();
        } else if (tree instanceof Map<?, ?> object) {
            out.beginObject();
            for (Map.Entry<String, Object> member : ((Map<String, Object>) object).entrySet()) {
                out.name(member.getKey());
                write(member.getValue(), out);
            }
            out.endObject();
        } else if (tree instanceof List<?> list) {
            out.beginArray();
            for (Object element : list) {
                write(element, out);
            }
            out.endArray();
        } else if (tree instanceof Number number) {
            out.value(number);
        } else if (tree instanceof Boolean bool) {
            out.value(bool);
        } else {
            out.value(tree.toString());
        }
    }

    private static Object read(JsonReader in) throws IOException {
        switch (in.peek()) {
            case BEGIN_OBJECT -> {
                Map<String, Object> object = new LinkedHashMap<>();
                in.beginObject();
                while (in.hasNext()) {
                    object.put(in.nextName(), read(in));
                }
                in.endObject();
                return object;
            }
            case BEGIN_ARRAY -> {
                List<Object> list = new ArrayList<>();
                in.beginArray();
                while (in.hasNext()) {
                    list.add(read(in));
                }
                in.endArray();
                return list;
            }
            case NUMBER -> {
                String number = in.nextString();
                if (number.matches("-?[0-9]+")) {
                    BigInteger value = new BigInteger(number);
                    return value.bitLength() < 64 ? (Object) value.longValue() : value;
                }
                return Double.parseDouble(number);
            }
            case STRING -> {
                return in.nextString();
            }
            case BOOLEAN -> {
                return in.nextBoolean();
            }
            case NULL -> {
                in.nextNull();
                return null;
            }
            default -> throw new IOException("unexpected " + in.peek() + " at " + in.getPath());
        }
    }
}
