package io.bpfjmx.libbpf.btf;

import com.google.gson.stream.JsonReader;
import java.io.IOException;

/**
 * Bytes of one BTF type to a JSON tree and back. A tree of these is built once per map ({@link Codecs}), so a typed
 * update walks the JSON once and writes straight into the key or value buffer.
 *
 * <p>The JSON tree is plain Java: {@code Map<String, Object>} (members in declaration order), {@code List<Object>},
 * {@code Long} or {@code BigInteger}, {@code Float} or {@code Double}, {@code String}, {@code Boolean}.
 */
abstract class TypeCodec {
    /** The type as C spells it, for messages: {@code __u8}, {@code char[16]}, {@code struct range}. */
    final String cName;
    /** Bytes the type takes. */
    final int size;

    TypeCodec(String cName, int size) {
        this.cName = cName;
        this.size = size;
    }

    /** The value at {@code offset} of {@code bytes}. */
    abstract Object decode(byte[] bytes, int offset);

    /**
     * Reads one JSON value and writes it at {@code offset} of {@code out}, which is zero there beforehand (so
     * padding stays zero).
     *
     * @throws TypedValueException when the value does not fit; its path is relative to this type
     */
    abstract void encode(JsonReader in, byte[] out, int offset) throws IOException;

    /**
     * Writes a whole key or value given as text that needs no JSON parser (a plain integer, a bare string), as
     * {@link #encode} would, and says so; false when the text must be parsed. Optional: a typed update of a scalar
     * key or value then costs no more than a hex one.
     */
    boolean encodeBare(String text, byte[] out) {
        return false;
    }

    /** The shape every decoded value of this type has. */
    abstract JsonShape shape();

    /**
     * Sets in {@code mask}, at {@code offset}, the bits that hold this type's value: all its bytes but padding and a
     * bitfield's neighbours. Members of one union must agree on these bits only.
     */
    void markValueBits(byte[] mask, int offset) {
        java.util.Arrays.fill(mask, offset, offset + size, (byte) 0xff);
    }

    /** {@code a __u8}, {@code an enum color}: the type with its article, for messages. */
    String withArticle() {
        boolean vowelSound = "aeio".indexOf(cName.charAt(0)) >= 0
                || cName.startsWith("un") && !cName.startsWith("uni"); // an unsigned int, a union
        return (vowelSound ? "an " : "a ") + cName;
    }
}
