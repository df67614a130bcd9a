package io.bpfjmx.libbpf;

import java.util.HashMap;
import java.util.Map;

/**
 * Linux errno values that BPF calls return, with their names and what they mean <em>for BPF maps</em>.
 *
 * <p>The C library's text is often misleading here: E2BIG on a map is "full", not "argument list too long".
 * {@link #meaningFor(MapOperation)} gives the reading that fits the operation that failed.
 */
public enum Errno {
    EPERM(1, "operation not permitted: needs CAP_BPF (or root), or the map is read-only (frozen or BPF_F_RDONLY)"),
    ENOENT(2, "no such key"),
    ESRCH(3, "no such process"),
    EINTR(4, "interrupted system call"),
    EIO(5, "input/output error"),
    E2BIG(7, "map full, or array index out of range (index >= max_entries)"),
    ENOEXEC(8, "not a valid BPF object (ELF) file"),
    EBADF(9, "bad file descriptor: the map or object is closed"),
    EAGAIN(11, "resource temporarily unavailable; try again"),
    ENOMEM(12, "the kernel could not allocate memory (or the memlock limit is reached)"),
    EACCES(13, "permission denied: needs CAP_BPF (or root), or the verifier refused the program"),
    EFAULT(14, "bad address passed to the kernel"),
    EBUSY(16, "map busy: a BPF program holds it on this CPU, or the element is locked; retry"),
    EEXIST(17, "key exists and flags=NOEXIST"),
    ENODEV(19, "no such device"),
    ENOTDIR(20, "not a directory"),
    EINVAL(22, "invalid argument: flags or key/value the kernel refuses for this map type"),
    ENFILE(23, "too many open files in the system"),
    EMFILE(24, "too many open files in this process"),
    ENOSPC(28, "no space left"),
    ERANGE(34, "result out of range"),
    EDEADLK(35, "deadlock avoided"),
    ENAMETOOLONG(36, "name too long"),
    ENOSYS(38, "operation not implemented by this kernel"),
    ELOOP(40, "too many levels of symbolic links"),
    EOPNOTSUPP(95, "operation not supported by this map or program type"),
    ENOTSUPP(524, "operation not supported by this map type (kernel-internal ENOTSUPP)"),
    // libbpf's own codes (enum libbpf_errno in libbpf.h), returned by open and load
    LIBBPF_ERRNO__LIBELF(4000, "libelf could not read the file: is it an ELF object?"),
    LIBBPF_ERRNO__FORMAT(4001, "BPF object format invalid: not an ELF file compiled with clang -target bpf"),
    LIBBPF_ERRNO__KVERSION(4002, "incorrect or no 'version' section"),
    LIBBPF_ERRNO__ENDIAN(4003, "endianness of the object does not match this host"),
    LIBBPF_ERRNO__INTERNAL(4004, "internal error in libbpf"),
    LIBBPF_ERRNO__RELOC(4005, "relocation failed: the object needs kernel types or symbols this kernel lacks"),
    LIBBPF_ERRNO__LOAD(4006, "loading a program failed for an unknown reason"),
    LIBBPF_ERRNO__VERIFY(4007, "the kernel verifier refused a program"),
    LIBBPF_ERRNO__PROG2BIG(4008, "a program is too big"),
    LIBBPF_ERRNO__KVER(4009, "incorrect kernel version"),
    LIBBPF_ERRNO__PROGTYPE(4010, "this kernel does not support the program type");

    private static final Map<Integer, Errno> BY_NUMBER = new HashMap<>();

    static {
        for (Errno errno : values()) {
            BY_NUMBER.put(errno.number, errno);
        }
    }

    private final int number;
    private final String meaning;

    Errno(int number, String meaning) {
        this.number = number;
        this.meaning = meaning;
    }

    public int number() {
        return number;
    }

    /** The errno's name, or {@code "errno <n>"} for a number this table does not know. */
    public static String nameOf(int number) {
        Errno errno = BY_NUMBER.get(number);
        return errno == null ? "errno " + number : errno.name();
    }

    /** What the errno means for a BPF map operation of this kind. */
    public static String meaningOf(int number, MapOperation operation) {
        Errno errno = BY_NUMBER.get(number);
        return errno == null ? "unknown error" : errno.meaningFor(operation);
    }

    String meaningFor(MapOperation operation) {
        if (this == ENOENT && operation == MapOperation.UPDATE) {
            return "no such key and flags=EXIST";
        }
        if (this == ENOENT && operation == MapOperation.OPEN) {
            return "no such file, pin or id";
        }
        if (this == EPERM && (operation == MapOperation.LOAD || operation == MapOperation.OPEN)) {
            return "operation not permitted: the process needs CAP_BPF (or root), plus CAP_PERFMON for tracing "
                    + "programs";
        }
        if (this == EPERM && operation == MapOperation.LIST) {
            return "operation not permitted: listing the host's maps and programs, and opening them by id, needs "
                    + "CAP_SYS_ADMIN (root), as bpftool's map show and prog show do";
        }
        if (this == ENOENT && operation == MapOperation.ATTACH) {
            return "attach point not found (a tracepoint needs tracefs mounted at /sys/kernel/tracing; a kprobe "
                    + "needs the function to exist)";
        }
        if (this == E2BIG && operation == MapOperation.PUSH) {
            return "the queue or stack is full; push with flags EXIST (2) to drop its oldest value instead";
        }
        if (this == EINVAL && operation == MapOperation.DELETE) {
            return "invalid argument: this map type does not delete elements (arrays keep every index)";
        }
        if ((this == EINVAL || this == ENOTSUPP || this == EOPNOTSUPP) && operation.isBatch()) {
            return "batch operations are not supported by this map type, or the batch arguments were refused";
        }
        return meaning;
    }
}
