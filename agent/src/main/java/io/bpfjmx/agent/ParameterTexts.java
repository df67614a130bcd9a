package io.bpfjmx.agent;

/** The descriptions of parameters that both MBeans take, as JConsole shows them under each operation. */
final class ParameterTexts {
    static final String MAP_NAME = "Name of the map in this object, as in the Maps attribute (e.g. syscall_count_map; "
            + "globals also answer to .data, .bss, .rodata)";
    static final String KEY_HEX = "Key as hex bytes in the map's raw (little-endian) order, exactly the key size: "
            + "e.g. 01000000 for a u32 1. 0x prefix, upper case and space or colon separators are accepted";
    static final String VALUE_HEX = "Value as hex bytes, exactly the value size; for a per-CPU map either one value "
            + "(copied to every possible CPU) or round_up(valueSize, 8) × possible CPUs bytes (one slot per CPU)";
    static final String FLAGS = "Update flags: 0 = BPF_ANY (create or replace), 1 = BPF_NOEXIST (create only), "
            + "2 = BPF_EXIST (replace only); add 4 = BPF_F_LOCK for values holding a bpf_spin_lock";
    static final String BATCH_FLAGS = "Flags for every element: 0 = BPF_ANY or 4 = BPF_F_LOCK (the kernel takes no "
            + "NOEXIST/EXIST in batches)";
    static final String KEYS_HEX = "Keys as hex, one per element";
    static final String VALUES_HEX = "Values as hex, one per key, in the same order";
    static final String NEXT_KEY_HEX = "Key to continue after, as hex; empty for the first key";
    static final String MAX_ENTRIES = "Most entries to return (e.g. 100)";

    static final String UPDATE = "Inserts or replaces one element (bpf_map__update_elem): checks key size, value "
            + "size (per-CPU layout included) and flags first, then the kernel's answer (EEXIST, ENOENT, E2BIG…) is "
            + "the error message";
    static final String LOOKUP = "The value stored under a key, as hex (per-CPU maps: every CPU's slot, each "
            + "round_up(valueSize, 8) bytes); fails with ENOENT when there is no such key";
    static final String LOOKUP_PER_CPU = "The value under a key, one hex string per possible CPU, padding dropped";
    static final String DELETE = "Deletes one element (bpf_map__delete_elem); fails with ENOENT when there is no "
            + "such key, EINVAL for arrays";
    static final String NEXT_KEY = "The key after the given one in the map's order (the first for an empty key), or "
            + "null after the last: walks a map key by key";
    static final String DUMP = "Up to maxEntries entries as a table of key, value and per-CPU values (hex)";
    static final String UPDATE_BATCH = "Writes many elements in one system call (bpf_map_update_batch); returns how "
            + "many were written";

    private ParameterTexts() {}
}
