package io.bpfjmx.libbpf;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

/** The few C library functions libbpf's API leaves to the caller. */
final class LibC {
    private LibC() {}

    static {
        Native.register(LibC.class, NativeLibrary.getInstance(Platform.C_LIBRARY_NAME));
    }

    /** Formats libbpf's log messages, which arrive as a format and a {@code va_list}; allocates exactly. */
    static native int vasprintf(long[] result, Pointer format, Pointer vaList);

    static native void free(long memory);

    /**
     * Fills {@code buffer} with the {@code struct statfs} of the file system holding {@code path}; its first field,
     * {@code f_type} (a C long on 64-bit Linux), is the file system's magic number. -1 with errno set when it fails.
     */
    static native int statfs(String path, byte[] buffer);

    /** Closes descriptors of maps opened by pin or id, which no libbpf object owns. */
    static native int close(int fd);

    /**
     * A descriptor of our own for the program or map behind {@code fd} (an object's, which libbpf owns), for a write
     * that must not depend on that object staying open; -1 with errno set when it fails.
     */
    static native int dup(int fd);

}
