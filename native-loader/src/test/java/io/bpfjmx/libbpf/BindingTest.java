package io.bpfjmx.libbpf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bpfjmx.libbpf.testing.BpfObjects;
import io.bpfjmx.libbpf.testing.Le;
import io.bpfjmx.libbpf.testing.RequiresBpf;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Which binding makes the calls ({@link LibBpfLibrary#binding()}): the JDK's on 22 and later, JNA before, and both
 * give the kernel's answers. The build runs this class on JDK 17 and again on the recent JDK without JNA on the class
 * path (the {@code jdk-recent} execution of the native-loader's pom), so both bindings meet the kernel.
 */
@RequiresBpf
class BindingTest {
    private static BpfObject object;

    @BeforeAll
    static void load() {
        object = BpfObject.load(BpfObjects.fixtures());
    }

    @AfterAll
    static void close() {
        object.close();
    }

    @Test
    void theJdkMakesTheCallsFromJdk22On() {
        boolean foreign = Runtime.version().feature() >= 22
                && !"false".equals(System.getProperty(ForeignBinding.PROPERTY));
        assertThat(LibBpfLibrary.binding()).as("JDK %s", Runtime.version())
                .isEqualTo(foreign ? "java.lang.foreign" : "JNA");
    }

    @Test
    void errnoOfAFailedOpenReachesTheCaller() {
        assertThatThrownBy(() -> BpfObject.load(Path.of("/nonexistent/binding.bpf.o")))
                .isInstanceOf(BpfException.class).hasMessageContaining("ENOENT");
    }

    @Test
    void updatesAndLookupsOfAnObjectsMapReachTheKernel() {
        BpfMap map = object.map("hash_map");
        map.update(Le.u32(77), Le.u64(5), UpdateFlags.of(UpdateFlags.NOEXIST));
        assertThat(Le.readU64(map.lookup(Le.u32(77)), 0)).isEqualTo(5);
        assertThatThrownBy(() -> map.update(Le.u32(77), Le.u64(6), UpdateFlags.of(UpdateFlags.NOEXIST)))
                .isInstanceOf(BpfException.class).hasMessageContaining("EEXIST");
        assertThat(Le.readU64(map.lookup(Le.u32(77)), 0)).as("unchanged by the refused update").isEqualTo(5);
        assertThatThrownBy(() -> map.lookup(Le.u32(78)))
                .isInstanceOf(BpfException.class).hasMessageContaining("ENOENT");
    }

    @Test
    void perCpuValuesComeBackInEveryCpusSlot() {
        BpfMap map = object.map("percpu_hash");
        map.update(Le.u32(9), Le.triple(7, 8, 9), UpdateFlags.of(UpdateFlags.ANY));
        List<byte[]> perCpu = map.layout().perCpuValues(map.lookup(Le.u32(9)));
        assertThat(perCpu).hasSize(PossibleCpus.count()).allSatisfy(v -> assertThat(v).isEqualTo(Le.triple(7, 8, 9)));
    }

    @Test
    void aMapOpenedByIdGoesTheSameWay() {
        try (BpfMap byId = BpfMap.openById(object.map("array_map").id())) {
            byId.update(Le.u32(2), Le.u64(0xabcdef), UpdateFlags.of(UpdateFlags.EXIST));
            assertThat(Le.readU64(object.map("array_map").lookup(Le.u32(2)), 0)).isEqualTo(0xabcdef);
            assertThatThrownBy(() -> byId.update(Le.u32(4), Le.u64(1), UpdateFlags.of(UpdateFlags.ANY)))
                    .isInstanceOf(BpfException.class).hasMessageContaining("E2BIG");
        }
    }
}
