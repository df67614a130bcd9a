package io.bpfjmx.agent.it;

import static io.bpfjmx.libbpf.testing.TypesFixture.FLOW_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bpfjmx.agent.it.apps.PlainHostApp;
import io.bpfjmx.libbpf.PossibleCpus;
import io.bpfjmx.libbpf.testing.Bpftool;
import io.bpfjmx.libbpf.testing.RequiresBpf;
import io.bpfjmx.libbpf.testing.TypesFixture;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.RuntimeMBeanException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The catalog of bad input: each is refused over real JMX with the exact JDK exception and message, leaves every
 * map of the host byte-identical (as {@code bpftool} reads them, not bpfjmx), and leaves the host running. One host
 * per JDK serves the whole catalog; its maps are seeded first so that "unchanged" means something.
 */
@RequiresBpf
class BadInputCatalogIT {
    private static final int CPUS = PossibleCpus.count();
    private static final String S = "java.lang.String";
    private static final String SS = "[Ljava.lang.String;";
    private static final String[] UPDATE = {S, S, S, "long"};
    private static final String[] BY_KEY = {S, S};
    private static final String[] BATCH = {S, SS, SS, "long"};
    private static final String FIXTURE_MAPS = "hash_map, small_hash, array_map, percpu_hash, percpu_array, lru_hash, "
            + "lru_percpu_hash, lpm_trie, locked_hash, fixtures.data, fixtures.rodata, fixtures.bss";
    private static final String FLAG_RULE = "expected ANY (0), NOEXIST (1) or EXIST (2), optionally plus F_LOCK (4)";
    private static final String INSIDE_A_BYTE = "inside a byte (after its first digit); separators (spaces or colons) "
            + "go only between bytes of two digits each: write 01:00, not 1:0";
    private static final String PAGE = ": ask for fewer, or read the map page by page with dumpFrom";
    private static final String HEX_RULE = "which is not a hex digit; use 0-9 and a-f, bytes optionally separated by "
            + "spaces or colons";
    private static final String PER_CPU = "12 bytes (one value, copied to each of the " + CPUS + " possible CPUs) or "
            + 16 * CPUS + " bytes (per-CPU layout: round_up(12, 8) = 16 × " + CPUS + " possible CPUs)";
    private static final Class<IllegalArgumentException> IAE = IllegalArgumentException.class;
    private static final Class<IllegalStateException> ISE = IllegalStateException.class;
    private static final Map<Jdk, SeededHost> HOSTS = new ConcurrentHashMap<>();

