package io.bpfjmx.agent;

/** The descriptions of parameters that both MBeans take, as JConsole shows them under each operation. */
final class ParameterTexts {
    static final String MAP_NAME = "Name of the map in this object, as in the Maps attribute (e.g. syscall_count_map; "
            + "globals also answer to .data, .bss, .rodata)";
    static final String KEY_HEX = "Key as hex bytes in the map's raw order (the host's: ByteOrder), exactly the key "
            + "size: e.g. 01000000 for a u32 1 on a little-endian host. 0x prefix, upper case and space or colon "
            + "separators between bytes are accepted";
    static final String VALUE_HEX = "Value as hex bytes, exactly the value size; for a per-CPU map either one value "
            + "(copied to every possible CPU) or round_up(valueSize, 8) × possible CPUs bytes (one slot per CPU). "
            + "Refused for maps whose values are file descriptors (PROG_ARRAY, maps of maps: give those to update)";
    static final String FLAGS = "Update flags: 0 = BPF_ANY (create or replace), 1 = BPF_NOEXIST (create only), "
            + "2 = BPF_EXIST (replace only); add 4 = BPF_F_LOCK for values holding a bpf_spin_lock";
    static final String BATCH_FLAGS = "Flags for every element: 0 = BPF_ANY or 4 = BPF_F_LOCK (the kernel takes no "
            + "NOEXIST/EXIST in batches)";
    static final String KEYS_HEX = "Keys as hex, one per element, each exactly the key size; at most "
            + CallBounds.ENTRIES_PER_CALL + " elements per call";
    static final String VALUES_HEX = "Values as hex, one per key, in the same order, each the value size (per-CPU "
            + "maps: all one value, or all the per-CPU layout)";
    static final String NEXT_KEY_HEX = "Key to continue after, as hex; empty for the first key";
    static final String MAX_ENTRIES = "Most entries to return (e.g. 100); at most " + CallBounds.ENTRIES_PER_CALL
            + " per call (fewer for entries over " + (CallBounds.BYTES_PER_CALL / CallBounds.ENTRIES_PER_CALL)
            + " bytes: " + (CallBounds.BYTES_PER_CALL >> 20) + " MiB a call) where the map can hold more; page on with "
            + "getNextKey";
    static final String KEY_JSON = "Key as JSON of the map's BTF key type: {\"src\":1,\"port\":80} for a struct, 7 or "
            + "\"0x7\" for an int, cat for a char array (text that is not JSON is taken as a string), RED for an enum; "
            + "at most " + CallBounds.JSON_SLACK_CHARS + " characters and " + CallBounds.JSON_CHARS_PER_BYTE
            + " a byte";
    static final String VALUE_JSON = "Value as JSON of the map's BTF value type (numbers may be strings, decimal or 0x "
            + "hex); for a per-CPU map one value (written to every CPU) or [{\"cpu\":0,\"value\":…},…] for every "
            + "possible CPU; at most " + CallBounds.JSON_SLACK_CHARS + " characters and "
            + CallBounds.JSON_CHARS_PER_BYTE + " a byte of the value buffer. For a PROG_ARRAY or a map of maps, the "
            + "program or map: {\"id\":N}, {\"pinned\":\"/sys/fs/bpf/…\"} or {\"name\":\"<one of this object>\"}";

    static final String PUSH = "Adds a value to a QUEUE or STACK (flags 0 ANY: fails with E2BIG when full; 2 EXIST: "
            + "drops the oldest value to make room) or to a BLOOM_FILTER (flags 0)";
    static final String POP = "Takes the next value out of a QUEUE (its oldest) or STACK (its newest), as hex; null "
            + "when it is empty";
    static final String PEEK = "Without a value: the value a QUEUE or STACK would pop, as hex, left in place (null when "
            + "empty). With a value: whether a BLOOM_FILTER may hold it, \"true\" (pushed, or a false positive) or "
            + "\"false\" (certainly not)";
    static final String PUSH_VALUE_HEX = "Value as hex bytes, exactly the value size";
    static final String PEEK_VALUE_HEX = "Empty for a queue or stack; for a bloom filter, the value asked about, as hex";
    static final String PUSH_FLAGS = "0 = BPF_ANY; 2 = BPF_EXIST (queue or stack: drop the oldest value when full)";

    static final String TYPED_UPDATE = "Inserts or replaces one element given as JSON by the map's BTF types (see "
            + "KeyType, ValueType): every field is checked and a wrong one named by its path (.range.lo); then the "
            + "kernel's answer (EEXIST, ENOENT, E2BIG…) is the error message";
    static final String TYPED_LOOKUP = "The value under a key, as JSON by the map's BTF type (per-CPU maps: "
            + "[{\"cpu\":0,\"value\":…},…]; PROG_ARRAY, maps of maps: {\"id\":N,\"name\":\"…\"}); fails with "
            + "ENOENT when there is no such key";
    static final String TYPED_DELETE = "Deletes the element under a key given as JSON; fails with ENOENT when there is "
            + "no such key, EINVAL for arrays";
    static final String TYPED_DUMP = "Up to maxEntries entries as JSON text: [{\"key\":K,\"value\":V},…] (per-CPU "
            + "maps: \"values\":[{\"cpu\":0,\"value\":V},…]), as bpftool's formatted output; at most "
            + CallBounds.ENTRIES_PER_CALL + " per call";

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
    static final String DUMP = "Up to maxEntries entries as a table of key, value and per-CPU values (hex); at most "
            + CallBounds.ENTRIES_PER_CALL + " per call";
    static final String CURSOR_HEX = "Where the page starts: the 'next' of the previous page, as it came; empty for "
            + "the first page";
    static final String PAGE_ENTRIES = "Most entries in the page (e.g. 10000); more than the per-call bound ("
            + CallBounds.ENTRIES_PER_CALL + ", fewer for large per-CPU entries) gives the bound";
    static final String DUMP_FROM = "One page of the map's entries, read from a cursor, for maps larger than a call "
            + "may return: 'keys' and 'values' (hex, the value buffers as lookupElem gives them) and 'next', the cursor of the next page (null after the last); "
            + "read by bpf_map_lookup_batch where the map type has it. A key present from the first page to the last "
            + "comes in exactly one page";
    static final String TYPED_DUMP_FROM = "One page of the map's entries as JSON, read from a cursor: "
            + "{\"entries\":[{\"key\":K,\"value\":V},…],\"next\":\"hex\"} (next null after the last page; "
            + "entries as dump's); a key present from the first page to the last comes in exactly one page";
    static final String UPDATE_BATCH = "Writes many elements in one system call (bpf_map_update_batch), each checked "
            + "first; returns how many were written. When the kernel stops part-way, the error says how many were "
            + "written, and so do the audit (applied=N/M) and the meter bpfjmx.map.batch.elements";
    static final String PROGRAM_NAME = "Name of the program in this object, as in the Programs attribute (e.g. "
            + "log_syscalls)";

    private ParameterTexts() {}
}
