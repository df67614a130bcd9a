package io.bpfjmx.libbpf;

import com.sun.jna.Pointer;

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

    static Answer probe(Pointer btf, int valueTypeId) {
        if (btf == null || valueTypeId == 0) {
            return Answer.UNKNOWN;
        }
        return holdsSpinLock(btf, valueTypeId, 0) ? Answer.YES : Answer.NO;
    }

    private static boolean holdsSpinLock(Pointer btf, int typeId, int depth) {
        Pointer type = resolve(btf, typeId);
        if (type == null || depth > MAX_DEPTH) {
            return false;
        }
        int kind = kind(type);
        if (kind != KIND_STRUCT && kind != KIND_UNION) {
            return false;
        }
        if ("bpf_spin_lock".equals(LibBpf.btf__name_by_offset(btf, type.getInt(0)))) {
            return true;
        }
        int members = type.getInt(4) & 0xffff;
        for (int i = 0; i < members; i++) {
            int memberType = type.getInt(TYPE_HEADER + (long) i * MEMBER_SIZE + 4);
            if (holdsSpinLock(btf, memberType, depth + 1)) {
                return true;
            }
        }
        return false;
    }

    /** Follows typedefs and qualifiers to the underlying type. */
    private static Pointer resolve(Pointer btf, int typeId) {
        Pointer type = LibBpf.btf__type_by_id(btf, typeId);
        for (int hops = 0; type != null && isAlias(kind(type)) && hops < MAX_DEPTH; hops++) {
            type = LibBpf.btf__type_by_id(btf, type.getInt(8));
        }
        return type;
    }

    private static boolean isAlias(int kind) {
        return kind == KIND_TYPEDEF || kind == KIND_VOLATILE || kind == KIND_CONST || kind == KIND_RESTRICT
                || kind == KIND_TYPE_TAG;
    }

    private static int kind(Pointer type) {
        return (type.getInt(4) >>> 24) & 0x1f;
    }
}
