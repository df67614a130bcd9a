package io.bpfjmx.libbpf;

import static io.bpfjmx.libbpf.LibBpfLibrary.libbpf;

import io.bpfjmx.libbpf.btf.Btf;
import java.util.function.Supplier;

/**
 * Where a map's BTF comes from: its object's {@code .BTF}, or the kernel's copy of the BTF a map was created with
 * (for a map opened by pin or id). Read when first asked for, so that loading an object costs no parsing.
 */
final class MapTypes {
    private MapTypes() {}

    /** The raw bytes of a libbpf {@code struct btf}, or null without one. */
    static byte[] raw(long btf) {
        if (btf == 0) {
            return null;
        }
        int[] size = new int[1];
        long data = libbpf().btf__raw_data(btf, size);
        return data == 0 ? null : libbpf().read(data, size[0]);
    }

    /** The BTF the kernel holds under {@code btfId}, or null when there is none or it cannot be read. */
    static Btf fromKernel(int btfId) {
        if (btfId == 0) {
            return null;
        }
        long btf = libbpf().btf__load_from_kernel_by_id(btfId);
        if (btf == 0) {
            return null;
        }
        try {
            byte[] raw = raw(btf);
            return raw == null ? null : Btf.parse(raw);
        } finally {
            libbpf().btf__free(btf);
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
