package io.bpfjmx.libbpf;

import static io.bpfjmx.libbpf.LibBpfLibrary.libbpf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.function.IntFunction;

/**
 * The BPF file system, where programs and maps are pinned, told as libbpf tells it ({@code check_path}): by the
 * magic number of the file system holding a path. Not by {@code Files.getFileStore}, which takes the first of the
 * mounts stacked on a folder: systemd mounts sysfs at {@code /sys/fs/bpf}, and the BPF file system over it.
 */
final class BpfFileSystem {
    /** {@code BPF_FS_MAGIC}, the {@code f_type} statfs gives for the BPF file system. */
    private static final long MAGIC = 0xcafe4a11L;
    /** More than {@code struct statfs} takes on any 64-bit Linux (120 bytes). */
    private static final int STATFS_SIZE = 256;

    private BpfFileSystem() {}

    /**
     * Whether {@code path} is on a BPF file system.
     *
     * @param failure the exception for statfs's errno, when it cannot tell (no such path, say)
     */
    static boolean holds(Path path, IntFunction<RuntimeException> failure) {
        byte[] statfs = new byte[STATFS_SIZE];
        if (libbpf().statfs(path.toString(), statfs) != 0) {
            throw failure.apply(libbpf().errno());
        }
        return ByteBuffer.wrap(statfs).order(ByteOrder.nativeOrder()).getLong(0) == MAGIC;
    }
}
