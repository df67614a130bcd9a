package io.bpfjmx.libbpf;

import static io.bpfjmx.libbpf.LibBpfLibrary.libbpf;


/**
 * Reads a map's value type from BTF to tell whether it holds a {@code struct bpf_spin_lock}, the precondition
 * of {@code BPF_F_LOCK}. Without BTF the answer is {@link Answer#UNKNOWN} and the kernel decides.
 */
final class SpinLockProbe {
    enum Answer { YES, NO, UNKNOWN }

    // struct btf_type { __u32 name_off; __u32 info; __u32 size_or_type; }, members follow structs and unions
    private static final int TYPE_HEADER = 12;
    private static final int MEMBER_SIZE = 12;
    private static final int KIND_STRUCT = 4;
    private static final int KIND_UNION = 5;
    private static final int KIND_TYPEDEF = 8;
    private static final int KIND_VOLATILE = 9;
    private static final int KIND_CONST = 10;
    private static final int KIND_RESTRICT = 11;
    private static final int KIND_TYPE_TAG = 18;
    private static final int MAX_DEPTH = 8;

    private SpinLockProbe() {}

    static Answer probe(long btf, int valueTypeId) {
        if (btf == 0 || valueTypeId == 0) {
            return Answer.UNKNOWN;
        }
        return holdsSpinLock(btf, valueTypeId, 0) ? Answer.YES : Answer.NO;
    }

    private static boolean holdsSpinLock(long btf, int typeId, int depth) {
        long type = resolve(btf, typeId);
        if (type == 0 || depth > MAX_DEPTH) {
            return false;
        }
        int kind = kind(type);
        if (kind != KIND_STRUCT && kind != KIND_UNION) {
            return false;
        }
        if ("bpf_spin_lock".equals(libbpf().btf__name_by_offset(btf, libbpf().readInt(type)))) {
            return true;
        }
        int members = libbpf().readInt(type + 4) & 0xffff;
        for (int i = 0; i < members; i++) {
            int memberType = libbpf().readInt(type + TYPE_HEADER + (long) i * MEMBER_SIZE + 4);
            if (holdsSpinLock(btf, memberType, depth + 1)) {
                return true;
            }
        }
        return false;
    }

    /** Follows typedefs and qualifiers to the underlying type. */
    private static long resolve(long btf, int typeId) {
        long type = libbpf().btf__type_by_id(btf, typeId);
        for (int hops = 0; type != 0 && isAlias(kind(type)) && hops < MAX_DEPTH; hops++) {
            type = libbpf().btf__type_by_id(btf, libbpf().readInt(type + 8));
        }
        return type;
    }

    private static boolean isAlias(int kind) {
        return kind == KIND_TYPEDEF || kind == KIND_VOLATILE || kind == KIND_CONST || kind == KIND_RESTRICT
                || kind == KIND_TYPE_TAG;
    }

    private static int kind(long type) {
        return (libbpf().readInt(type + 4) >>> 24) & 0x1f;
    }
}
