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
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Objects loaded with a pin folder: their maps are pinned, and reused by the next load, entries and all. */
@RequiresBpf
class PinFolderTest {
    @Test
    void theNextLoadReusesThePinnedMapsWithTheirEntries() throws Exception {
        try (BpfFsFolder folder = BpfFsFolder.named("reuse")) {
            Path objectFolder = folder.path().resolve("fixtures");
            int hashMapId;
            try (BpfObject first = BpfObject.load(BpfObjects.fixtures(), folder.path())) {
                assertThat(first.pins()).extracting(MapPin::map).containsExactly("hash_map", "small_hash",
                        "array_map", "percpu_hash", "percpu_array", "lru_hash", "lru_percpu_hash", "lpm_trie",
                        "locked_hash");
                assertThat(first.pins()).allSatisfy(pin -> {
                    assertThat(pin.reused()).isFalse();
                    assertThat(pin.path()).isEqualTo(objectFolder.resolve(pin.map()));
                });
                try (Stream<Path> pinned = Files.list(objectFolder)) {
                    assertThat(pinned.map(p -> p.getFileName().toString()))
                            .as("globals (.data, .bss, .rodata) are not pinned")
                            .containsExactlyInAnyOrderElementsOf(first.pins().stream().map(MapPin::map).toList());
                }
                BpfMap hashMap = first.map("hash_map");
                hashMapId = hashMap.id();
                assertThat(Bpftool.pinnedMapId(objectFolder.resolve("hash_map"))).isEqualTo(hashMapId);
                hashMap.update(Le.u32(7), Le.u64(4242), UpdateFlags.of(UpdateFlags.NOEXIST));
            }
            assertThat(objectFolder.resolve("hash_map")).as("the pin outlives the object").exists();

            try (BpfObject second = BpfObject.load(BpfObjects.fixtures(), folder.path())) {
                assertThat(second.pins()).allSatisfy(pin -> assertThat(pin.reused()).isTrue());
                BpfMap hashMap = second.map("hash_map");
                assertThat(hashMap.id()).isEqualTo(hashMapId);
                assertThat(Le.readU64(hashMap.lookup(Le.u32(7)), 0)).isEqualTo(4242);
            }
        }
    }

    /**
     * The shapes compared before load are those libbpf compares: no map libbpf would reuse is refused, whatever its
     * type (ring buffers and perf event arrays, whose sizes libbpf adjusts; a bloom filter's map_extra).
     */
    @ParameterizedTest
    @ValueSource(strings = {"keyless.bpf.o", "types.bpf.o", "programs.bpf.o", "log_syscalls.bpf.o"})
    void everyKindOfMapIsReused(String object) throws Exception {
        try (BpfFsFolder folder = BpfFsFolder.named("kinds")) {
            try (BpfObject first = BpfObject.load(BpfObjects.path(object), folder.path())) {
                assertThat(first.pins()).isNotEmpty().noneMatch(MapPin::reused);
            }
            try (BpfObject second = BpfObject.load(BpfObjects.path(object), folder.path())) {
                assertThat(second.pins()).isNotEmpty().allMatch(MapPin::reused);
            }
        }
    }

    @Test
    void aPinnedMapOfAnotherShapeIsRefusedNamingBothAndLeftAsItIs() throws Exception {
        try (BpfFsFolder folder = BpfFsFolder.named("mismatch")) {
            Path pin = folder.path().resolve("log_syscalls").resolve("syscall_count_map");
            Files.createDirectories(pin.getParent());
            Bpftool.createPinnedMap(pin, "hash", 128, 8, 32, "syscall_count_m");
            int id = Bpftool.pinnedMapId(pin);

            assertThatThrownBy(() -> BpfObject.load(BpfObjects.logSyscalls(), folder.path()))
                    .isExactlyInstanceOf(IllegalStateException.class)
                    .hasMessage("map 'syscall_count_map' pinned at " + pin + " is HASH, key 128 B, value 8 B, "
                            + "max_entries 32, flags 0x0, but object 'log_syscalls' declares HASH, key 128 B, value 4 B, "
                            + "max_entries 32, flags 0x0; the pinned map is left as it is: remove the pin (rm " + pin
                            + ") to start that map empty, or load the object it was pinned for");
            assertThat(Bpftool.pinnedMapId(pin)).as("the same map, still pinned").isEqualTo(id);
        }
    }

    @Test
    void aFolderOutsideTheBpfFileSystemIsRefusedWithTheFix(@TempDir Path dir) throws Exception {
        String fileSystem = Files.getFileStore(dir).type();
        Path folder = dir.resolve("pins");
        assertThatThrownBy(() -> BpfObject.load(BpfObjects.logSyscalls(), folder))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot pin maps under " + folder + ": " + dir + " is not on the BPF file system (it is "
                        + "on " + fileSystem + "); mount one (mount -t bpf bpf /sys/fs/bpf) and name a folder under "
                        + "it, e.g. /sys/fs/bpf/bpfjmx");
        assertThat(folder).doesNotExist();
    }
}
