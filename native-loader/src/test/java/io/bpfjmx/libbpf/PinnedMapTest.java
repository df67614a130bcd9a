package io.bpfjmx.libbpf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bpfjmx.libbpf.testing.BpfObjects;
import io.bpfjmx.libbpf.testing.Le;
import io.bpfjmx.libbpf.testing.RequiresBpf;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Maps that are not in a loaded object: by pin in the BPF file system and by kernel id. */
@RequiresBpf
class PinnedMapTest {
    @Test
    void aPinnedMapIsTheSameMapAsTheObjects() throws Exception {
        Path pin = Path.of("/sys/fs/bpf/bpfjmx-test-" + ProcessHandle.current().pid());
        try (BpfObject object = BpfObject.load(BpfObjects.fixtures())) {
            BpfMap original = object.map("percpu_hash");
            original.pin(pin);
            try (BpfMap pinned = BpfMap.openPinned(pin)) {
                assertThat(pinned.name()).isEqualTo("percpu_hash");
                assertThat(pinned.id()).isEqualTo(original.id());
                assertThat(pinned.type()).isEqualTo(MapType.PERCPU_HASH);
                assertThat(pinned.layout().bufferSize()).isEqualTo(original.layout().bufferSize());
                assertThat(pinned.valueHoldsSpinLock()).contains(false);
                pinned.update(Le.u32(7), Le.triple(7, 8, 9), UpdateFlags.of(UpdateFlags.NOEXIST));
                assertThat(original.layout().perCpuValues(original.lookup(Le.u32(7))))
                        .allSatisfy(v -> assertThat(v).isEqualTo(Le.triple(7, 8, 9)));
                assertThatThrownBy(() -> pinned.update(Le.u32(7), Le.triple(1, 1, 1), UpdateFlags.of(1)))
                        .hasMessage("update of map 'percpu_hash' failed: EEXIST (key exists and flags=NOEXIST)");
            } finally {
                Files.deleteIfExists(pin);
            }
        }
    }

    @Test
    void aMapOpenedByIdSeesTheSameEntriesAndClosesItsOwnDescriptor() {
        try (BpfObject object = BpfObject.load(BpfObjects.fixtures())) {
            BpfMap original = object.map("locked_hash");
            BpfMap byId = BpfMap.openById(original.id());
            assertThat(byId.valueHoldsSpinLock()).as("read from the kernel's BTF").contains(true);
            original.update(Le.u32(1), Le.u64(0), UpdateFlags.of(0));
            assertThat(byId.entries(10)).hasSize(1);
            byId.close();
            assertThatThrownBy(() -> byId.lookup(Le.u32(1)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("map 'locked_hash' is closed; reload its object to use it again");
            assertThat(original.lookup(Le.u32(1))).hasSize(8);
        }
    }

    @Test
    void missingPinsAndIdsAreENOENT() {
        assertThatThrownBy(() -> BpfMap.openPinned(Path.of("/sys/fs/bpf/no-such-pin")))
                .isInstanceOf(BpfException.class)
                .hasMessage("open of pinned map /sys/fs/bpf/no-such-pin failed: ENOENT (no such file, pin or id)");
        assertThatThrownBy(() -> BpfMap.openById(Integer.MAX_VALUE))
                .isInstanceOf(BpfException.class)
                .hasMessage("open of map id 2147483647 failed: ENOENT (no such file, pin or id)");
    }
}
