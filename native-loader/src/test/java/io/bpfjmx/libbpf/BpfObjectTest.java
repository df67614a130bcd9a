package io.bpfjmx.libbpf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bpfjmx.libbpf.testing.BpfObjects;
import io.bpfjmx.libbpf.testing.Le;
import io.bpfjmx.libbpf.testing.RequiresBpf;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@RequiresBpf
class BpfObjectTest {
    @ParameterizedTest
    @CsvSource({
            "hash_map, HASH, 4, 8, 8192, 8",
            "small_hash, HASH, 4, 4, 2, 4",
            "array_map, ARRAY, 4, 8, 4, 8",
            "percpu_hash, PERCPU_HASH, 4, 12, 4096, 16",
            "percpu_array, PERCPU_ARRAY, 4, 12, 4, 16",
            "lru_hash, LRU_HASH, 4, 8, 128, 8",
            "lru_percpu_hash, LRU_PERCPU_HASH, 4, 12, 128, 16",
            "lpm_trie, LPM_TRIE, 8, 4, 16, 4",
            "locked_hash, HASH, 4, 8, 16, 8",
            ".data, ARRAY, 4, 4, 1, 4",
            ".bss, ARRAY, 4, 4, 1, 4",
            ".rodata, ARRAY, 4, 4, 1, 4"})
    void describesEveryMapAsTheKernelCreatedIt(String name, MapType type, int keySize, int valueSize, int maxEntries,
                                               int slotSize) {
        try (BpfObject object = BpfObject.load(BpfObjects.fixtures())) {
            BpfMap map = object.map(name);
            assertThat(map.type()).isEqualTo(type);
            assertThat(map.keySize()).isEqualTo(keySize);
            assertThat(map.valueSize()).isEqualTo(valueSize);
            assertThat(map.maxEntries()).isEqualTo(maxEntries);
            assertThat(map.layout().slotSize()).isEqualTo(slotSize);
            assertThat(map.layout().bufferSize()).isEqualTo(type.isPerCpu() ? slotSize * PossibleCpus.count()
                    : valueSize);
            assertThat(map.id()).isPositive();
        }
    }

    @Test
    void knowsWhichValuesHoldASpinLockAndWhichMapsAreReadOnly() {
        try (BpfObject object = BpfObject.load(BpfObjects.fixtures())) {
            assertThat(object.name()).isEqualTo("fixtures");
            assertThat(object.map("locked_hash").valueHoldsSpinLock()).contains(true);
            assertThat(object.map("hash_map").valueHoldsSpinLock()).contains(false);
            assertThat(object.map(".rodata").isReadOnly()).isTrue();
            assertThat(object.map(".rodata").kernelName()).isEqualTo("fixtures.rodata");
            assertThat(object.map(".data").isReadOnly()).isFalse();
            assertThat(object.map("lpm_trie").flags() & 1).as("BPF_F_NO_PREALLOC").isEqualTo(1);
        }
    }

    @Test
    void programsWithoutAnAttachPointAreLeftForManualAttach() {
        try (BpfObject object = BpfObject.load(BpfObjects.fixtures())) {
            BpfProgram program = object.programs().get(0);
            assertThat(program.name()).isEqualTo("fixtures_prog");
            assertThat(program.section()).isEqualTo("tc");
            object.attach();
            assertThat(program.attachState()).isEqualTo(BpfProgram.AttachState.MANUAL_ATTACH_ONLY);
        }
    }

    @Test
    void anUnknownMapNameListsTheMapsThereAre() {
        try (BpfObject object = BpfObject.load(BpfObjects.fixtures())) {
            assertThatThrownBy(() -> object.map("nope"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("no map 'nope' in object 'fixtures'; its maps are: hash_map, small_hash, array_map, "
                            + "percpu_hash, percpu_array, lru_hash, lru_percpu_hash, lpm_trie, locked_hash, "
                            + "fixtures.data, fixtures.rodata, fixtures.bss");
        }
    }

    @Test
    void aMissingFileIsENOENT() {
        assertThatThrownBy(() -> BpfObject.load(Path.of("/nonexistent/x.bpf.o")))
                .isInstanceOf(BpfException.class)
                .hasMessageStartingWith("open of object '/nonexistent/x.bpf.o' failed: ENOENT (no such file, pin or "
                        + "id)")
                .hasMessageContaining("failed to open /nonexistent/x.bpf.o");
    }

    @Test
    void aCorruptFileIsRefusedWithLibbpfsReason(@TempDir Path dir) throws Exception {
        Path corrupt = Files.write(dir.resolve("corrupt.bpf.o"), "not an ELF file at all".getBytes());
        assertThatThrownBy(() -> BpfObject.load(corrupt))
                .isInstanceOf(BpfException.class)
                .hasMessageStartingWith("open of object '" + corrupt + "' failed: LIBBPF_ERRNO__FORMAT (BPF object "
                        + "format invalid: not an ELF file compiled with clang -target bpf)")
                .hasMessageContaining("libbpf: elf:");
    }

    @Test
    void aVerifierRejectionCarriesTheVerifiersLog() {
        assertThatThrownBy(() -> BpfObject.load(BpfObjects.verifierReject()))
                .isInstanceOf(BpfException.class)
                .hasMessageStartingWith("load of object '" + BpfObjects.verifierReject() + "' failed: EACCES")
                .hasMessageContaining("-- BEGIN PROG LOAD LOG --")
                .hasMessageContaining("R0 invalid mem access 'map_value_or_null'")
                .satisfies(e -> assertThat(((BpfException) e).operation()).isEqualTo(MapOperation.LOAD));
    }

    @Test
    void aClosedObjectsMapsRefuseCleanly() {
        BpfObject object = BpfObject.load(BpfObjects.fixtures());
        BpfMap map = object.map("hash_map");
        object.close();
        object.close(); // idempotent
        assertThat(object.isClosed()).isTrue();
        assertThatThrownBy(() -> map.update(Le.u32(1), Le.u64(1), UpdateFlags.of(0)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("object 'fixtures' is closed; reload its object to use it again");
    }
}
