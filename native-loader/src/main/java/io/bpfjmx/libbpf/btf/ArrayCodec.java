package io.bpfjmx.libbpf.btf;

import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** A C array as a JSON list of exactly its length. */
class ArrayCodec extends TypeCodec {
    final TypeCodec element;
    final int length;

    ArrayCodec(String cName, TypeCodec element, int length) {
        super(cName, element.size * length);
        this.element = element;
        this.length = length;
    }

    @Override
    JsonShape shape() {
        return new JsonShape.Scalar(cName, JsonShape.Scalar.Kind.TEXT);
    }

    @Override
    Object decode(byte[] bytes, int offset) {
        List<Object> list = new ArrayList<>(length);
        for (int i = 0; i < length; i++) {
            list.add(element.decode(bytes, offset + i * element.size));
        }
        return list;
    }

    @Override
    void encode(JsonReader in, byte[] out, int offset) throws IOException {
        if (in.peek() != JsonToken.BEGIN_ARRAY) {
            throw new TypedValueException(JsonInput.describeAndSkip(in), "is not a list for", expectation());
        }
        encodeList(in, out, offset);
    }

    final void encodeList(JsonReader in, byte[] out, int offset) throws IOException {
        in.beginArray();
        int count = 0;
        while (in.hasNext()) {
            if (count < length) {
                try {
                    element.encode(in, out, offset + count * element.size);
                } catch (TypedValueException e) {
                    throw e.within("[" + count + "]");
                }
            } else {
                in.skipValue();
            }
            count++;
        }
        in.endArray();
        if (count != length) {
            throw new TypedValueException("a list of " + count, "is the wrong length for", expectation());
        }
    }

    @Override
    void markValueBits(byte[] mask, int offset) {
        for (int i = 0; i < length; i++) {
            element.markValueBits(mask, offset + i * element.size);
        }
    }

    String expectation() {
        return withArticle() + " (a list of " + length + ")";
    }
}
