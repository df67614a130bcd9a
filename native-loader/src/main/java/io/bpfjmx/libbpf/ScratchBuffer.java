package io.bpfjmx.libbpf;

import static io.bpfjmx.libbpf.LibBpfLibrary.libbpf;

import java.nio.ByteBuffer;

/**
 * Native memory for one thread's key and value on the update and lookup path, reused from call to call.
 *
 * <p>Handing the binding a {@code byte[]} costs a native copy in and out on every call; a thread's own direct
 * buffer, filled from Java and passed by address, costs neither, and makes the call a primitives-only call, the
 * cheapest kind for JNA and the JDK alike. The buffer grows to the largest key plus value buffer the thread has used and is freed with the
 * thread (its cleaner runs once the buffer is unreachable); memory stays bounded by threads × largest map entry.
 */
final class ScratchBuffer {
    private static final ThreadLocal<ScratchBuffer> THREAD = ThreadLocal.withInitial(ScratchBuffer::new);

    private ByteBuffer buffer = ByteBuffer.allocateDirect(0);
    private long address;

    private ScratchBuffer() {}

    /** This thread's buffer, holding at least {@code capacity} bytes. */
    static ScratchBuffer of(int capacity) {
        ScratchBuffer scratch = THREAD.get();
        if (scratch.buffer.capacity() < capacity) {
            scratch.buffer = ByteBuffer.allocateDirect(capacity);
            scratch.address = libbpf().address(scratch.buffer);
        }
        return scratch;
    }

    /** Copies {@code bytes} to {@code offset} and returns the native address of that spot. */
    long put(int offset, byte[] bytes) {
        buffer.put(offset, bytes);
        return address + offset;
    }

    /** The native address of {@code offset}, for the kernel to write to. */
    long address(int offset) {
        return address + offset;
    }

    /** Copies {@code length} bytes from {@code offset} into a new array. */
    byte[] get(int offset, int length) {
        byte[] bytes = new byte[length];
        buffer.get(offset, bytes);
        return bytes;
    }
}
