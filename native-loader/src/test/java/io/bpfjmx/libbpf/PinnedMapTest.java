package io.bpfjmx.libbpf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bpfjmx.libbpf.testing.BpfFsFolder;
import io.bpfjmx.libbpf.testing.BpfObjects;
import io.bpfjmx.libbpf.testing.Bpftool;
import io.bpfjmx.libbpf.testing.Le;
import io.bpfjmx.libbpf.testing.RequiresBpf;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
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
    void aMapAnotherProgramPinnedTakesTheNameGivenAndItsSizesAreCheckedBeforeTheKernel() throws Exception {
        try (BpfFsFolder folder = BpfFsFolder.named("named")) {
            Files.createDirectories(folder.path());
            Path pin = folder.path().resolve("sessions");
            Bpftool.createPinnedMap(pin, "hash", 4, 8, 4, "sess_kernel");
            int id = Bpftool.pinnedMapId(pin);
            try (BpfMap byPin = BpfMap.openPinned(pin, "sessions"); BpfMap byId = BpfMap.openById(id, "sessions#" + id)) {
                assertThat(byPin.name()).isEqualTo("sessions");
                assertThat(byPin.kernelName()).isEqualTo("sess_kernel");
                assertThat(byId.name()).isEqualTo("sessions#" + id);
                // bpf_map_update_elem on an fd reads key_size and value_size bytes from wherever it is pointed: a
                // short key would hand the kernel bytes beyond it
                assertThatThrownBy(() -> byPin.update(new byte[3], new byte[8], UpdateFlags.of(0)))
                        .isInstanceOf(RejectedMapRequestException.class)
                        .hasMessage("key of 3 bytes for map 'sessions': expected 4 bytes (the map's key size); pad or "
                                + "trim the key to 4 bytes");
                assertThatThrownBy(() -> byId.update(new byte[4], new byte[7], UpdateFlags.of(0)))
                        .isInstanceOf(RejectedMapRequestException.class)
                        .hasMessage("value of 7 bytes for map 'sessions#" + id + "': expected 8 bytes (the map's value size)");
                assertThat(Bpftool.entries(id)).isEmpty();
                byPin.update(Le.u32(1), Le.u64(5), UpdateFlags.of(0));
                assertThat(Bpftool.entries(id)).containsExactly(Map.entry("01000000", "0500000000000000"));
            }
            assertThat(pin).as("closing a map opened by pin leaves the pin").exists();
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
        assertThatThrownBy(() -> BpfMap.openById(-1))
                .as("ids are unsigned")
                .hasMessage("open of map id 4294967295 failed: ENOENT (no such file, pin or id)");
    }
}
