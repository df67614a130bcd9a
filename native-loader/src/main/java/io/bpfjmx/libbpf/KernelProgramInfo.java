package io.bpfjmx.libbpf;

import static io.bpfjmx.libbpf.LibBpfLibrary.libbpf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * What the kernel says of a program fd ({@code struct bpf_prog_info} from {@code bpf_obj_get_info_by_fd}): its
 * type, id and name. The buffer's pointer fields stay 0 with their lengths, so the kernel copies nothing else out.
 */
record KernelProgramInfo(int type, int id, String kernelName) {
    /** Larger than any {@code struct bpf_prog_info} so far: the kernel accepts a longer buffer whose tail is zero. */
    private static final int INFO_BUFFER = 512;
    private static final int TYPE = 0;
    private static final int ID = 4;
    private static final int NAME = 64;
    private static final int NAME_LENGTH = 16;
    /** {@code enum bpf_prog_type}, in its order: the type of a program, for messages. */
    private static final String[] TYPES = {"UNSPEC", "SOCKET_FILTER", "KPROBE", "SCHED_CLS", "SCHED_ACT", "TRACEPOINT",
        "XDP", "PERF_EVENT", "CGROUP_SKB", "CGROUP_SOCK", "LWT_IN", "LWT_OUT", "LWT_XMIT", "SOCK_OPS", "SK_SKB",
        "CGROUP_DEVICE", "SK_MSG", "RAW_TRACEPOINT", "CGROUP_SOCK_ADDR", "LWT_SEG6LOCAL", "LIRC_MODE2", "SK_REUSEPORT",
        "FLOW_DISSECTOR", "CGROUP_SYSCTL", "RAW_TRACEPOINT_WRITABLE", "CGROUP_SOCKOPT", "TRACING", "STRUCT_OPS", "EXT",
        "LSM", "SK_LOOKUP", "SYSCALL", "NETFILTER"};

    static KernelProgramInfo of(int fd, String subject) {
        byte[] info = new byte[INFO_BUFFER];
        int[] length = {INFO_BUFFER};
        int result = libbpf().bpf_obj_get_info_by_fd(fd, info, length);
        if (result != 0) {
            throw BpfException.of(MapOperation.OPEN, subject, result);
        }
        ByteBuffer buffer = ByteBuffer.wrap(info).order(ByteOrder.nativeOrder());
        byte[] name = new byte[NAME_LENGTH];
        buffer.get(NAME, name);
        return new KernelProgramInfo(buffer.getInt(TYPE), buffer.getInt(ID), KernelMapInfo.cString(name));
    }

    /** {@code TRACEPOINT}, {@code XDP}: the program's type as {@code enum bpf_prog_type} names it. */
    String typeName() {
        return type >= 0 && type < TYPES.length ? TYPES[type] : "type " + type;
    }
}
