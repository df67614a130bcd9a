package io.bpfjmx.libbpf;

import static io.bpfjmx.libbpf.LibBpfLibrary.libbpf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A program or map opened for one write into a map whose values are programs or maps ({@link FdValue#PROGRAM},
 * {@link FdValue#MAP}): a file descriptor bpfjmx opened itself (by id, by pin, or as a duplicate of an object's
 * own, which libbpf keeps), with the kernel's id and name of what it refers to. The kernel takes its own reference
 * when the value is written ({@link BpfMap#update(byte[], OpenFd, UpdateFlags)}); close this after.
 */
public final class OpenFd implements AutoCloseable {
    private final FdValue kind;
    private final int fd;
    private final int id;
    private final String kernelName;
    private final String given;
    /** For a refused write: a program's type ({@code a TRACEPOINT program}), a map's shape. */
    private final String details;
    private final AtomicBoolean closed = new AtomicBoolean();

    private OpenFd(FdValue kind, int fd, int id, String kernelName, String given, String details) {
        this.kind = kind;
        this.fd = fd;
        this.id = id;
        this.kernelName = kernelName;
        this.given = given;
        this.details = details;
    }

    /**
     * Takes {@code fd} over, checks that it is a {@code kind} and reads what the kernel says of it; closes it when
     * anything fails.
     *
     * @param given   how the caller named it, for messages: {@code {"pinned":"/sys/fs/bpf/x"}}
     * @param mapName the map it is for, for messages
     */
    static OpenFd adopt(int fd, FdValue kind, String given, String mapName) {
        try {
            Map<String, String> fdInfo = KernelMapInfo.fdInfo(fd);
            FdValue actual = fdInfo.containsKey("prog_type") ? FdValue.PROGRAM
                    : fdInfo.containsKey("map_type") ? FdValue.MAP : null;
            if (actual != kind) {
                throw new RejectedMapRequestException(RejectedMapRequestException.Reason.TYPED_VALUE, "value of map '"
                        + mapName + "': " + given + " is " + (actual == null ? "neither a program nor a map"
                        : "a " + actual.singular()) + ", and map '" + mapName + "' holds " + kind.plural());
            }
            if (kind == FdValue.PROGRAM) {
                KernelProgramInfo program = KernelProgramInfo.of(fd, given);
                return new OpenFd(kind, fd, program.id(), program.kernelName(), given,
                        "a " + program.typeName() + " program");
            }
            KernelMapInfo map = KernelMapInfo.of(fd, given);
            return new OpenFd(kind, fd, map.id(), map.kernelName(), given, map.shape());
        } catch (RuntimeException e) {
            libbpf().close(fd);
            throw e;
        }
    }

    /**
     * The kernel's name of the program or map with this id: empty when there is none (any more), or when this
     * process may not open it by id.
     */
    static String kernelNameOf(FdValue kind, int id) {
        int fd = kind == FdValue.PROGRAM ? libbpf().bpf_prog_get_fd_by_id(id) : libbpf().bpf_map_get_fd_by_id(id);
        if (fd < 0) {
            return "";
        }
        try {
            String subject = kind.singular() + " id " + Integer.toUnsignedString(id);
            return kind == FdValue.PROGRAM ? KernelProgramInfo.of(fd, subject).kernelName()
                    : KernelMapInfo.of(fd, subject).kernelName();
        } finally {
            libbpf().close(fd);
        }
    }

    public FdValue kind() {
        return kind;
    }

    /** The kernel's id of the program or map, as a lookup of the element will read it. */
    public int id() {
        return id;
    }

    /** The kernel's name of the program or map (at most 15 characters). */
    public String kernelName() {
        return kernelName;
    }

    /** {@code {"name":"target"} (program 'target', id 12)}: how it was named, and what it is. */
    public String description() {
        return given + " (" + kind.singular() + " '" + kernelName + "', id " + Integer.toUnsignedString(id) + ")";
    }

    /** A program's type or a map's shape: what the kernel compares when it refuses the write. */
    String details() {
        return details;
    }

    /** The file descriptor as the 4 bytes of a value, in the host's order. */
    byte[] valueBytes() {
        if (closed.get()) {
            throw new IllegalStateException(description() + " is closed: open it again for another write");
        }
        return ByteBuffer.allocate(Integer.BYTES).order(ByteOrder.nativeOrder()).putInt(0, fd).array();
    }

    /** Closes the file descriptor; once. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            libbpf().close(fd);
        }
    }

    @Override
    public String toString() {
        return "OpenFd[" + description() + (closed.get() ? ", closed" : "") + "]";
    }
}
