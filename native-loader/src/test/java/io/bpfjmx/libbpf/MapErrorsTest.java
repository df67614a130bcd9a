package io.bpfjmx.libbpf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bpfjmx.libbpf.testing.BpfObjects;
import io.bpfjmx.libbpf.testing.Le;
import io.bpfjmx.libbpf.testing.RequiresBpf;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every refusal, in Java or by the kernel: the exact type and message, and the map unchanged afterwards.
 */
@RequiresBpf
class MapErrorsTest {
    private static final String E2BIG = "E2BIG (map full, or array index out of range (index >= max_entries))";
    private static BpfObject object;

    @BeforeAll
    static void load() {
        object = BpfObject.load(BpfObjects.fixtures());
        object.map("hash_map").update(Le.u32(1), Le.u64(100), UpdateFlags.of(0));
        object.map("small_hash").update(Le.u32(1), Le.u32(1), UpdateFlags.of(0));
        object.map("small_hash").update(Le.u32(2), Le.u32(2), UpdateFlags.of(0));
        object.map("percpu_hash").update(Le.u32(1), Le.triple(1, 2, 3), UpdateFlags.of(0));
        object.map("array_map").update(Le.u32(0), Le.u64(5), UpdateFlags.of(0));
    }

    @AfterAll
    static void close() {
        object.close();
    }

