package io.bpfjmx.libbpf.testing;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Little-endian (host order here) encoders for map keys and values in tests. */
public final class Le {
    private Le() {}

    public static byte[] u32(int value) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(value).array();
    }

    public static byte[] u64(long value) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(value).array();
    }

    /** Three u32s: the fixtures' 12-byte {@code struct triple}. */
    public static byte[] triple(int a, int b, int c) {
        return ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putInt(a).putInt(b).putInt(c).array();
    }

    public static int readU32(byte[] bytes, int offset) {
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getInt(offset);
    }

    public static long readU64(byte[] bytes, int offset) {
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong(offset);
    }

    /** A C string NUL-padded to {@code size} bytes, e.g. the seed's {@code char[128]} key. */
    public static byte[] cString(String text, int size) {
        byte[] bytes = new byte[size];
        byte[] chars = text.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        System.arraycopy(chars, 0, bytes, 0, chars.length);
        return bytes;
    }
}
