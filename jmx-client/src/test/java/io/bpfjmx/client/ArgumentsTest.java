package io.bpfjmx.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteOrder;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which way a key or value goes (typed or raw), and what the operator is told when a typed one is refused. */
class ArgumentsTest {
    private static final String FLOW_KEY = "struct flow_key {\n    __u32 src;\n    __u32 dst;\n    __u16 port;\n"
            + "    __u8 proto;\n}";
    private static final MapInfo RAW = new MapInfo("types", "raw", 1, "HASH", 4, 8, 8, 0, false, 8, 2, false);
    private static final MapInfo COUNTS = new MapInfo("log_syscalls", "syscall_count_map", 2, "HASH", 128, 4, 32, 0,
            false, 4, 2, false, "char[128]", "int", ByteOrder.LITTLE_ENDIAN);
    private static final MapInfo HASH = new MapInfo("fixtures", "hash_map", 3, "HASH", 4, 8, 8192, 0, false, 8, 2,
            false, "__u32", "__u64", ByteOrder.LITTLE_ENDIAN);
    private static final MapInfo FLOWS = new MapInfo("types", "flows", 4, "HASH", 12, 144, 64, 0, false, 144, 2,
            false, FLOW_KEY, "struct flow_stats {\n    __u64 packets;\n}", ByteOrder.LITTLE_ENDIAN);

    @Test
    void aMapWithoutBtfTakesEveryArgumentRawAndBareIsHex() {
        Arguments.Arg key = Arguments.key("2a000000", RAW);
        assertThat(key.typed()).isFalse();
        assertThat(key.wire()).isEqualTo("2a000000");
        Arguments.Pair pair = Arguments.pair("int:42", "0100000000000000", RAW);
        assertThat(pair.typed()).isFalse();
        assertThat(pair.key().wire()).isEqualTo("2a000000");
        assertThat(pair.value().wire()).isEqualTo("0100000000000000");
    }

    @Test
    void aBareArgumentOfATypedMapGoesAsIs() {
        assertThat(Arguments.key("cat", COUNTS)).isEqualTo(new Arguments.Arg("cat", "cat", true));
        Arguments.Pair pair = Arguments.pair("{\"src\":1}", "{\"packets\":2}", FLOWS);
        assertThat(pair.typed()).isTrue();
        assertThat(pair.key().wire()).isEqualTo("{\"src\":1}");
        assertThat(pair.value().wire()).isEqualTo("{\"packets\":2}");
    }

    @Test
    void prefixedArgumentsOfATypedMapStayRaw() {
        Arguments.Arg key = Arguments.key("str:cat", COUNTS);
        assertThat(key.typed()).isFalse();
        assertThat(key.wire()).hasSize(256).startsWith("63617400");
        Arguments.Pair pair = Arguments.pair("int:7", "hex:2a00000000000000", HASH);
        assertThat(pair.typed()).isFalse();
        assertThat(pair.key().wire()).isEqualTo("07000000");
    }

    @Test
    void aPrefixedPartnerOfABareArgumentJoinsTheTypedWayWhereItMeansTheSame() {
        Arguments.Pair counts = Arguments.pair("cat", "int:0", COUNTS);
        assertThat(counts.typed()).isTrue();
        assertThat(counts.value().wire()).isEqualTo("0");
        Arguments.Pair string = Arguments.pair("str:c\"at", "5", COUNTS);
        assertThat(string.typed()).isTrue();
        assertThat(string.key().wire()).isEqualTo("\"c\\\"at\"");
        assertThat(Arguments.pair("7", "int:0x2a", HASH).value().wire()).isEqualTo("42");
        assertThat(Arguments.pair("int:-1", "1", HASH).key().wire()).isEqualTo("-1");
    }

