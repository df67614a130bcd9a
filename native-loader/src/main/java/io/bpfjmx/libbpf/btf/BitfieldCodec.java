package io.bpfjmx.libbpf.btf;

import com.google.gson.stream.JsonReader;
import java.io.IOException;

/**
 * A bitfield member: {@code width} bits, {@code shift} bits into its first byte, read and written through the
 * member's own type (an int or an enum). A number, where bpftool prints a hex string.
 */
final class BitfieldCodec extends TypeCodec {
    private final ScalarCodec type;
    private final int shift;
    private final int width;

    BitfieldCodec(ScalarCodec type, int shift, int width) {
        super(type.cName + ":" + width, (shift + width + 7) / 8);
        this.type = type;
        this.shift = shift;
        this.width = width;
    }

    @Override
    JsonShape shape() {
        return type.shape();
    }

    @Override
    Object decode(byte[] bytes, int offset) {
        return type.fromBits(Bytes.readBits(bytes, offset, shift, width), width);
    }

    @Override
    void encode(JsonReader in, byte[] out, int offset) throws IOException {
        Bytes.writeBits(out, offset, shift, width, type.toBits(in, width));
    }

    @Override
    void markValueBits(byte[] mask, int offset) {
        Bytes.writeBits(mask, offset, shift, width, -1L);
    }

    @Override
    String withArticle() {
        return type.withArticle() + " bitfield of " + width + " bits";
    }
}
