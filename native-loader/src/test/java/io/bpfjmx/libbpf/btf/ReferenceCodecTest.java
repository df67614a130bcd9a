package io.bpfjmx.libbpf.btf;

import static org.assertj.core.api.Assertions.assertThat;

import io.bpfjmx.libbpf.TestLayouts;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The codec of maps whose values are programs or maps: keys without BTF, values read as ids with names. */
class ReferenceCodecTest {
    private static MapCodec codec(int keySize) {
        return MapCodec.ofReferences("jump_table", keySize, TestLayouts.plain("jump_table", 4), "program",
                id -> id == 12 ? "target" : "");
    }

    @Test
    void keysWithoutBtfAreUnsignedIntegersOfTheirSizeOrListsOfBytes() {
        assertThat(List.of(1, 2, 4, 8, 3)).extracting(size -> codec(size).keyType())
                .containsExactly("__u8", "__u16", "__u32", "__u64", "__u8[3]");
        assertThat(codec(4).encodeKey("258")).containsExactly(2, 1, 0, 0);
        assertThat(codec(8).encodeKey("\"0xffffffffffffffff\"")).containsOnly(0xff);
        assertThat(codec(3).encodeKey("[1,2,3]")).containsExactly(1, 2, 3);
        assertThat(codec(3).decodeKey(new byte[] {1, 2, 3})).isEqualTo(List.of(1L, 2L, 3L));
        assertThat(codec(4).keyShape()).isEqualTo(new JsonShape.Scalar("__u32", JsonShape.Scalar.Kind.INTEGER));
    }

    @Test
    void valuesAreTheKernelsIdWithItsNameEmptyWhenItIsGone() {
        MapCodec codec = codec(4);
        assertThat(codec.decodeValue(new byte[] {12, 0, 0, 0})).isEqualTo(Map.of("id", 12L, "name", "target"));
        assertThat(codec.decodeValue(new byte[] {-1, -1, -1, -1}))
                .isEqualTo(Map.of("id", 4294967295L, "name", ""));
        assertThat(codec.valueShape()).isEqualTo(new JsonShape.Fields("program", List.of(
                new JsonShape.Field("id", new JsonShape.Scalar("__u32", JsonShape.Scalar.Kind.INTEGER)),
                new JsonShape.Field("name", new JsonShape.Scalar("char[16]", JsonShape.Scalar.Kind.TEXT)))));
        assertThat(codec.isTyped()).isTrue();
    }
}
