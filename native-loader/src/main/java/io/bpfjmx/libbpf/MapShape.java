package io.bpfjmx.libbpf;

import static io.bpfjmx.libbpf.LibBpfLibrary.libbpf;


/**
 * What a map must agree on to be reused in place of the one an object declares: the fields libbpf compares before it
 * reuses a pinned map ({@code map_is_reuse_compat}: type, key and value size, max entries, flags, map_extra).
 */
record MapShape(int type, int keySize, int valueSize, int maxEntries, int flags, long mapExtra) {

    /**
     * The shape an opened, not yet loaded, object declares for {@code map}, as libbpf completes it before comparing:
     * a perf event array declared without max_entries gets one entry per possible CPU.
     */
    static MapShape declared(long map) {
        int type = libbpf().bpf_map__type(map);
        int maxEntries = libbpf().bpf_map__max_entries(map);
        if (type == MapType.PERF_EVENT_ARRAY.number() && maxEntries == 0) {
            maxEntries = libbpf().libbpf_num_possible_cpus();
        }
        return new MapShape(type, libbpf().bpf_map__key_size(map), libbpf().bpf_map__value_size(map), maxEntries,
                libbpf().bpf_map__map_flags(map), libbpf().bpf_map__map_extra(map));
    }

    /** The shape of a map in the kernel. */
    static MapShape of(KernelMapInfo info) {
        return new MapShape(info.type(), info.keySize(), info.valueSize(), info.maxEntries(), info.flags(),
                info.mapExtra());
    }

    /** E.g. {@code HASH, key 128 B, value 4 B, max_entries 32, flags 0x0}, as an operator compares two of them. */
    @Override
    public String toString() {
        MapType known = MapType.of(type);
        return (known == MapType.UNKNOWN ? "map type " + type : known.name()) + ", key " + keySize + " B, value "
                + valueSize + " B, max_entries " + maxEntries + ", flags 0x" + Integer.toHexString(flags)
                + (mapExtra == 0 ? "" : ", map_extra " + mapExtra);
    }
}
