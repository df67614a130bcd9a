package io.bpfjmx.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bpfjmx.libbpf.PossibleCpus;
import io.bpfjmx.libbpf.testing.Le;
import java.util.Arrays;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * The size and flag rules of every writable kind of map, on the real kernel through the MBean's implementation:
 * a key or value of any length is written only when its size is right, and is otherwise refused with
 * {@link IllegalArgumentException} and the documented message; every write that is accepted reads back the same.
 * Expected sizes come from {@code bpf/README.md}'s table, not from the code under test.
 */
@AddLifecycleHook(RequiresBpfHook.class)
class SizeRulesPropertiesTest {
    private static final int CPUS = PossibleCpus.count();
    private static final String EXPECTED_FLAGS =
            "expected ANY (0), NOEXIST (1) or EXIST (2), optionally plus F_LOCK (4)";
    private static final List<FixtureMap> MAPS = List.of(
            new FixtureMap("hash_map", 4, 8, false, KeyRule.ANY, 8192),
            new FixtureMap("array_map", 4, 8, false, KeyRule.INDEX, 4),
            new FixtureMap("percpu_hash", 4, 12, true, KeyRule.ANY, 4096),
            new FixtureMap("percpu_array", 4, 12, true, KeyRule.INDEX, 4),
            new FixtureMap("lru_hash", 4, 8, false, KeyRule.ANY, 128),
            new FixtureMap("lru_percpu_hash", 4, 12, true, KeyRule.ANY, 128),
            new FixtureMap("lpm_trie", 8, 4, false, KeyRule.PREFIX, 16),
            new FixtureMap("fixtures.bss", 4, 4, false, KeyRule.INDEX, 1));
    private static final Logger AUDIT = Logger.getLogger(Audit.LOGGER);
    private static ManagedFixtures fixtures;
    private static Level auditLevel;

    /** How a key of the right size must look for the kernel to take it. */
    private enum KeyRule { ANY, INDEX, PREFIX }

    private record FixtureMap(String name, int keySize, int valueSize, boolean perCpu, KeyRule keys, int maxEntries) {
        int slotSize() {
            return perCpu ? (valueSize + 7) / 8 * 8 : valueSize;
        }

        int bufferSize() {
            return perCpu ? slotSize() * CPUS : valueSize;
        }

        String valueExpectation() {
            return perCpu ? valueSize + " bytes (one value, copied to each of the " + CPUS + " possible CPUs) or "
                    + bufferSize() + " bytes (per-CPU layout: round_up(" + valueSize + ", 8) = " + slotSize() + " × "
                    + CPUS + " possible CPUs)"
                    : valueSize + " bytes (the map's value size)";
        }
    }

    private record Write(FixtureMap map, byte[] key, byte[] value) {
        @Override
        public String toString() {
            return map.name + " key " + Hex.format(key) + " value " + Hex.format(value);
        }
    }

    @BeforeContainer
    static void load() {
        auditLevel = AUDIT.getLevel();
        AUDIT.setLevel(Level.OFF); // thousands of tries; AuditTest checks the records
        fixtures = new ManagedFixtures("attach=false");
    }

    @AfterContainer
    static void close() {
        if (fixtures != null) {
            fixtures.close();
        }
        AUDIT.setLevel(auditLevel);
    }

    @Property(tries = 1500)
    void keysAndValuesOfAnyLengthAreWrittenOnlyWhenTheSizeIsRight(@ForAll("writes") Write write) {
        BpfObjectManager object = fixtures.manager();
        String map = write.map.name;
        String key = Hex.format(write.key);
        String refusal = expectedRefusal(write);
        Statistics.collect(refusal == null ? "written and read back" : "refused");
        if (refusal != null) {
            assertThatThrownBy(() -> object.updateElem(map, key, Hex.format(write.value), 0))
                    .isExactlyInstanceOf(IllegalArgumentException.class).hasMessage(refusal).hasNoCause();
            return;
        }
        object.updateElem(map, key, Hex.format(write.value), 0);
        assertThat(object.lookupElemPerCpu(map, key)).containsExactly(expectedPerCpuValues(write));
        if (write.map.keys != KeyRule.INDEX) {
            object.deleteElem(map, key);
        }
    }