    /**
     * One bad call: on the object's MBean ({@code map} null) or on the MBean of one of its maps, and what it must be
     * refused with.
     */
    record BadInput(String name, String object, String map, String operation, Object[] args, String[] signature,
                    Class<? extends RuntimeException> exception, String message) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<BadInput> catalog() {
        List<BadInput> c = new ArrayList<>();
        String cat = "636174" + "00".repeat(125);
        // key lengths, every kind of map
        c.add(update("hash_map key 3 bytes", "hash_map", "010000", "0100000000000000", 0, IAE, key("hash_map", 3, 4)));
        c.add(update("hash_map key 5 bytes", "hash_map", "0100000000", "0100000000000000", 0, IAE,
                key("hash_map", 5, 4)));
        c.add(update("array_map key 2 bytes", "array_map", "0000", "0100000000000000", 0, IAE, key("array_map", 2, 4)));
        c.add(update("percpu_hash key 8 bytes", "percpu_hash", "0100000000000000", "01".repeat(12), 0, IAE,
                key("percpu_hash", 8, 4)));
        c.add(update("percpu_array key 1 byte", "percpu_array", "00", "01".repeat(12), 0, IAE,
                key("percpu_array", 1, 4)));
        c.add(update("lru_hash key 16 bytes", "lru_hash", "01".repeat(16), "0100000000000000", 0, IAE,
                key("lru_hash", 16, 4)));
        c.add(update("lru_percpu_hash key 3 bytes", "lru_percpu_hash", "010000", "01".repeat(12), 0, IAE,
                key("lru_percpu_hash", 3, 4)));
        c.add(update("lpm_trie key 4 bytes (address without prefix length)", "lpm_trie", "0a000001", "01000000", 0,
                IAE, key("lpm_trie", 4, 8)));
        c.add(update("locked_hash key 5 bytes", "locked_hash", "0100000000", "0000000001000000", 0, IAE,
                key("locked_hash", 5, 4)));
        c.add(update(".data key 8 bytes", ".data", "0000000000000000", "08000000", 0, IAE,
                key("fixtures.data", 8, 4)));
        c.add(mapUpdate("BpfMap MBean: .bss key 0x00", "fixtures.bss", "0x00", "01000000", 0, IAE,
                key("fixtures.bss", 1, 4)));
        c.add(update("string key: 'cat' not NUL-padded", "log_syscalls", "syscall_count_map", "636174", "00000000", 1,
                IAE, key("syscall_count_map", 3, 128)));
        c.add(update("string key: 129 characters, one too many", "log_syscalls", "syscall_count_map",
                "61".repeat(129), "00000000", 1, IAE, key("syscall_count_map", 129, 128)));
        // value lengths
        c.add(update("hash_map value 4 bytes", "hash_map", "01000000", "01000000", 0, IAE,
                value("hash_map", 4, "8 bytes (the map's value size)")));
        c.add(update("small_hash value 8 bytes", "small_hash", "01000000", "0100000000000000", 0, IAE,
                value("small_hash", 8, "4 bytes (the map's value size)")));
        c.add(update("array_map value 9 bytes", "array_map", "00000000", "01".repeat(9), 0, IAE,
                value("array_map", 9, "8 bytes (the map's value size)")));
        c.add(update("lru_hash value 7 bytes", "lru_hash", "01000000", "01".repeat(7), 0, IAE,
                value("lru_hash", 7, "8 bytes (the map's value size)")));
        c.add(update("lpm_trie value 8 bytes", "lpm_trie", "180000000a000000", "0100000000000000", 0, IAE,
                value("lpm_trie", 8, "4 bytes (the map's value size)")));
        c.add(update("locked_hash value 4 bytes (lock left out)", "locked_hash", "01000000", "05000000", 0, IAE,
                value("locked_hash", 4, "8 bytes (the map's value size)")));
        c.add(mapUpdate("BpfMap MBean: .bss value 2 bytes", "fixtures.bss", "00000000", "0100", 0, IAE,
                value("fixtures.bss", 2, "4 bytes (the map's value size)")));
        c.add(update("string-keyed map value 8 bytes", "log_syscalls", "syscall_count_map", cat, "0100000000000000", 0,
                IAE, value("syscall_count_map", 8, "4 bytes (the map's value size)")));
        // per-CPU values in neither accepted form
        c.add(update("percpu_hash value 11 bytes", "percpu_hash", "01000000", "01".repeat(11), 0, IAE,
                value("percpu_hash", 11, PER_CPU)));
        c.add(update("percpu_hash value 8 bytes", "percpu_hash", "01000000", "01".repeat(8), 0, IAE,
                value("percpu_hash", 8, PER_CPU)));
        c.add(update("percpu_array one CPU slot too many", "percpu_array", "00000000", "01".repeat(16 * CPUS + 16), 0,
                IAE, value("percpu_array", 16 * CPUS + 16, PER_CPU)));
        c.add(update("lru_percpu_hash slots of 12 bytes plus 12", "lru_percpu_hash", "01000000",
                "01".repeat(16 * CPUS + 12), 0, IAE, value("lru_percpu_hash", 16 * CPUS + 12, PER_CPU)));
        if (CPUS > 1) {
            c.add(update("percpu_hash one padded slot of 16 bytes", "percpu_hash", "01000000", "01".repeat(16), 0,
                    IAE, value("percpu_hash", 16, PER_CPU)));
            c.add(update("percpu_array values of 12 bytes without padding", "percpu_array", "00000000",
                    "01".repeat(12 * CPUS), 0, IAE, value("percpu_array", 12 * CPUS, PER_CPU)));
        }
        // hex
        c.add(update("odd digit count", "hash_map", "0100000", "0100000000000000", 0, IAE,
                "keyHex has 7 hex digits, an odd count; each byte takes two digits (write 0a, not a)"));
        c.add(update("non-hex character in the key", "hash_map", "0100000g", "0100000000000000", 0, IAE,
                "keyHex has 'g' at position 8, " + HEX_RULE));
        c.add(update("non-hex character in the value", "hash_map", "01000000", "zz00000000000000", 0, IAE,
                "valueHex has 'z' at position 1, " + HEX_RULE));
        c.add(update("dashes between bytes", "hash_map", "01-00-00-00", "0100000000000000", 0, IAE,
                "keyHex has '-' at position 3, " + HEX_RULE));
        c.add(update("0x twice", "hash_map", "0x0x01000000", "0100000000000000", 0, IAE,
                "keyHex has 'x' at position 4, " + HEX_RULE));
        c.add(update("full-width digits", "hash_map", "\uff10\uff11000000", "0100000000000000", 0, IAE,
                "keyHex has U+FF10 at position 1, " + HEX_RULE));
        c.add(update("trailing newline", "hash_map", "01000000\n", "0100000000000000", 0, IAE,
                "keyHex has U+000A at position 9, " + HEX_RULE));
        c.add(update("empty key", "hash_map", "", "0100000000000000", 0, IAE,
                "keyHex is empty; give the bytes as hex, e.g. 0a000000"));
        c.add(update("empty value", "hash_map", "01000000", "", 0, IAE,
                "valueHex is empty; give the bytes as hex, e.g. 0a000000"));
        c.add(update("only separators", "hash_map", " : : ", "0100000000000000", 0, IAE,
                "keyHex is empty; give the bytes as hex, e.g. 0a000000"));
        c.add(update("0x and nothing else", "hash_map", "01000000", "0x", 0, IAE,
                "valueHex is empty; give the bytes as hex, e.g. 0a000000"));
        c.add(update("colons inside bytes: 1:0:0:0:0:0:0:0 is not 10000000", "hash_map", "01000000",
                "1:0:0:0:0:0:0:0", 0, IAE, "valueHex has ':' at position 2, " + INSIDE_A_BYTE));
        c.add(update("a space inside a byte", "hash_map", "0 1000000", "0100000000000000", 0, IAE,
                "keyHex has a space at position 2, " + INSIDE_A_BYTE));
        c.add(update("a key of 10000 hex digits", "hash_map", "01".repeat(5000), "0100000000000000", 0, IAE,
                "keyHex is 10000 characters long, more than any hex of 4 bytes (at most 80 characters: 4 a byte and 64 "
                        + "more); give at most 4 bytes"));
        c.add(update("a value of 1 MB of spaces", "hash_map", "01000000", " ".repeat(1 << 20) + "01", 0, IAE,
                "valueHex is 1048578 characters long, more than any hex of 8 bytes (at most 96 characters: 4 a byte "
                        + "and 64 more); give at most 8 bytes"));
        // null arguments
        c.add(update("null key", "hash_map", null, "0100000000000000", 0, IAE,
                "keyHex is missing; give the bytes as hex, e.g. 0a000000"));
        c.add(update("null value", "hash_map", "01000000", null, 0, IAE,
                "valueHex is missing; give the bytes as hex, e.g. 0a000000"));
        c.add(update("null map name", null, "01000000", "0100000000000000", 0, IAE,
                "mapName is missing; its maps are: " + FIXTURE_MAPS));
        c.add(batch("null keys array", "hash_map", null, new String[] {"0100000000000000"}, 0, IAE,
                "updateBatch takes as many values as keys, at least one: got 0 keys and 1 values"));
        c.add(batch("null element among the values", "hash_map", new String[] {"01000000", "02000000"},
                new String[] {"0100000000000000", null}, 0, IAE,
                "valuesHex[1] is missing; give the bytes as hex, e.g. 0a000000"));
        c.add(byKey("deleteElem null key", "deleteElem", "hash_map", null, IAE,
                "keyHex is missing; give the bytes as hex, e.g. 0a000000"));
        // unknown maps
        c.add(update("unknown map", "nope", "01000000", "0100000000000000", 0, IAE, unknownMap("nope")));
        c.add(update("empty map name", "", "01000000", "0100000000000000", 0, IAE, unknownMap("")));
        c.add(update("map name in the wrong case", "HASH_MAP", "01000000", "0100000000000000", 0, IAE,
                unknownMap("HASH_MAP")));
        c.add(byKey("lookup in an unknown map", "lookupElem", "syscall_count_map", "01000000", IAE,
                unknownMap("syscall_count_map")));
        // flags
        c.add(update("flags NOEXIST|EXIST", "hash_map", "03000000", "0100000000000000", 3, IAE,
                "flags 3 combine NOEXIST and EXIST, which exclude each other; " + FLAG_RULE));
        c.add(update("flags NOEXIST|EXIST|F_LOCK", "locked_hash", "01000000", "0000000001000000", 7, IAE,
                "flags 7 combine NOEXIST and EXIST, which exclude each other; " + FLAG_RULE));
        c.add(update("unknown flag bit 8", "hash_map", "03000000", "0100000000000000", 8, IAE,
                "flags 8 have unknown bits 0x8; " + FLAG_RULE));
        c.add(update("flags -1", "hash_map", "03000000", "0100000000000000", -1, IAE,
                "flags -1 have unknown bits 0xfffffffffffffff8; " + FLAG_RULE));
        c.add(update("flag bit 32", "hash_map", "03000000", "0100000000000000", 1L << 32, IAE,
                "flags 4294967296 have unknown bits 0x100000000; " + FLAG_RULE));
        c.add(update("F_LOCK without a spin lock (hash)", "hash_map", "01000000", "0100000000000000", 4, IAE,
                noSpinLock("ANY|F_LOCK", "hash_map")));
        c.add(update("EXIST|F_LOCK without a spin lock (array)", "array_map", "00000000", "0100000000000000", 6, IAE,
                noSpinLock("EXIST|F_LOCK", "array_map")));
        c.add(batch("batch with NOEXIST", "hash_map", new String[] {"03000000"}, new String[] {"0100000000000000"}, 1,
                IAE, "flags NOEXIST for a batch update of map 'hash_map': the kernel takes only ANY (0) or F_LOCK (4) "
                        + "for batch elements; use single updates for NOEXIST or EXIST"));
        c.add(batch("batch with EXIST", "hash_map", new String[] {"01000000"}, new String[] {"0100000000000000"}, 2,
                IAE, "flags EXIST for a batch update of map 'hash_map': the kernel takes only ANY (0) or F_LOCK (4) "
                        + "for batch elements; use single updates for NOEXIST or EXIST"));
        c.add(batch("batch with F_LOCK without a spin lock", "hash_map", new String[] {"01000000"},
                new String[] {"0100000000000000"}, 4, IAE, noSpinLock("ANY|F_LOCK", "hash_map")));
        // what the kernel refuses
        c.add(update("NOEXIST on an existing key", "hash_map", "01000000", "0900000000000000", 1, ISE,
                "update of map 'hash_map' failed: EEXIST (key exists and flags=NOEXIST)"));
        c.add(update("NOEXIST on an array index (arrays have every index)", "array_map", "00000000",
                "0900000000000000", 1, ISE, "update of map 'array_map' failed: EEXIST (key exists and flags=NOEXIST)"));
        c.add(update("EXIST on a missing key", "hash_map", "03000000", "0100000000000000", 2, ISE,
                "update of map 'hash_map' failed: ENOENT (no such key and flags=EXIST)"));
        c.add(update("EXIST on a missing string key", "log_syscalls", "syscall_count_map", "646f67" + "00".repeat(125),
                "01000000", 2, ISE, "update of map 'syscall_count_map' failed: ENOENT (no such key and flags=EXIST)"));
        c.add(update("a full hash map", "small_hash", "03000000", "03000000", 0, ISE,
                "update of map 'small_hash' failed: E2BIG (map full, or array index out of range (index >= "
                        + "max_entries))"));
        c.add(update("array index = max_entries", "array_map", "04000000", "0100000000000000", 0, ISE,
                "update of map 'array_map' failed: E2BIG (map full, or array index out of range (index >= "
                        + "max_entries))"));
        c.add(update("array index 2^32-1", "percpu_array", "ffffffff", "01".repeat(12), 0, ISE,
                "update of map 'percpu_array' failed: E2BIG (map full, or array index out of range (index >= "
                        + "max_entries))"));
        c.add(update("LPM prefix length 33 for a 4-byte address", "lpm_trie", "210000000a000000", "01000000", 0, ISE,
                "update of map 'lpm_trie' failed: EINVAL (invalid argument: flags or key/value the kernel refuses "
                        + "for this map type)"));
        c.add(update("frozen .rodata", ".rodata", "00000000", "01000000", 0, IAE, frozen()));
        c.add(byKey("delete from frozen .rodata", "deleteElem", ".rodata", "00000000", IAE, frozen()));
        c.add(batch("batch into frozen .rodata", ".rodata", new String[] {"00000000"}, new String[] {"01000000"}, 0,
                IAE, frozen()));
        c.add(byKey("delete from an array", "deleteElem", "array_map", "00000000", ISE,
                "delete of map 'array_map' failed: EINVAL (invalid argument: this map type does not delete elements "
                        + "(arrays keep every index))"));
        c.add(byKey("delete a missing key", "deleteElem", "hash_map", "03000000", ISE,
                "delete of map 'hash_map' failed: ENOENT (no such key)"));
        c.add(byKey("lookup a missing key", "lookupElem", "hash_map", "03000000", ISE,
                "lookup of map 'hash_map' failed: ENOENT (no such key)"));
        // batch shapes
        c.add(batch("batch of 2 keys and 1 value", "hash_map", new String[] {"04000000", "05000000"},
                new String[] {"0100000000000000"}, 0, IAE,
                "updateBatch takes as many values as keys, at least one: got 2 keys and 1 values"));
        c.add(batch("empty batch", "hash_map", new String[0], new String[0], 0, IAE,
                "updateBatch takes as many values as keys, at least one: got 0 keys and 0 values"));
        c.add(batch("batch key of 2 bytes", "hash_map", new String[] {"04000000", "0500"},
                new String[] {"0100000000000000", "0100000000000000"}, 0, IAE,
                "keysHex[1]: " + key("hash_map", 2, 4)));
        c.add(batch("batch keys of 3 and 5 bytes, two keys if joined", "hash_map",
                new String[] {"010000", "0002000000"}, new String[] {"01".repeat(8), "02".repeat(8)}, 0, IAE,
                "keysHex[0]: " + key("hash_map", 3, 4)));
        c.add(batch("batch values of 7 and 9 bytes, two values if joined", "hash_map",
                new String[] {"01000000", "02000000"}, new String[] {"01".repeat(7), "02".repeat(9)}, 0, IAE,
                "valuesHex[0]: " + value("hash_map", 7, "8 bytes (the map's value size)")));
        c.add(batch("batch value of 9 bytes after a good one", "hash_map", new String[] {"01000000", "02000000"},
                new String[] {"01".repeat(8), "02".repeat(9)}, 0, IAE,
                "valuesHex[1]: " + value("hash_map", 9, "8 bytes (the map's value size)")));
        c.add(batch("per-CPU batch mixing one value and a full layout", "percpu_hash",
                new String[] {"04000000", "05000000"}, new String[] {"01".repeat(12), "01".repeat(16 * CPUS)}, 0, IAE,
                "valuesHex[1]: value of " + 16 * CPUS + " bytes for map 'percpu_hash' is in the per-CPU layout, but "
                        + "valuesHex[0] is one value of 12 bytes: give every value of a batch in one form, "
                        + PER_CPU));
        c.add(batch("per-CPU batch value of 11 bytes", "percpu_hash", new String[] {"04000000", "05000000"},
                new String[] {"01".repeat(12), "01".repeat(11)}, 0, IAE,
                "valuesHex[1]: " + value("percpu_hash", 11, PER_CPU)));
        c.add(batch("batch key with a separator inside a byte", "hash_map", new String[] {"01000000", "2:0:0:0"},
                new String[] {"01".repeat(8), "02".repeat(8)}, 0, IAE, "keysHex[1] has ':' at position 2, "
                        + INSIDE_A_BYTE));
        String[] many = new String[100_001];
        String[] manyValues = new String[many.length];
        for (int i = 0; i < many.length; i++) {
            many[i] = String.format("%08x", i);
            manyValues[i] = "0100000000000000";
        }
        c.add(batch("batch of 100001 elements", "hash_map", many, manyValues, 0, IAE,
                "updateBatch of 100001 elements for map 'hash_map': at most 100000 per call; split them over several "
                        + "calls"));
        c.add(batch("batch into a full hash map", "small_hash", new String[] {"03000000", "04000000"},
                new String[] {"03000000", "04000000"}, 0, ISE,
                "batch update of map 'small_hash' failed: E2BIG (map full, or array index out of range (index >= "
                        + "max_entries))\n0 of 2 elements were written before the error"));
        // reads with bad input
        c.add(byKey("getNextKey with a 3-byte key", "getNextKey", "hash_map", "010000", IAE, key("hash_map", 3, 4)));
        c.add(byKey("lookupElemPerCpu with a 5-byte key", "lookupElemPerCpu", "percpu_hash", "0100000000", IAE,
                key("percpu_hash", 5, 4)));
        c.add(new BadInput("dumpMap of 0 entries", "fixtures", null, "dumpMap", new Object[] {"hash_map", 0},
                new String[] {S, "int"}, IAE, "maxEntries is 0; expected 1 or more"));
        c.add(new BadInput("BpfMap MBean: dump of -1 entries", "fixtures", "hash_map", "dump", new Object[] {-1},
                new String[] {"int"}, IAE, "maxEntries is -1; expected 1 or more"));
        String tooMany = "maxEntries is 1000000 for map 'large_hash', which holds up to 1048576; at most 100000 per "
                + "call" + PAGE;
        c.add(new BadInput("dumpMap of 1000000 entries of a map of 2^20", "names", null, "dumpMap",
                new Object[] {"large_hash", 1_000_000}, new String[] {S, "int"}, IAE, tooMany));
        c.add(new BadInput("BpfMap MBean: dump of 1000000 entries of a map of 2^20", "names", "large_hash", "dump",
                new Object[] {1_000_000}, new String[] {"int"}, IAE, tooMany));
        c.add(new BadInput("typed dump of 1000000 entries of a map of 2^20", "names", null, "dump",
                new Object[] {"large_hash", 1_000_000}, new String[] {S, "int"}, IAE, tooMany));
        typedCatalog(c);
        return c;
    }

