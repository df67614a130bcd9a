package io.bpfjmx.libbpf;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class MapTypeTest {
    @Test
    void numbersFollowTheKernelsEnum() {
        for (MapType type : MapType.values()) {
            if (type != MapType.UNKNOWN) {
                assertThat(MapType.of(type.number())).isEqualTo(type);
            }
        }
        assertThat(MapType.HASH.number()).isEqualTo(1);
        assertThat(MapType.LPM_TRIE.number()).isEqualTo(11);
        assertThat(MapType.RINGBUF.number()).isEqualTo(27);
        assertThat(MapType.ARENA.number()).isEqualTo(33);
    }

    @Test
    void newerNumbersAreUnknownNotAnError() {
        assertThat(MapType.of(99)).isEqualTo(MapType.UNKNOWN);
        assertThat(MapType.of(-3)).isEqualTo(MapType.UNKNOWN);
    }

    @Test
    void exactlyTheFourPerCpuTypesArePerCpu() {
        Set<MapType> perCpu = Arrays.stream(MapType.values()).filter(MapType::isPerCpu).collect(Collectors.toSet());
        assertThat(perCpu).containsExactlyInAnyOrder(MapType.PERCPU_HASH, MapType.PERCPU_ARRAY,
                MapType.LRU_PERCPU_HASH, MapType.PERCPU_CGROUP_STORAGE);
    }
}