    @Property(tries = 1000)
    void anyFlagsAreTakenOrRefusedAsDocumented(@ForAll("flags") long flags) {
        BpfObjectManager object = fixtures.manager();
        String key = "2a000000";
        String value = "0100000000000000";
        String refusal = expectedFlagRefusal(flags);
        Statistics.collect(refusal != null ? "refused" : (flags & 2) != 0 ? "ENOENT" : "written");
        if (refusal != null) {
            assertThatThrownBy(() -> object.updateElem("hash_map", key, value, flags))
                    .isExactlyInstanceOf(IllegalArgumentException.class).hasMessage(refusal).hasNoCause();
        } else if ((flags & 2) != 0) {
            assertThatThrownBy(() -> object.updateElem("hash_map", key, value, flags))
                    .isExactlyInstanceOf(IllegalStateException.class)
                    .hasMessage("update of map 'hash_map' failed: ENOENT (no such key and flags=EXIST)");
        } else {
            object.updateElem("hash_map", key, value, flags);
            assertThat(object.lookupElem("hash_map", key)).isEqualTo(value);
            object.deleteElem("hash_map", key);
        }
    }

    private static String expectedRefusal(Write write) {
        FixtureMap map = write.map;
        if (write.key.length == 0) {
            return "keyHex is empty; give the bytes as hex, e.g. 0a000000";
        }
        if (write.value.length == 0) {
            return "valueHex is empty; give the bytes as hex, e.g. 0a000000";
        }
        if (write.key.length != map.keySize) {
            return "key of " + write.key.length + " bytes for map '" + map.name + "': expected " + map.keySize
                    + " bytes (the map's key size); pad or trim the key to " + map.keySize + " bytes";
        }
        if (write.value.length != map.bufferSize() && !(map.perCpu && write.value.length == map.valueSize)) {
            return "value of " + write.value.length + " bytes for map '" + map.name + "': expected "
                    + map.valueExpectation();
        }
        return null;
    }

    /** Each possible CPU's value, padding dropped: the slots given, or the one value given on every CPU. */
    private static String[] expectedPerCpuValues(Write write) {
        FixtureMap map = write.map;
        int slots = map.perCpu ? CPUS : 1;
        String[] values = new String[slots];
        for (int cpu = 0; cpu < slots; cpu++) {
            int from = write.value.length == map.bufferSize() ? cpu * map.slotSize() : 0;
            values[cpu] = Hex.format(Arrays.copyOfRange(write.value, from, from + map.valueSize));
        }
        return values;
    }

    private static String expectedFlagRefusal(long flags) {
        if ((flags & ~7L) != 0) {
            return "flags " + flags + " have unknown bits 0x" + Long.toHexString(flags & ~7L) + "; " + EXPECTED_FLAGS;
        }
        if ((flags & 3) == 3) {
            return "flags " + flags + " combine NOEXIST and EXIST, which exclude each other; " + EXPECTED_FLAGS;
        }
        if ((flags & 4) != 0) {
            String mode = (flags & 1) != 0 ? "NOEXIST" : (flags & 2) != 0 ? "EXIST" : "ANY";
            return "flags " + mode + "|F_LOCK ask for BPF_F_LOCK, but the value of map 'hash_map' holds no struct "
                    + "bpf_spin_lock (per its BTF); drop F_LOCK (4) from the flags";
        }
        return null;
    }

    @Provide
    Arbitrary<Write> writes() {
        return Arbitraries.of(MAPS).flatMap(map -> Combinators.combine(keys(map), values(map))
                .as((key, value) -> new Write(map, key, value)));
    }

    @Provide
    Arbitrary<Long> flags() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.longs().between(0, 16)),
                Tuple.of(1, Arbitraries.longs()),
                Tuple.of(1, Arbitraries.integers().between(3, 63).map(bit -> 1L << bit)));
    }

    private static Arbitrary<byte[]> keys(FixtureMap map) {
        return lengths(map.keySize, map.keySize).flatMap(length -> length != map.keySize ? bytes(length)
                : switch (map.keys) {
                    case ANY -> bytes(length);
                    case INDEX -> Arbitraries.integers().between(0, map.maxEntries - 1).map(Le::u32);
                    case PREFIX -> Combinators.combine(Arbitraries.integers().between(0, 32), bytes(4))
                            .as((prefix, address) -> concat(Le.u32(prefix), address));
                });
    }

    private static Arbitrary<byte[]> values(FixtureMap map) {
        return lengths(map.valueSize, map.bufferSize()).flatMap(SizeRulesPropertiesTest::bytes);
    }

    /** Mostly the right sizes (one value, or the whole per-CPU buffer), else anything up to twice the buffer. */
    private static Arbitrary<Integer> lengths(int size, int bufferSize) {
        return Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.of(size, bufferSize)),
                Tuple.of(1, Arbitraries.integers().between(0, 2 * bufferSize + 8)));
    }

    private static Arbitrary<byte[]> bytes(int length) {
        return Arbitraries.bytes().array(byte[].class).ofSize(length);
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }
}