    @Test
    void hexBesideABareArgumentIsRefusedWithBothWays() {
        assertThatThrownBy(() -> Arguments.pair("7", "hex:2a00000000000000", HASH))
                .isInstanceOfSatisfying(CliException.class, e -> {
                    assertThat(e.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
                    assertThat(e.getMessage()).isEqualTo("the key 7 is typed (a bare argument, on a map with BTF) "
                            + "but the value hex:2a00000000000000 is raw bytes, which have no typed form: one update "
                            + "sends both typed or both raw");
                    assertThat(e.hint()).isEqualTo("write the key raw too (hex:, int: or str:), or the value bare, "
                            + "as JSON of its type __u64 (bpfjmx describe hash_map shows it)");
                });
    }

    @Test
    void aStringOfAnIntegerOrAnIntegerOfAStringIsRefusedBesideABareArgument() {
        assertThatThrownBy(() -> Arguments.pair("str:7", "1", HASH))
                .hasMessageContaining("the key str:7 is raw text bytes, and the key is a __u32, not a char[]");
        assertThatThrownBy(() -> Arguments.pair("int:7", "1", COUNTS))
                .hasMessageContaining("the key int:7 is a raw integer, and the key is a char[128]");
        assertThatThrownBy(() -> Arguments.pair("cat", "int:x", COUNTS)).hasMessage("value int:x is not a number");
    }

    @ParameterizedTest
    @ValueSource(strings = {"2a000000", "0x2a000000", "00", "DEADbeef", "07000000"})
    void hexLookalikes(String text) {
        assertThat(Arguments.looksLikeHex(text)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"cat", "2a0", "0x", "{\"src\":1}", "-1", "\"2a000000\"", "hex:2a"})
    void notHexLookalikes(String text) {
        assertThat(Arguments.looksLikeHex(text)).isFalse();
    }

    @Test
    void aRefusedBareHexKeySaysItIsTypedAndHowToGiveRawBytes() {
        Arguments.Arg key = Arguments.key("2a000000", HASH);
        CliException refused = refusal("key of map 'hash_map': \"2a000000\" is not an integer for it, a __u32 (0 to "
                + "4294967295): give a whole number, or a string of decimal or 0x hex digits");
        CliException explained = Arguments.explain(refused, HASH, key, null);
        assertThat(explained.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(explained.getMessage()).isEqualTo(refused.getMessage());
        assertThat(explained.hint()).isEqualTo("a bare argument is typed by the map's BTF (key: __u32); for raw bytes "
                + "write hex:2a000000");
    }

    @Test
    void aRefusedValueIsExplainedByTheValuesType() {
        Arguments.Pair pair = Arguments.pair("{\"src\":1}", "0x0102", FLOWS);
        CliException explained = Arguments.explain(refusal("value of map 'flows': \"0x0102\" is not an object for "
                + "it, a struct flow_stats"), FLOWS, pair.key(), pair.value());
        assertThat(explained.hint()).isEqualTo("a bare argument is typed by the map's BTF (value: struct "
                + "flow_stats); for raw bytes write hex:0102");
        CliException key = Arguments.explain(refusal("key of map 'flows': missing member .dst, a __u32: give every "
                + "member of struct flow_key"), FLOWS, pair.key(), pair.value());
        assertThat(key.hint()).isEqualTo("a bare key is JSON of the map's key type, struct flow_key (bpfjmx describe "
                + "flows shows it); raw bytes: hex:…");
    }

    @Test
    void aKernelRefusalOfABareArgumentSizedLikeTheKeysBytesSaysItWasANumber() {
        CliException missing = new CliException(ExitCode.KERNEL_REFUSED, "lookup of map 'hash_map' failed: ENOENT",
                "no such key", "ENOENT", null);
        CliException explained = Arguments.explain(missing, HASH, Arguments.key("02000000", HASH), null);
        assertThat(explained.exitCode()).isEqualTo(ExitCode.KERNEL_REFUSED);
        assertThat(explained.errno()).isEqualTo("ENOENT");
        assertThat(explained.hint()).isEqualTo("a bare argument is typed by the map's BTF (key: __u32); for raw bytes "
                + "write hex:02000000\n  no such key");
    }

    @Test
    void otherFailuresPassUnchanged() {
        CliException kernel = new CliException(ExitCode.KERNEL_REFUSED, "lookup of map 'hash_map' failed: ENOENT",
                "no such key", "ENOENT", null);
        assertThat(Arguments.explain(kernel, HASH, Arguments.key("7", HASH), null)).isSameAs(kernel);
    }

    @Test
    void aBareArgumentWithExactlyTheKeysHexDigitsGetsARemark() {
        assertThat(Arguments.rawLookalike(Arguments.key("07000000", HASH), "key", HASH))
                .isEqualTo("key 07000000 was taken as a __u32 (the map's BTF type), not as raw bytes; for raw bytes "
                        + "write hex:07000000");
        assertThat(Arguments.rawLookalike(Arguments.key("7", HASH), "key", HASH)).isNull();
        assertThat(Arguments.rawLookalike(Arguments.key("int:7", HASH), "key", HASH)).isNull();
    }

    @Test
    void theKeyAsTheAgentTookItForOutput() {
        assertThat(Arguments.keyTree("cat", COUNTS)).isEqualTo("cat");
        assertThat(Arguments.keyTree("123", COUNTS)).isEqualTo("123");
        assertThat(Arguments.keyTree("\"cat\"", COUNTS)).isEqualTo("cat");
        assertThat(Arguments.keyTree("0x2a", HASH)).isEqualTo(42L);
        assertThat(Arguments.keyTree("\"18446744073709551615\"", HASH))
                .isEqualTo(new BigInteger("18446744073709551615"));
        assertThat(Arguments.keyTree("{\"src\":1,\"dst\":2}", FLOWS)).isEqualTo(Map.of("src", 1L, "dst", 2L));
        assertThat(Arguments.keyTree("[1,2]", FLOWS)).isEqualTo(List.of(1L, 2L));
    }

    @Test
    void typeNamesInOneLine() {
        assertThat(FLOWS.keyTypeName()).isEqualTo("struct flow_key");
        assertThat(MapInfo.shortType("typedef struct {\n    int a;\n} pair_t")).isEqualTo("pair_t");
        assertThat(MapInfo.shortType("char[16]")).isEqualTo("char[16]");
        assertThat(COUNTS.keyIsCharArray()).isTrue();
        assertThat(HASH.keyIsCharArray()).isFalse();
        assertThat(RAW.typed()).isFalse();
    }

    private static CliException refusal(String message) {
        return AgentErrors.translate(new IllegalArgumentException(message));
    }
}
