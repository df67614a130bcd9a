package io.bpfjmx.libbpf;

import static org.assertj.core.api.Assertions.assertThat;

import io.bpfjmx.libbpf.testing.BpfObjects;
import io.bpfjmx.libbpf.testing.Le;
import io.bpfjmx.libbpf.testing.RequiresBpf;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@RequiresBpf
class BatchTest {
    private static final int COUNT = 3000;

    @Test
    void aBatchOfThousandsIsReadBackEntryByEntryAndInBatches() {
        try (BpfObject object = BpfObject.load(BpfObjects.fixtures())) {
            BpfMap map = object.map("hash_map");
            byte[] keys = new byte[COUNT * 4];
            byte[] values = new byte[COUNT * 8];
            for (int i = 0; i < COUNT; i++) {
                System.arraycopy(Le.u32(i), 0, keys, i * 4, 4);
                System.arraycopy(Le.u64(i * 1_000_003L), 0, values, i * 8, 8);
            }
            assertThat(map.updateBatch(keys, values, UpdateFlags.of(UpdateFlags.ANY))).isEqualTo(COUNT);

            for (int i = 0; i < COUNT; i++) {
                assertThat(Le.readU64(map.lookup(Le.u32(i)), 0)).isEqualTo(i * 1_000_003L);
            }
            Map<Integer, Long> read = new HashMap<>();
            for (MapEntry entry : map.lookupBatch(256)) {
                read.put(Le.readU32(entry.key(), 0), Le.readU64(entry.value(), 0));
            }
            assertThat(read).hasSize(COUNT);
            read.forEach((key, value) -> assertThat(value).isEqualTo(key * 1_000_003L));
        }
    }

    @Test
    void perCpuBatchesTakeSingleValuesForEveryCpu() {
        try (BpfObject object = BpfObject.load(BpfObjects.fixtures())) {
            BpfMap map = object.map("percpu_hash");
            int count = 1000;
            byte[] keys = new byte[count * 4];
            byte[] values = new byte[count * 12];
            for (int i = 0; i < count; i++) {
                System.arraycopy(Le.u32(i), 0, keys, i * 4, 4);
                System.arraycopy(Le.triple(i, i + 1, i + 2), 0, values, i * 12, 12);
            }
            assertThat(map.updateBatch(keys, values, UpdateFlags.of(0))).isEqualTo(count);

            List<MapEntry> entries = map.lookupBatch(64);
            assertThat(entries).hasSize(count);
            for (MapEntry entry : entries) {
                int key = Le.readU32(entry.key(), 0);
                assertThat(map.layout().perCpuValues(entry.value()))
                        .hasSize(PossibleCpus.count())
                        .allSatisfy(v -> assertThat(v).isEqualTo(Le.triple(key, key + 1, key + 2)));
            }
        }
    }

    @Test
    void anEmptyMapEndsTheBatchWalkAtOnce() {
        try (BpfObject object = BpfObject.load(BpfObjects.fixtures())) {
            assertThat(object.map("lru_hash").lookupBatch(16)).isEmpty();
        }
    }
}