    /** Typed (JSON) keys and values that do not fit the maps' BTF types in {@code types.bpf.o}. */
    private static void typedCatalog(List<BadInput> c) {
        String stats = TypesFixture.FLOW_STATS;
        c.add(typed("typed: 256 for a __u8 in an array", "flows", FLOW_KEY,
                TypesFixture.flowStatsWith("[1,2,3,255]", "[1,256,3,255]"),
                "value of map 'flows': 256 does not fit .labels[1], a __u8 (0 to 255)"));
        c.add(typed("typed: a negative number for an unsigned field", "flows", FLOW_KEY.replace("\"src\":1",
                "\"src\":-1"), stats, "key of map 'flows': -1 does not fit .src, a __u32 (0 to 4294967295)"));
        c.add(typed("typed: a field nested in a struct out of range", "flows", FLOW_KEY,
                TypesFixture.flowStatsWith("\"lo\":-3", "\"lo\":2147483648"),
                "value of map 'flows': 2147483648 does not fit .range.lo, a __s32 (-2147483648 to 2147483647)"));
        c.add(typed("typed: u64 one above its maximum, as a string", "flows", FLOW_KEY,
                TypesFixture.flowStatsWith("18446744073709551615", "\"18446744073709551616\""),
                "value of map 'flows': 18446744073709551616 does not fit .packets, a __u64 (0 to "
                        + "18446744073709551615)"));
        c.add(typed("typed: a fraction for an int", "flows", FLOW_KEY.replace("80", "80.5"), stats,
                "key of map 'flows': 80.5 is not an integer for .port, a __u16 (0 to 65535): give a whole number, "
                        + "or a string of decimal or 0x hex digits"));
        c.add(typed("typed: an unknown member", "flows", FLOW_KEY.replace("}", ",\"vlan\":1}"), stats,
                "key of map 'flows': unknown member .vlan, struct flow_key has src, dst, port, proto"));
        c.add(typed("typed: a missing member", "flows", "{\"src\":1,\"dst\":2,\"port\":80}", stats,
                "key of map 'flows': missing member .proto, a __u8: give every member of struct flow_key"));
        c.add(typed("typed: a member given twice", "flows", FLOW_KEY.replace("}", ",\"src\":1}"), stats,
                "key of map 'flows': member given twice: .src, give it once"));
        c.add(typed("typed: a string too long for its char array", "flows", FLOW_KEY,
                TypesFixture.flowStatsWith("\"cat\"", "\"sixteen-letters!\""),
                "value of map 'flows': \"sixteen-letters!\" (16 bytes) is too long for .comm, a char[16], which "
                        + "holds at most 15 bytes and a NUL"));
        c.add(typed("typed: union members that disagree", "flows", FLOW_KEY,
                TypesFixture.flowStatsWith("[4,3,2,1]", "[9,9,9,9]"),
                "value of map 'flows': disagrees with another member of its union at .u.as_bytes, a union holds "
                        + "one member at a time: give one of as_u32, as_bytes"));
        c.add(typed("typed: an enumerator that does not exist", "flows", FLOW_KEY,
                TypesFixture.flowStatsWith("\"BLUE\"", "\"PURPLE\""),
                "value of map 'flows': \"PURPLE\" is not an enumerator of .color, an enum color (RED, GREEN, BLUE, "
                        + "or a number)"));
        c.add(typed("typed: a list of the wrong length", "flows", FLOW_KEY,
                TypesFixture.flowStatsWith("[[1,2,3],[4,5,6]]", "[[1,2,3]]"),
                "value of map 'flows': a list of 1 is the wrong length for .matrix, a __u16[2][3] (a list of 2)"));
        c.add(typed("typed: a bitfield too narrow for the number", "flows", FLOW_KEY,
                TypesFixture.flowStatsWith("\"flag_b\":5", "\"flag_b\":8"),
                "value of map 'flows': 8 does not fit .flag_b, an unsigned int bitfield of 3 bits (0 to 7)"));
        c.add(typed("typed: a double for a float that overflows it", "flows", FLOW_KEY,
                TypesFixture.flowStatsWith("1.5", "1e39"),
                "value of map 'flows': 1e39 does not fit .ratio, a float (a number, or \"NaN\", \"Infinity\", "
                        + "\"-Infinity\")"));
        c.add(typed("typed: a struct that is not JSON", "flows", "{\"src\":1,", stats,
                "key of map 'flows': \"{\\\"src\\\":1,\" is not valid JSON (End of input at line 1 column 10 path "
                        + "$.src) for it, a struct flow_key"));
        c.add(typed("typed: a string key too long", "names", "sixteen-letters!", "1",
                "key of map 'names': \"sixteen-letters!\" (16 bytes) is too long for it, a char[16], which holds at "
                        + "most 15 bytes and a NUL"));
        String slot = "{\"cpu\":0,\"value\":{\"packets\":1,\"drops\":1}}";
        c.add(typed("typed: a per-CPU list of the wrong length", "percpu_stats", "1",
                "[" + slot + ("," + slot).repeat(CPUS) + "]",
                "per-CPU value of map 'percpu_stats': a list of " + (CPUS + 1) + " is the wrong length for it, one "
                        + "{\"cpu\":N,\"value\":V} for each of the " + CPUS + " possible CPUs (or give one value, "
                        + "written to every CPU)"));
        c.add(typed("typed: an enum value by a name it does not have", "colors", "1", "PURPLE",
                "value of map 'colors': \"PURPLE\" is not an enumerator of it, an enum color (RED, GREEN, BLUE, or "
                        + "a number)"));
        c.add(typed("typed: a value of 70001 characters", "names", "alpha", " ".repeat(70_000) + "7",
                "value of map 'names' is 70001 characters long, more than any JSON of 8 bytes needs (at most 65792 "
                        + "characters: 32 a byte and 65536 more); leave out the whitespace, or give the bytes as hex "
                        + "(updateElem)"));
        c.add(new BadInput("typed: lookup with a key of 70001 characters", "types", null, "lookup",
                new Object[] {"names", "\"" + "a".repeat(69_999) + "\""}, BY_KEY, IAE, "key of map 'names' is 70001 "
                        + "characters long, more than any JSON of 16 bytes needs (at most 66048 characters: 32 a byte "
                        + "and 65536 more); leave out the whitespace, or give the bytes as hex (lookupElem)"));
        c.add(typed("typed: a map without BTF", "raw", "1", "1", "map 'raw' takes no typed keys and values: it has no "
                + "BTF types for its key and value (built without -g, or declared with key_size/value_size); give raw "
                + "bytes in hex instead (updateElem, lookupElem, deleteElem; the CLI's hex: prefix)"));
        c.add(new BadInput("typed: lookup with a bad key", "types", null, "lookup", new Object[] {"flows", "[1,2]"},
                BY_KEY, IAE, "key of map 'flows': a list is not an object for it, a struct flow_key (members src, dst, "
                        + "port, proto)"));
        c.add(new BadInput("typed: delete by the BpfMap MBean with a bad key", "types", "names", "delete",
                new Object[] {"[1,2]"}, new String[] {S}, IAE, "key of map 'names': a list of 2 is the wrong length "
                        + "for it, a char[16] (a string of at most 15 bytes, or a list of 16 numbers)"));
        c.add(typed("typed: EXIST on a missing key is the kernel's refusal", "names", "nobody", "1", 2L, ISE,
                "update of map 'names' failed: ENOENT (no such key and flags=EXIST)"));
    }

