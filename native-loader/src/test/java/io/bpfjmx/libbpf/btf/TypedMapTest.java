package io.bpfjmx.libbpf.btf;

import static io.bpfjmx.libbpf.testing.TypesFixture.FLOW_KEY;
import static io.bpfjmx.libbpf.testing.TypesFixture.FLOW_STATS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bpfjmx.libbpf.BpfMap;
import io.bpfjmx.libbpf.BpfObject;
import io.bpfjmx.libbpf.PossibleCpus;
import io.bpfjmx.libbpf.RejectedMapRequestException;
import io.bpfjmx.libbpf.UpdateFlags;
import io.bpfjmx.libbpf.testing.BpfObjects;
import io.bpfjmx.libbpf.testing.Bpftool;
import io.bpfjmx.libbpf.testing.RequiresBpf;
import io.bpfjmx.libbpf.testing.TypesFixture;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Typed keys and values of {@code types.bpf.o} through the real kernel: what the codec writes, bpftool reads back as
 * the same bytes and, where it can decode a kind, as the same {@code formatted} JSON.
 */
@RequiresBpf
class TypedMapTest {
    private static BpfObject object;

    @BeforeAll
    static void load() {
        object = BpfObject.load(BpfObjects.types());
    }

    @AfterAll
    static void close() {
        object.close();
    }

    @Test
    void aStructKeyAndValueOfEveryKindComeBackAsTheyWereWritten() throws Exception {
        BpfMap flows = object.map("flows");
        MapCodec codec = flows.codec();
        byte[] key = codec.encodeKey(FLOW_KEY);
        flows.update(key, codec.encodeValue(FLOW_STATS), UpdateFlags.of(0));

        assertThat(JsonTree.write(codec.decodeKey(key))).isEqualTo(FLOW_KEY);
        assertThat(JsonTree.write(codec.decodeValue(flows.lookup(key)))).isEqualTo(FLOW_STATS);
        assertThat(key[11]).as("the key's tail padding").isZero();
    }

    @Test
    void bpftoolDecodesWhatTheCodecWroteAsTheCodecDoes() throws Exception {
        BpfMap flows = object.map("flows");
        MapCodec codec = flows.codec();
        String key = TypesFixture.flowKey(70, 71, 72, 73);
        flows.update(codec.encodeKey(key), codec.encodeValue(FLOW_STATS), UpdateFlags.of(0));

        Map<String, Object> formatted = Bpftool.formatted(flows.id(), key);
        @SuppressWarnings("unchecked")
        Map<String, Object> ours = (Map<String, Object>) JsonTree.read(FLOW_STATS);
        assertThat(formatted.get("value")).isEqualTo(TypesFixture.asBpftoolShowsFlowStats(ours));
        assertThat(formatted.get("key")).isEqualTo(JsonTree.read(key));
    }

    @Test
    void aStringKeyIsTypedAsItsText() throws Exception {
        BpfMap names = object.map("names");
        MapCodec codec = names.codec();
        names.update(codec.encodeKey("alpha"), codec.encodeValue("-5"), UpdateFlags.of(0));
        assertThat(codec.decodeValue(names.lookup(codec.encodeKey("\"alpha\"")))).isEqualTo(-5L);
        assertThat(Bpftool.formatted(names.id(), "\"alpha\"")).containsEntry("value", -5L);
        assertThat(codec.keyType()).isEqualTo("char[16]");
        assertThat(codec.valueType()).isEqualTo("__s64");
    }

    @Test
    void perCpuValuesAreOnePerPossibleCpu() throws Exception {
        BpfMap stats = object.map("percpu_stats");
        MapCodec codec = stats.codec();
        int cpus = PossibleCpus.count();
        List<Object> perCpu = new ArrayList<>();
        for (int cpu = cpus - 1; cpu >= 0; cpu--) { // any order, each CPU once
            perCpu.add(Map.of("cpu", (long) cpu, "value", Map.of("packets", 10L * (cpu + 1), "drops", (long) cpu)));
        }
        stats.update(codec.encodeKey("1"), codec.encodeValue(JsonTree.write(perCpu)), UpdateFlags.of(0));
        stats.update(codec.encodeKey("2"), codec.encodeValue("{\"packets\":500,\"drops\":5}"), UpdateFlags.of(0));

        Object one = codec.decodeValue(stats.lookup(codec.encodeKey("1")));
        assertThat(JsonTree.write(one)).startsWith("[{\"cpu\":0,\"value\":{\"packets\":10,\"drops\":0}}");
        assertThat((List<?>) one).hasSize(cpus);
        assertThat(Bpftool.formatted(stats.id(), "2").get("values"))
                .isEqualTo(codec.decodeValue(stats.lookup(codec.encodeKey("2"))));
    }

    @Test
    void anEnumTakesANameOrANumber() {
        BpfMap colors = object.map("colors");
        MapCodec codec = colors.codec();
        colors.update(codec.encodeKey("1"), codec.encodeValue("GREEN"), UpdateFlags.of(0));
        colors.update(codec.encodeKey("2"), codec.encodeValue("5"), UpdateFlags.of(0));
        assertThat(codec.decodeValue(colors.lookup(codec.encodeKey("1")))).isEqualTo("GREEN");
        assertThat(codec.decodeValue(colors.lookup(codec.encodeKey("2")))).isEqualTo(5L);
        assertThat(codec.valueType()).isEqualTo("enum color {\n    RED = 0,\n    GREEN = 1,\n    BLUE = 7,\n}");
    }

    @Test
    void aMapWithoutBtfRefusesTypedValuesAndPointsToHex() {
        MapCodec codec = object.map("raw").codec();
        assertThat(codec.isTyped()).isFalse();
        assertThat(codec.keyType()).isEmpty();
        assertThatThrownBy(() -> codec.encodeKey("1"))
                .isInstanceOf(RejectedMapRequestException.class)
                .hasMessage("map 'raw' takes no typed keys and values: it has no BTF types for its key and value "
                        + "(built without -g, or declared with key_size/value_size); give raw bytes in hex instead "
                        + "(updateElem, lookupElem, deleteElem; the CLI's hex: prefix)");
    }

    @Test
    void aMapOpenedByIdReadsItsTypesFromTheKernel() {
        try (BpfMap byId = BpfMap.openById(object.map("flows").id())) {
            assertThat(byId.codec().keyType()).isEqualTo(object.map("flows").codec().keyType())
                    .startsWith("struct flow_key {\n    __u32 src;");
        }
    }
}
