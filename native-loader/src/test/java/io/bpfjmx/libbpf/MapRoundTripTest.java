package io.bpfjmx.libbpf;

import static org.assertj.core.api.Assertions.assertThat;

import io.bpfjmx.libbpf.testing.BpfObjects;
import io.bpfjmx.libbpf.testing.Le;
import io.bpfjmx.libbpf.testing.RequiresBpf;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every fixture map kind: what goes in through an update comes back from a lookup, byte for byte. */
@RequiresBpf
class MapRoundTripTest {
    private static BpfObject object;

    @BeforeAll
    static void load() {
        object = BpfObject.load(BpfObjects.fixtures());
    }

    @AfterAll
    static void close() {
        object.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"hash_map", "array_map", "lru_hash"})
    void plainMapsReturnWhatWasWritten(String name) {
        BpfMap map = object.map(name);
        byte[] value = Le.u64(0x1122334455667788L);
        map.update(Le.u32(3), value, UpdateFlags.of(UpdateFlags.ANY));
        assertThat(map.lookup(Le.u32(3))).isEqualTo(value);
        map.update(Le.u32(3), Le.u64(42), UpdateFlags.of(UpdateFlags.EXIST));
        assertThat(Le.readU64(map.lookup(Le.u32(3)), 0)).isEqualTo(42);
    }

    @ParameterizedTest
    @ValueSource(strings = {"percpu_hash", "percpu_array", "lru_percpu_hash"})
    void perCpuMapsTakeOneValueForEveryCpu(String name) {
        BpfMap map = object.map(name);
        byte[] value = Le.triple(1, 2, 3);
        map.update(Le.u32(1), value, UpdateFlags.of(0));
        List<byte[]> perCpu = map.layout().perCpuValues(map.lookup(Le.u32(1)));
        assertThat(perCpu).hasSize(PossibleCpus.count()).allSatisfy(v -> assertThat(v).isEqualTo(value));
        byte[] buffer = map.lookup(Le.u32(1));
        for (int cpu = 0; cpu < PossibleCpus.count(); cpu++) {
            assertThat(java.util.Arrays.copyOfRange(buffer, cpu * 16 + 12, cpu * 16 + 16))
                    .as("padding of CPU %d's slot", cpu).containsOnly(0);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"percpu_hash", "percpu_array", "lru_percpu_hash"})
    void perCpuMapsTakeTheFullLayoutWithADifferentValuePerCpu(String name) {
        BpfMap map = object.map(name);
        int cpus = PossibleCpus.count();
        byte[] buffer = new byte[16 * cpus];
        for (int cpu = 0; cpu < cpus; cpu++) {
            System.arraycopy(Le.triple(cpu, cpu * 10, cpu * 100), 0, buffer, cpu * 16, 12);
        }
        map.update(Le.u32(2), buffer, UpdateFlags.of(0));
        List<byte[]> perCpu = map.layout().perCpuValues(map.lookup(Le.u32(2)));
        for (int cpu = 0; cpu < cpus; cpu++) {
            assertThat(perCpu.get(cpu)).as("CPU %d", cpu).isEqualTo(Le.triple(cpu, cpu * 10, cpu * 100));
        }
    }

    @Test
    void lpmTrieFindsTheLongestPrefix() {
        BpfMap map = object.map("lpm_trie");
        map.update(lpmKey(8, 10, 0, 0, 0), Le.u32(8), UpdateFlags.of(0));
        map.update(lpmKey(24, 10, 1, 2, 0), Le.u32(24), UpdateFlags.of(0));
        assertThat(Le.readU32(map.lookup(lpmKey(32, 10, 1, 2, 3)), 0)).isEqualTo(24);
        assertThat(Le.readU32(map.lookup(lpmKey(32, 10, 9, 9, 9)), 0)).isEqualTo(8);
    }

    @Test
    void spinLockedValuesUpdateUnderTheLock() {
        BpfMap map = object.map("locked_hash");
        // struct locked_value { struct bpf_spin_lock lock; __u32 counter; }: the kernel skips the lock word
        byte[] value = new byte[8];
        System.arraycopy(Le.u32(77), 0, value, 4, 4);
        map.update(Le.u32(5), value, UpdateFlags.of(UpdateFlags.F_LOCK));
        assertThat(Le.readU32(map.lookup(Le.u32(5)), 4)).isEqualTo(77);
        map.update(Le.u32(5), withCounter(78), UpdateFlags.of(UpdateFlags.EXIST | UpdateFlags.F_LOCK));
        assertThat(Le.readU32(map.lookup(Le.u32(5)), 4)).isEqualTo(78);
    }

    @ParameterizedTest
    @ValueSource(strings = {".data", ".bss"})
    void writableGlobalsTakeUpdates(String name) {
        BpfMap map = object.map(name);
        map.update(Le.u32(0), Le.u32(1234), UpdateFlags.of(0));
        assertThat(Le.readU32(map.lookup(Le.u32(0)), 0)).isEqualTo(1234);
    }

    @Test
    void readOnlyGlobalsKeepTheirCompiledValue() {
        assertThat(Le.readU32(object.map(".rodata").lookup(Le.u32(0)), 0)).isEqualTo(42);
    }

    @Test
    void deleteRemovesAndIterationWalksEveryKey() {
        BpfMap map = object.map("lru_hash");
        for (int i = 10; i < 15; i++) {
            map.update(Le.u32(i), Le.u64(i), UpdateFlags.of(UpdateFlags.NOEXIST));
        }
        map.delete(Le.u32(12));
        assertThat(map.entries(1000)).extracting(e -> Le.readU32(e.key(), 0))
                .contains(10, 11, 13, 14).doesNotContain(12);
    }

    private static byte[] lpmKey(int prefix, int a, int b, int c, int d) {
        byte[] key = new byte[8];
        System.arraycopy(Le.u32(prefix), 0, key, 0, 4);
        key[4] = (byte) a;
        key[5] = (byte) b;
        key[6] = (byte) c;
        key[7] = (byte) d;
        return key;
    }

    private static byte[] withCounter(int counter) {
        byte[] value = new byte[8];
        System.arraycopy(Le.u32(counter), 0, value, 4, 4);
        return value;
    }
}
