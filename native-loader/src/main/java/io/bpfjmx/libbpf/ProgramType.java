package io.bpfjmx.libbpf;

/**
 * Every kernel program type by its {@code enum bpf_prog_type} number (uapi {@code linux/bpf.h}); the names are
 * bpftool's in upper case ({@code SCHED_CLS} for a {@code tc} program). A number newer than this table reads as
 * {@link #UNKNOWN}; {@link SystemProgram#typeNumber()} still has it.
 */
public enum ProgramType {
    UNSPEC, SOCKET_FILTER, KPROBE, SCHED_CLS, SCHED_ACT, TRACEPOINT, XDP, PERF_EVENT, CGROUP_SKB, CGROUP_SOCK,
    LWT_IN, LWT_OUT, LWT_XMIT, SOCK_OPS, SK_SKB, CGROUP_DEVICE, SK_MSG, RAW_TRACEPOINT, CGROUP_SOCK_ADDR,
    LWT_SEG6LOCAL, LIRC_MODE2, SK_REUSEPORT, FLOW_DISSECTOR, CGROUP_SYSCTL, RAW_TRACEPOINT_WRITABLE, CGROUP_SOCKOPT,
    TRACING, STRUCT_OPS, EXT, LSM, SK_LOOKUP, SYSCALL, NETFILTER,
    UNKNOWN;

    private static final ProgramType[] BY_NUMBER = values();

    /** The type of this number: the constants above are declared in kernel order, so the number is the ordinal. */
    public static ProgramType of(int number) {
        return number >= 0 && number < BY_NUMBER.length - 1 ? BY_NUMBER[number] : UNKNOWN;
    }
}