    static Stream<Arguments> cases() {
        return Jdk.all().stream().flatMap(jdk -> catalog().stream().map(input -> Arguments.of(jdk, input)));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("cases")
    void isRefusedExactlyAndChangesNothing(Jdk jdk, BadInput input) throws Exception {
        SeededHost seeded = HOSTS.computeIfAbsent(jdk, SeededHost::start);
        String before = Bpftool.dump(seeded.mapIds());
        ObjectName target = input.map == null ? HostJvm.bpfObjectName(input.object)
                : new ObjectName("io.bpfjmx:type=BpfMap,object=" + input.object + ",name=" + input.map);

        assertThatThrownBy(() -> seeded.jmx().invoke(target, input.operation, input.args, input.signature))
                .isExactlyInstanceOf(RuntimeMBeanException.class)
                .cause().isExactlyInstanceOf(input.exception).hasMessage(input.message).hasNoCause();
        assertThat(Bpftool.dump(seeded.mapIds())).as("every map, read by bpftool").isEqualTo(before);
        assertThat(seeded.host().isAlive()).isTrue();
    }

    /** A host with both objects loaded (nothing attached, so only the test changes the maps) and seeded maps. */
    record SeededHost(HostJvm host, MBeanServerConnection jmx, List<Integer> mapIds) {
        static SeededHost start(Jdk jdk) {
            try {
                HostJvm host = HostJvm.on(jdk).mainClass(PlainHostApp.class).javaAgent(ItPaths.agentJar(), "object="
                        + ItPaths.bpfObject("fixtures.bpf.o") + ",object=" + ItPaths.bpfObject("log_syscalls.bpf.o")
                        + ",object=" + ItPaths.bpfObject("types.bpf.o") + ",object=" + ItPaths.bpfObject("names.bpf.o")
                        + ",attach=false").start();
                host.waitFor("host ready");
                assertThat(host.awaitObjectStatus("fixtures")).startsWith("READY");
                assertThat(host.awaitObjectStatus("log_syscalls")).startsWith("READY");
                assertThat(host.awaitObjectStatus("types")).startsWith("READY");
                assertThat(host.awaitObjectStatus("names")).startsWith("READY");
                MBeanServerConnection jmx = host.connect();
                seed(jmx);
                List<Integer> ids = new ArrayList<>();
                for (ObjectName map : jmx.queryNames(new ObjectName("io.bpfjmx:type=BpfMap,*"), null)) {
                    ids.add((Integer) jmx.getAttribute(map, "Id"));
                }
                assertThat(ids).hasSize(21);
                return new SeededHost(host, jmx, ids);
            } catch (Exception e) {
                throw new IllegalStateException("cannot start the catalog's host on " + jdk, e);
            }
        }

        /** Something in every map the catalog aims at, confirmed by bpftool. */
        private static void seed(MBeanServerConnection jmx) throws Exception {
            ObjectName fixtures = HostJvm.bpfObjectName("fixtures");
            String[][] elements = {
                {"hash_map", "01000000", "0100000000000000"}, {"hash_map", "02000000", "0200000000000000"},
                {"small_hash", "01000000", "01000000"}, {"small_hash", "02000000", "02000000"},
                {"array_map", "00000000", "0100000000000000"}, {"percpu_hash", "01000000", "01".repeat(12)},
                {"percpu_array", "00000000", "02".repeat(12)}, {"lru_hash", "01000000", "0100000000000000"},
                {"lru_percpu_hash", "01000000", "03".repeat(12)}, {"lpm_trie", "180000000a000000", "01000000"},
                {"locked_hash", "01000000", "0000000005000000"}, {".bss", "00000000", "03000000"}};
            for (String[] element : elements) {
                jmx.invoke(fixtures, "updateElem", new Object[] {element[0], element[1], element[2], 0L}, UPDATE);
            }
            ObjectName types = HostJvm.bpfObjectName("types");
            String[][] typed = {{"flows", FLOW_KEY, TypesFixture.FLOW_STATS}, {"names", "alpha", "-5"},
                {"percpu_stats", "1", "{\"packets\":7,\"drops\":1}"}, {"colors", "1", "GREEN"}};
            for (String[] element : typed) {
                jmx.invoke(types, "update", new Object[] {element[0], element[1], element[2], 0L}, UPDATE);
            }
            jmx.invoke(HostJvm.bpfObjectName("log_syscalls"), "updateElem",
                    new Object[] {"syscall_count_map", "636174" + "00".repeat(125), "00000000", 1L}, UPDATE);
            int hashMapId = (Integer) jmx.getAttribute(
                    new ObjectName("io.bpfjmx:type=BpfMap,object=fixtures,name=hash_map"), "Id");
            assertThat(Bpftool.entries(hashMapId)).containsEntry("01000000", "0100000000000000")
                    .containsEntry("02000000", "0200000000000000");
        }
    }

    @AfterAll
    static void stopHosts() throws Exception {
        for (SeededHost seeded : HOSTS.values()) {
            seeded.host().close();
        }
    }

    private static BadInput typed(String name, String mapName, String key, String value, String message) {
        return typed(name, mapName, key, value, 0, IAE, message);
    }

    private static BadInput typed(String name, String mapName, String key, String value, long flags,
                                  Class<? extends RuntimeException> type, String message) {
        return new BadInput(name, "types", null, "update", new Object[] {mapName, key, value, flags}, UPDATE, type,
                message);
    }

    private static BadInput update(String name, String mapName, String key, String value, long flags,
                                   Class<? extends RuntimeException> type, String message) {
        return update(name, "fixtures", mapName, key, value, flags, type, message);
    }

    private static BadInput update(String name, String object, String mapName, String key, String value, long flags,
                                   Class<? extends RuntimeException> type, String message) {
        return new BadInput(name, object, null, "updateElem", new Object[] {mapName, key, value, flags}, UPDATE, type,
                message);
    }

    /** On the map's own MBean. */
    private static BadInput mapUpdate(String name, String map, String key, String value, long flags,
                                      Class<? extends RuntimeException> type, String message) {
        return new BadInput(name, "fixtures", map, "updateElem", new Object[] {key, value, flags},
                new String[] {S, S, "long"}, type, message);
    }

    private static BadInput byKey(String name, String operation, String mapName, String key,
                                  Class<? extends RuntimeException> type, String message) {
        return new BadInput(name, "fixtures", null, operation, new Object[] {mapName, key}, BY_KEY, type, message);
    }

    private static BadInput batch(String name, String mapName, String[] keys, String[] values, long flags,
                                  Class<? extends RuntimeException> type, String message) {
        return new BadInput(name, "fixtures", null, "updateBatch", new Object[] {mapName, keys, values, flags}, BATCH,
                type, message);
    }

    private static String key(String map, int given, int size) {
        return "key of " + given + " bytes for map '" + map + "': expected " + size + " bytes (the map's key size); "
                + "pad or trim the key to " + size + " bytes";
    }

    private static String value(String map, int given, String expected) {
        return "value of " + given + " bytes for map '" + map + "': expected " + expected;
    }

    private static String unknownMap(String name) {
        return "no map '" + name + "' in object 'fixtures'; its maps are: " + FIXTURE_MAPS;
    }

    private static String noSpinLock(String flags, String map) {
        return "flags " + flags + " ask for BPF_F_LOCK, but the value of map '" + map + "' holds no struct "
                + "bpf_spin_lock (per its BTF); drop F_LOCK (4) from the flags";
    }

    private static String frozen() {
        return "map 'fixtures.rodata' is read-only after load: the kernel froze it (libbpf freezes .rodata once the "
                + "object is loaded); only .data and .bss globals stay writable";
    }
}