    static Stream<Arguments> refusals() {
        int cpus = PossibleCpus.count();
        return Stream.of(
                refusal("hash_map", m -> m.update(new byte[3], Le.u64(1), UpdateFlags.of(0)),
                        RejectedMapRequestException.class, "key of 3 bytes for map 'hash_map': expected 4 bytes (the "
                                + "map's key size); pad or trim the key to 4 bytes"),
                refusal("hash_map", m -> m.update(null, Le.u64(1), UpdateFlags.of(0)),
                        RejectedMapRequestException.class, "no key given for map 'hash_map': expected 4 bytes"),
                refusal("hash_map", m -> m.update(Le.u32(1), Le.u32(1), UpdateFlags.of(0)),
                        RejectedMapRequestException.class, "value of 4 bytes for map 'hash_map': expected 8 bytes (the "
                                + "map's value size)"),
                refusal("percpu_hash", m -> m.update(Le.u32(1), new byte[16], UpdateFlags.of(0)),
                        RejectedMapRequestException.class, "value of 16 bytes for map 'percpu_hash': expected 12 bytes "
                                + "(one value, copied to each of the " + cpus + " possible CPUs) or " + 16 * cpus
                                + " bytes (per-CPU layout: round_up(12, 8) = 16 × " + cpus + " possible CPUs)"),
                refusal("percpu_hash", m -> m.update(Le.u32(1), new byte[12 * cpus], UpdateFlags.of(0)),
                        RejectedMapRequestException.class, "value of " + 12 * cpus + " bytes for map 'percpu_hash': "
                                + "expected 12 bytes (one value, copied to each of the " + cpus + " possible CPUs) or "
                                + 16 * cpus + " bytes (per-CPU layout: round_up(12, 8) = 16 × " + cpus
                                + " possible CPUs)"),
                refusal("hash_map", m -> m.update(Le.u32(1), Le.u64(1), 3),
                        RejectedMapRequestException.class, "flags 3 combine NOEXIST and EXIST, which exclude each "
                                + "other; expected ANY (0), NOEXIST (1) or EXIST (2), optionally plus F_LOCK (4)"),
                refusal("hash_map", m -> m.update(Le.u32(1), Le.u64(1), 8),
                        RejectedMapRequestException.class, "flags 8 have unknown bits 0x8; expected ANY (0), NOEXIST "
                                + "(1) or EXIST (2), optionally plus F_LOCK (4)"),
                refusal("hash_map", m -> m.update(Le.u32(1), Le.u64(1), UpdateFlags.of(UpdateFlags.F_LOCK)),
                        RejectedMapRequestException.class, "flags ANY|F_LOCK ask for BPF_F_LOCK, but the value of map "
                                + "'hash_map' holds no struct bpf_spin_lock (per its BTF); drop F_LOCK (4) from the "
                                + "flags"),
                refusal("hash_map", m -> m.update(Le.u32(1), Le.u64(7), UpdateFlags.of(UpdateFlags.NOEXIST)),
                        BpfException.class, "update of map 'hash_map' failed: EEXIST (key exists and flags=NOEXIST)"),
                refusal("hash_map", m -> m.update(Le.u32(9), Le.u64(7), UpdateFlags.of(UpdateFlags.EXIST)),
                        BpfException.class, "update of map 'hash_map' failed: ENOENT (no such key and flags=EXIST)"),
                refusal("small_hash", m -> m.update(Le.u32(3), Le.u32(3), UpdateFlags.of(0)),
                        BpfException.class, "update of map 'small_hash' failed: " + E2BIG),
                refusal("array_map", m -> m.update(Le.u32(4), Le.u64(1), UpdateFlags.of(0)),
                        BpfException.class, "update of map 'array_map' failed: " + E2BIG),
                refusal("array_map", m -> m.update(Le.u32(0), Le.u64(1), UpdateFlags.of(UpdateFlags.NOEXIST)),
                        BpfException.class, "update of map 'array_map' failed: EEXIST (key exists and flags=NOEXIST)"),
                refusal("array_map", m -> m.delete(Le.u32(0)),
                        BpfException.class, "delete of map 'array_map' failed: EINVAL (invalid argument: this map type "
                                + "does not delete elements (arrays keep every index))"),
                refusal(".rodata", m -> m.update(Le.u32(0), Le.u32(1), UpdateFlags.of(0)),
                        RejectedMapRequestException.class, "map 'fixtures.rodata' is read-only after load: the kernel "
                                + "froze it (libbpf freezes .rodata once the object is loaded); only .data and .bss "
                                + "globals stay writable"),
                refusal("hash_map", m -> m.lookup(Le.u32(9)),
                        BpfException.class, "lookup of map 'hash_map' failed: ENOENT (no such key)"),
                refusal("hash_map", m -> m.delete(Le.u32(9)),
                        BpfException.class, "delete of map 'hash_map' failed: ENOENT (no such key)"),
                refusal("hash_map", m -> m.lookup(new byte[5]),
                        RejectedMapRequestException.class, "key of 5 bytes for map 'hash_map': expected 4 bytes (the "
                                + "map's key size); pad or trim the key to 4 bytes"),
                refusal(".rodata", m -> m.updateBatch(Le.u32(0), Le.u32(1), UpdateFlags.of(0)),
                        RejectedMapRequestException.class, "map 'fixtures.rodata' is read-only after load: the kernel "
                                + "froze it (libbpf freezes .rodata once the object is loaded); only .data and .bss "
                                + "globals stay writable"),
                refusal("hash_map", m -> m.updateBatch(Le.u32(1), new byte[4], UpdateFlags.of(0)),
                        RejectedMapRequestException.class, "batch values of 4 bytes for 1 keys of map 'hash_map': "
                                + "expected 1 values of 8 bytes (the map's value size)"),
                refusal("hash_map", m -> m.updateBatch(Le.u32(5), Le.u64(5), UpdateFlags.of(UpdateFlags.NOEXIST)),
                        RejectedMapRequestException.class, "flags NOEXIST for a batch update of map 'hash_map': the "
                                + "kernel takes only ANY (0) or F_LOCK (4) for batch elements; use single updates "
                                + "for NOEXIST or EXIST"),
                refusal("hash_map", m -> m.updateBatch(new byte[6], new byte[16], UpdateFlags.of(0)),
                        RejectedMapRequestException.class, "batch keys of 6 bytes for map 'hash_map': expected a "
                                + "positive multiple of the key size, 4 bytes"));
    }

    private static Arguments refusal(String map, Consumer<BpfMap> action, Class<? extends Exception> type,
                                     String message) {
        return Arguments.of(map, action, type, message);
    }

    @ParameterizedTest(name = "[{index}] {3}")
    @MethodSource("refusals")
    void refusesAndLeavesTheMapUnchanged(String mapName, Consumer<BpfMap> action, Class<? extends Exception> type,
                                         String message) {
        BpfMap map = object.map(mapName);
        List<String> before = contents(map);
        assertThatThrownBy(() -> action.accept(map)).isExactlyInstanceOf(type).hasMessage(message);
        assertThat(contents(map)).isEqualTo(before);
    }

    private static List<String> contents(BpfMap map) {
        HexFormat hex = HexFormat.of();
        return map.entries(10_000).stream()
                .map(e -> hex.formatHex(e.key()) + "=" + hex.formatHex(e.value()))
                .toList();
    }
}
