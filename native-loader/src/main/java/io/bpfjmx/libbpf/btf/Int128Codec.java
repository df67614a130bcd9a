package io.bpfjmx.libbpf.btf;

import com.google.gson.stream.JsonReader;
import java.io.IOException;
import java.math.BigInteger;

/** A 128-bit integer as bpftool prints it, the string {@code "0x…"} of its bits; written as hex or decimal. */
final class Int128Codec extends TypeCodec {
    private final boolean signed;

    Int128Codec(String cName, boolean signed) {
        super(cName, 16);
        this.signed = signed;
    }

    @Override
    JsonShape shape() {
        return new JsonShape.Scalar(cName, JsonShape.Scalar.Kind.TEXT);
    }

    @Override
    Object decode(byte[] bytes, int offset) {
        long low = Bytes.read(bytes, offset, 8);
        long high = Bytes.read(bytes, offset + 8, 8);
        return high == 0 ? "0x" + Long.toHexString(low)
                : "0x" + Long.toHexString(high) + String.format("%016x", low);
    }

    @Override
    void encode(JsonReader in, byte[] out, int offset) throws IOException {
        BigInteger bits = JsonInput.integer128(in, this, signed);
        Bytes.write(out, offset, 8, bits.longValue());
        Bytes.write(out, offset + 8, 8, bits.shiftRight(64).longValue());
    }
}
