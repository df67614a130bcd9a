package io.bpfjmx.libbpf;

/**
 * A call into libbpf or the kernel failed. Carries the errno, its name and its meaning for BPF maps, and the
 * subject (map, object or program) it concerns; the message reads, for example:
 * {@code update of map 'syscall_count_map' failed: EEXIST (key exists and flags=NOEXIST)}.
 */
public class BpfException extends RuntimeException {
    private final int errno;
    private final MapOperation operation;
    private final String subject;

    public BpfException(MapOperation operation, String subject, int errno, String detail) {
        super(message(operation, subject, errno, detail));
        this.errno = errno;
        this.operation = operation;
        this.subject = subject;
    }

    /** Converts libbpf's {@code -errno} (or a positive errno) into the exception for this operation. */
    static BpfException of(MapOperation operation, String subject, int result) {
        return new BpfException(operation, subject, Math.abs(result), null);
    }

    private static String message(MapOperation operation, String subject, int errno, String detail) {
        StringBuilder message = new StringBuilder()
                .append(operation.description()).append(" of ").append(subject).append(" failed: ")
                .append(Errno.nameOf(errno)).append(" (").append(Errno.meaningOf(errno, operation)).append(')');
        if (detail != null && !detail.isBlank()) {
            message.append("\n").append(detail.strip());
        }
        return message.toString();
    }

    public int errno() {
        return errno;
    }

    /** {@code EEXIST}, {@code E2BIG}, …; {@code errno <n>} for numbers without a name here. */
    public String errnoName() {
        return Errno.nameOf(errno);
    }

    public String meaning() {
        return Errno.meaningOf(errno, operation);
    }

    public MapOperation operation() {
        return operation;
    }

    /** What failed, e.g. {@code map 'syscall_count_map'} or {@code object '/tmp/x.bpf.o'}. */
    public String subject() {
        return subject;
    }
}
