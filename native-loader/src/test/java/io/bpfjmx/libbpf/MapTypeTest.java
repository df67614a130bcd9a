package io.bpfjmx.libbpf;

import static org.assertj.core.api.Assertions.assertThat;

import static org.assertj.core.api.Assertions.entry;

import java.util.Arrays;
import java.util.Map;
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

    @Test
    void theTypesWhoseValuesAreFileDescriptorsSayWhatTheyHoldAndOnlyProgramsAndMapsAreWritable() {
        Map<MapType, FdValue> fdValued = Arrays.stream(MapType.values()).filter(t -> t.fdValue().isPresent())
                .collect(Collectors.toMap(t -> t, t -> t.fdValue().orElseThrow()));
        assertThat(fdValued).containsOnly(entry(MapType.PROG_ARRAY, FdValue.PROGRAM),
                entry(MapType.ARRAY_OF_MAPS, FdValue.MAP), entry(MapType.HASH_OF_MAPS, FdValue.MAP),
                entry(MapType.PERF_EVENT_ARRAY, FdValue.PERF_EVENT), entry(MapType.CGROUP_ARRAY, FdValue.CGROUP),
                entry(MapType.SOCKMAP, FdValue.SOCKET), entry(MapType.SOCKHASH, FdValue.SOCKET),
                entry(MapType.REUSEPORT_SOCKARRAY, FdValue.SOCKET), entry(MapType.XSKMAP, FdValue.XDP_SOCKET),
                entry(MapType.DEVMAP, FdValue.NET_DEVICE), entry(MapType.DEVMAP_HASH, FdValue.NET_DEVICE),
                entry(MapType.CPUMAP, FdValue.CPU));
        assertThat(Arrays.stream(FdValue.values()).filter(FdValue::isWritable))
                .containsExactly(FdValue.PROGRAM, FdValue.MAP);
    }
}
