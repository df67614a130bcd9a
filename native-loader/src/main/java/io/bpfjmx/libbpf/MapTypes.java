package io.bpfjmx.libbpf;

import com.sun.jna.Pointer;
import io.bpfjmx.libbpf.btf.Btf;
import java.util.function.Supplier;

/**
 * Where a map's BTF comes from: its object's {@code .BTF}, or the kernel's copy of the BTF a map was created with
 * (for a map opened by pin or id). Read when first asked for, so that loading an object costs no parsing.
 */
final class MapTypes {
    private MapTypes() {}

    /** The raw bytes of a libbpf {@code struct btf}, or null without one. */
    static byte[] raw(Pointer btf) {
        if (btf == null) {
            return null;
        }
        int[] size = new int[1];
        Pointer data = LibBpf.btf__raw_data(btf, size);
        return data == null ? null : data.getByteArray(0, size[0]);
    }

    /** The BTF the kernel holds under {@code btfId}, or null when there is none or it cannot be read. */
    static Btf fromKernel(int btfId) {
        if (btfId == 0) {
            return null;
        }
        Pointer btf = LibBpf.btf__load_from_kernel_by_id(btfId);
        if (btf == null) {
            return null;
        }
        try {
            byte[] raw = raw(btf);
            return raw == null ? null : Btf.parse(raw);
        } finally {
            LibBpf.btf__free(btf);
        }
    }

    /** Parses {@code raw} on the first {@code get()} and keeps it; null stays null. */
    static Supplier<Btf> parsedOnce(byte[] raw) {
        return new Supplier<>() {
            private volatile Btf btf;

            @Override
            public Btf get() {
                Btf parsed = btf;
                if (parsed == null && raw != null) {
                    parsed = Btf.parse(raw);
                    btf = parsed;
                }
                return parsed;
            }
        };
    }
}
