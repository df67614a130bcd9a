package io.bpfjmx.libbpf.btf;

/**
 * Little-endian reads and writes of integers and bit ranges in a byte array: BTF describes the host's layout, and
 * bpfjmx runs on little-endian hosts (x86-64, arm64), where bit {@code n} of a struct is bit {@code n % 8} of its
 * byte {@code n / 8}.
 */
final class Bytes {
    private Bytes() {}

    /** {@code size} bytes (1 to 8) at {@code offset} as an unsigned number in a long's low bits. */
    static long read(byte[] bytes, int offset, int size) {
        long value = 0;
        for (int i = size - 1; i >= 0; i--) {
            value = (value << 8) | (bytes[offset + i] & 0xff);
        }
        return value;
    }

    /** The low {@code size} bytes (1 to 8) of {@code value} at {@code offset}. */
    static void write(byte[] bytes, int offset, int size, long value) {
        for (int i = 0; i < size; i++) {
            bytes[offset + i] = (byte) (value >>> (8 * i));
        }
    }

    /** {@code width} bits (1 to 64) starting {@code bitOffset} bits after {@code offset}, unsigned. */
    static long readBits(byte[] bytes, int offset, int bitOffset, int width) {
        long value = 0;
        for (int i = width - 1; i >= 0; i--) {
            int bit = bitOffset + i;
            value = (value << 1) | ((bytes[offset + bit / 8] >>> (bit % 8)) & 1);
        }
        return value;
    }

    /** The low {@code width} bits of {@code value} there, leaving the other bits of those bytes as they are. */
    static void writeBits(byte[] bytes, int offset, int bitOffset, int width, long value) {
        for (int i = 0; i < width; i++) {
            int bit = bitOffset + i;
            int index = offset + bit / 8;
            int mask = 1 << (bit % 8);
            bytes[index] = (byte) (((value >>> i) & 1) != 0 ? bytes[index] | mask : bytes[index] & ~mask);
        }
    }

    /** Sign-extends the low {@code width} bits. */
    static long signExtend(long value, int width) {
        return width == 64 ? value : (value << (64 - width)) >> (64 - width);
    }
}
