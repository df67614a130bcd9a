package io.bpfjmx.libbpf.testing;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;

/**
 * System calls a test makes for its BPF programs to see, through the C library. {@code getpid} is a system call
 * each time: glibc caches no pid since 2.25.
 */
public final class Syscalls {
    static {
        Native.register(Syscalls.class, NativeLibrary.getInstance(Platform.C_LIBRARY_NAME));
    }

    private Syscalls() {}

    public static native int getpid();

    /** Calls {@code getpid} {@code times} times. */
    public static void getpid(int times) {
        for (int i = 0; i < times; i++) {
            getpid();
        }
    }
}
