package io.bpfjmx.libbpf.btf;

import static io.bpfjmx.libbpf.btf.BtfBuilder.bitfield;
import static io.bpfjmx.libbpf.btf.BtfBuilder.member;
import static io.bpfjmx.libbpf.btf.BtfBuilder.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bpfjmx.libbpf.RejectedMapRequestException;
import io.bpfjmx.libbpf.TestLayouts;
import io.bpfjmx.libbpf.ValueLayout;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * {@link MapCodec} on types written by {@link BtfBuilder}, without a kernel: what each kind of JSON becomes, what is
 * refused and in which words, and what bytes decode to.
 */
class MapCodecTest {
    private static final BtfBuilder B = new BtfBuilder();
    private static final int U8 = B.unsigned("__u8", 1);
    private static final int U16 = B.unsigned("__u16", 2);
    private static final int U32 = B.unsigned("__u32", 4);
    private static final int U64 = B.unsigned("__u64", 8);
    private static final int S32 = B.signed("__s32", 4);
    private static final int UINT = B.unsigned("unsigned int", 4);
    private static final int CHAR = B.signed("char", 1);
    private static final int BOOL = B.integer("_Bool", 1, BtfBuilder.BOOL);
    private static final int U128 = B.unsigned("unsigned __int128", 16);
    private static final int S128 = B.signed("__int128", 16);
    private static final int FLOAT = B.floating("float", 4);
    private static final int DOUBLE = B.floating("double", 8);
    private static final int COLOR = B.enumeration("color", 4, false, value("RED", 0), value("GREEN", 1),
            value("BLUE", 7));
    private static final int COMM = B.array(CHAR, 16);
    private static final int LABELS = B.array(U8, 4);
    private static final int RANGE = B.struct("range", 8, member("lo", S32, 0), member("hi", S32, 4));
    private static final int EITHER = B.union("", 4, member("as_u32", U32, 0), member("as_bytes", LABELS, 0));
    /** {@code struct stats}: 56 bytes, the last 4 padding. */
    private static final int STATS = B.struct("stats", 56,
            member("packets", U64, 0),
            member("comm", COMM, 8),
            member("color", COLOR, 24),
            member("labels", LABELS, 28),
            member("range", RANGE, 32),
            bitfield("flag", UINT, 320, 1), bitfield("level", UINT, 321, 4),
            member("u", EITHER, 44),
            member("ratio", FLOAT, 48));
    /** {@code struct holes}: 16 bytes with padding after a and after tail, and unused bits around x and y. */
    private static final int HOLES = B.struct("holes", 16,
            member("a", U8, 0),
            member("b", U32, 4),
            member("c", U16, 8),
            bitfield("x", UINT, 81, 3), bitfield("y", UINT, 86, 5),
            member("tail", U8, 12));
    /** {@code union word}: a u64, or a struct with 3 bytes of padding after a, or 30 unused bits around flags. */
    private static final int WORD = B.union("word", 8,
            member("x", U64, 0),
            member("s", B.struct("", 8, member("a", U8, 0), member("b", U32, 4)), 0),
            member("bits", B.struct("", 4, bitfield("lo", UINT, 0, 1), bitfield("hi", UINT, 31, 1)), 0));
    /** {@code struct flags} of BtfTest, with its bitfields in int types (kind_flag 0, older pahole). */
    private static final int OLD_FLAGS = B.composite(BtfBuilder.KIND_STRUCT, "flags", 8,
            BtfBuilder.Bitfields.IN_INT_TYPE, List.of(member("id", U32, 0), bitfield("a", UINT, 32, 1),
                    bitfield("b", UINT, 33, 3), bitfield("level", UINT, 36, 4), member("after", U8, 5)), 0);
    /** {@code struct percpu_value}: 16 bytes, the last 4 padding. */
    private static final int PER_CPU_VALUE = B.struct("percpu_value", 16, member("packets", U64, 0),
            member("drops", U32, 8));
    /** {@code union pair}: two unnamed structs, whose members JSON could only reach as two members named "". */
    private static final int TWO_UNNAMED = B.union("pair", 8,
            member("", B.struct("", 8, member("a", U32, 0), member("b", U32, 4)), 0),
            member("", B.struct("", 2, member("c", U16, 0)), 0));
    private static final Btf BTF = B.parse();

    private static final String STATS_JSON = "{\"packets\":1,\"comm\":\"cat\",\"color\":\"BLUE\",\"labels\":[1,2,3,4],"
            + "\"range\":{\"lo\":-3,\"hi\":4},\"flag\":1,\"level\":9,\"u\":{\"as_u32\":16909060},\"ratio\":1.5}";

    /** A map named {@code name} with a {@code __u32} key and values of type {@code valueType}. */
    private static MapCodec map(String name, int valueType) {
        return map(name, valueType, TestLayouts.plain(name, BTF.sizeOf(valueType)));
    }

    private static MapCodec map(String name, int valueType, ValueLayout layout) {
        MapCodec codec = MapCodec.of(name, BTF, U32, valueType, 4, layout);
        assertThat(codec.isTyped()).as(codec.toString()).isTrue();
        return codec;
    }

    private static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex.replace(" ", ""));
    }

    /** {@link #STATS_JSON} with one member's JSON text replaced (or added at the end). */
    @SuppressWarnings("unchecked")
    private static String stats(String member, String json) {
        Map<String, Object> stats = new LinkedHashMap<>((Map<String, Object>) JsonTree.read(STATS_JSON));
        stats.put(member, null);
        StringBuilder text = new StringBuilder();
        stats.forEach((name, value) -> text.append(text.length() == 0 ? "{" : ",").append(JsonTree.write(name))
                .append(':').append(name.equals(member) ? json : JsonTree.write(value)));
        return text.append('}').toString();
    }

    @SuppressWarnings("unchecked")
    private static String statsWithout(String member) {
        Map<String, Object> stats = new LinkedHashMap<>((Map<String, Object>) JsonTree.read(STATS_JSON));
        stats.remove(member);
        return JsonTree.write(stats);
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> refusedValue(MapCodec codec, String json) {
        return assertThatThrownBy(() -> codec.encodeValue(json)).isInstanceOf(TypedValueException.class)
                .hasFieldOrPropertyWithValue("reason", RejectedMapRequestException.Reason.TYPED_VALUE);
    }

    @Nested
    class Refusals {
        private final MapCodec flows = map("flows", STATS);

        @Test
        void aNumberTooBigForItsFieldNamesThePathAndTheRange() {
            refusedValue(flows, stats("labels", "[1,256,3,4]"))
                    .hasMessage("value of map 'flows': 256 does not fit .labels[1], a __u8 (0 to 255)");
        }

        @Test
        void theExceptionCarriesThePathOfTheField() {
            assertThatThrownBy(() -> flows.encodeValue(stats("range", "{\"lo\":1,\"hi\":2147483648}")))
                    .isInstanceOfSatisfying(TypedValueException.class,
                            e -> assertThat(e.path()).isEqualTo(".range.hi"));
        }

        @Test
        void anUnknownMemberIsNamedWithTheMembersThereAre() {
            refusedValue(flows, stats("colour", "\"RED\""))
                    .hasMessage("value of map 'flows': unknown member .colour, struct stats has packets, comm, color, "
                            + "labels, range, flag, level, u, ratio");
        }

        @Test
        void aMissingMemberIsNamedWithItsType() {
            refusedValue(flows, statsWithout("range"))
                    .hasMessage("value of map 'flows': missing member .range, a struct range: give every member of "
                            + "struct stats");
            refusedValue(flows, stats("range", "{\"lo\":1}"))
                    .hasMessage("value of map 'flows': missing member .range.hi, a __s32: give every member of "
                            + "struct range");
        }

        @Test
        void aMemberGivenTwiceIsRefused() {
            refusedValue(flows, "{\"packets\":1,\"packets\":2}")
                    .hasMessage("value of map 'flows': member given twice: .packets, give it once");
        }

        @Test
        void aNegativeNumberDoesNotFitAnUnsignedField() {
            refusedValue(flows, stats("packets", "-1"))
                    .hasMessage("value of map 'flows': -1 does not fit .packets, a __u64 (0 to 18446744073709551615)");
            refusedValue(flows, stats("level", "-1"))
                    .hasMessage("value of map 'flows': -1 does not fit .level, an unsigned int bitfield of 4 bits "
                            + "(0 to 15)");
        }

        @Test
        void aNumberWithAFractionIsNotAnInteger() {
            refusedValue(flows, stats("packets", "1.5"))
                    .hasMessage("value of map 'flows': 1.5 is not an integer for .packets, a __u64 (0 to "
                            + "18446744073709551615): give a whole number, or a string of decimal or 0x hex digits");
        }

        @Test
        void aStringTooLongForItsCharArrayIsRefused() {
            refusedValue(flows, stats("comm", "\"sixteen-letters!\""))
                    .hasMessage("value of map 'flows': \"sixteen-letters!\" (16 bytes) is too long for .comm, a "
                            + "char[16], which holds at most 15 bytes and a NUL");
        }

        @Test
        void aListOfTheWrongLengthIsRefused() {
            refusedValue(flows, stats("labels", "[1,2,3]"))
                    .hasMessage("value of map 'flows': a list of 3 is the wrong length for .labels, a __u8[4] (a list "
                            + "of 4)");
        }

        @Test
        void unionMembersThatDisagreeAreRefused() {
            refusedValue(flows, stats("u", "{\"as_u32\":1,\"as_bytes\":[2,0,0,0]}"))
                    .hasMessage("value of map 'flows': disagrees with another member of its union at .u.as_bytes, "
                            + "a union holds one member at a time: give one of as_u32, as_bytes");
            refusedValue(flows, stats("u", "{}"))
                    .hasMessage("value of map 'flows': missing a member of the union of as_u32, as_bytes in .u, a "
                            + "union {…}: give one of them");
        }

        @Test
        void anUnknownEnumeratorIsRefusedWithTheKnownOnes() {
            refusedValue(flows, stats("color", "\"PURPLE\""))
                    .hasMessage("value of map 'flows': \"PURPLE\" is not an enumerator of .color, an enum color (RED, "
                            + "GREEN, BLUE, or a number)");
        }

        @Test
        void aNumberBeyondTheFloatRangeIsRefused() {
            refusedValue(flows, stats("ratio", "1e39"))
                    .hasMessage("value of map 'flows': 1e39 does not fit .ratio, a float (a number, or \"NaN\", "
                            + "\"Infinity\", \"-Infinity\")");
        }

        @Test
        void aValueOfTheWrongShapeIsRefused() {
            refusedValue(flows, "[1,2]")
                    .hasMessage("value of map 'flows': a list is not an object for it, a struct stats (members "
                            + "packets, comm, color, labels, range, flag, level, u, ratio)");
            refusedValue(flows, "{\"packets\":1")
                    .hasMessageStartingWith("value of map 'flows': \"{\\\"packets\\\":1\" is not valid JSON (");
        }
    }

    @Nested
    class PerCpuValues {
        private final MapCodec percpu = map("percpu", PER_CPU_VALUE, TestLayouts.perCpu("percpu", 16, 2));

        @Test
        void aListCoversEveryPossibleCpuInAnyOrder() {
            byte[] buffer = percpu.encodeValue("[{\"cpu\":1,\"value\":{\"packets\":2,\"drops\":3}},"
                    + "{\"cpu\":0,\"value\":{\"packets\":1,\"drops\":0}}]");
            assertThat(buffer).isEqualTo(hex("0100000000000000 00000000 00000000 0200000000000000 03000000 00000000"));
            assertThat(JsonTree.write(percpu.decodeValue(buffer))).isEqualTo("[{\"cpu\":0,\"value\":{\"packets\":1,"
                    + "\"drops\":0}},{\"cpu\":1,\"value\":{\"packets\":2,\"drops\":3}}]");
        }

        @Test
        void oneValueIsOneValueForEveryCpu() {
            assertThat(percpu.encodeValue("{\"packets\":5,\"drops\":6}"))
                    .isEqualTo(hex("0500000000000000 06000000 00000000"));
        }

        @Test
        void aListOfTheWrongLengthIsRefused() {
            refusedValue(percpu, "[{\"cpu\":0,\"value\":{\"packets\":1,\"drops\":0}}]")
                    .hasMessage("per-CPU value of map 'percpu': a list of 1 is the wrong length for it, one "
                            + "{\"cpu\":N,\"value\":V} for each of the 2 possible CPUs (or give one value, written to "
                            + "every CPU)");
        }

        @Test
        void aCpuGivenTwiceIsRefused() {
            refusedValue(percpu, "[{\"cpu\":0,\"value\":{\"packets\":1,\"drops\":0}},"
                    + "{\"cpu\":0,\"value\":{\"packets\":2,\"drops\":0}}]")
                    .hasMessage("per-CPU value of map 'percpu': cpu 0 comes twice in it, the per-CPU list: give each "
                            + "possible CPU (0 to 1) once");
        }

        @Test
        void anElementWithoutCpuAndValueIsRefused() {
            refusedValue(percpu, "[{\"cpu\":0,\"value\":{\"packets\":1,\"drops\":0}},{\"packets\":2,\"drops\":0}]")
                    .hasMessage("per-CPU value of map 'percpu': {\"packets\":2,\"drops\":0} is not "
                            + "{\"cpu\":N,\"value\":V} at [1], an element of the per-CPU list");
        }

        @Test
        void aBadValueIsNamedByItsPlaceInTheList() {
            refusedValue(percpu, "[{\"cpu\":0,\"value\":{\"packets\":1,\"drops\":0}},"
                    + "{\"cpu\":1,\"value\":{\"packets\":-2,\"drops\":0}}]")
                    .hasMessage("per-CPU value of map 'percpu': -2 does not fit [1].value.packets, a __u64 (0 to "
                            + "18446744073709551615)");
        }

        @Test
        void aCpuThatIsNotPossibleIsRefused() {
            refusedValue(percpu, "[{\"cpu\":0,\"value\":{\"packets\":1,\"drops\":0}},"
                    + "{\"cpu\":2,\"value\":{\"packets\":2,\"drops\":0}}]")
                    .hasMessage("per-CPU value of map 'percpu': 2 is not a possible CPU at [1].cpu, a number from 0 "
                            + "to 1");
        }
    }

    @Test
    void aUnionWithTwoUnnamedMembersHasNoJsonFormRatherThanOneThatLosesAMember() {
        MapCodec codec = MapCodec.of("pairs", BTF, U32, TWO_UNNAMED, 4, TestLayouts.plain("pairs", 8));
        assertThat(codec.isTyped()).isFalse();
        assertThatThrownBy(() -> codec.encodeValue("{}")).isInstanceOf(RejectedMapRequestException.class)
                .hasMessageContaining("map 'pairs' takes no typed keys and values: its types cannot be JSON: "
                        + "union pair has two members named '' (unnamed members of a union), which JSON cannot tell "
                        + "apart; give raw bytes in hex instead");
    }

    @Nested
    class AcceptedForms {
        @Test
        void aU64TakesDecimalAndHexStringsBeyondJavaScriptPrecision() {
            MapCodec counters = map("counters", U64);
            byte[] max = hex("ffffffffffffffff");
            assertThat(counters.encodeValue("\"18446744073709551615\"")).isEqualTo(max);
            assertThat(counters.encodeValue("\"0xffffffffffffffff\"")).isEqualTo(max);
            assertThat(counters.encodeValue("18446744073709551615")).isEqualTo(max);
            assertThat(counters.decodeValue(max)).isEqualTo(new BigInteger("18446744073709551615"));
        }

        @Test
        void anEnumTakesANameOrANumber() {
            MapCodec colors = map("colors", COLOR);
            assertThat(colors.encodeValue("\"GREEN\"")).isEqualTo(hex("01000000"));
            assertThat(colors.encodeValue("7")).isEqualTo(hex("07000000"));
            assertThat(colors.encodeValue("\"7\"")).isEqualTo(hex("07000000"));
            assertThat(colors.encodeValue("5")).isEqualTo(hex("05000000"));
        }

        @Test
        void aCharArrayTakesAStringOrAListOfNumbers() {
            MapCodec names = map("names", COMM);
            byte[] cat = hex("63617400 00000000 00000000 00000000");
            assertThat(names.encodeValue("\"cat\"")).isEqualTo(cat);
            assertThat(names.encodeValue("[99,97,116,0,0,0,0,0,0,0,0,0,0,0,0,0]")).isEqualTo(cat);
            assertThat(names.decodeValue(cat)).isEqualTo("cat");
        }

        @Test
        void bareTextIsTakenAsAString() {
            assertThat(map("names", COMM).encodeValue("cat")).isEqualTo(hex("63617400 00000000 00000000 00000000"));
            assertThat(map("colors", COLOR).encodeValue("GREEN")).isEqualTo(hex("01000000"));
            assertThat(map("counts", U32).encodeValue("0x2a")).isEqualTo(hex("2a000000"));
            assertThat(map("ratios", FLOAT).encodeValue("NaN")).isEqualTo(hex("0000c07f"));
        }

        @Test
        void digitsForACharArrayAreItsText() {
            assertThat(map("names", COMM).encodeValue("123")).isEqualTo(hex("31323300 00000000 00000000 00000000"));
        }

        @Test
        void aBoolTakesTrueFalseZeroAndOne() {
            MapCodec flags = map("flags", BOOL);
            assertThat(List.of(flags.encodeValue("true"), flags.encodeValue("false"), flags.encodeValue("1"),
                    flags.encodeValue("0"))).containsExactly(hex("01"), hex("00"), hex("01"), hex("00"));
        }

        @Test
        void aFloatTakesNaNAndTheInfinitiesAsStrings() {
            MapCodec ratios = map("ratios", FLOAT);
            assertThat(ratios.encodeValue("\"NaN\"")).isEqualTo(hex("0000c07f"));
            assertThat(ratios.encodeValue("\"Infinity\"")).isEqualTo(hex("0000807f"));
            assertThat(ratios.encodeValue("\"-Infinity\"")).isEqualTo(hex("000080ff"));
            assertThat(ratios.decodeValue(hex("0000807f"))).isEqualTo("Infinity");
            assertThat(map("means", DOUBLE).encodeValue("\"-Infinity\"")).isEqualTo(hex("000000000000f0ff"));
        }

        @Test
        void a128BitIntTakesHexAndDecimal() {
            MapCodec big = map("big", U128);
            byte[] value = hex("05000000 00000000 00000000 10000000"); // 2^100 + 5
            assertThat(big.encodeValue("\"0x10000000000000000000000005\"")).isEqualTo(value);
            assertThat(big.encodeValue("1267650600228229401496703205381")).isEqualTo(value);
            assertThat(big.encodeValue("\"1267650600228229401496703205381\"")).isEqualTo(value);
            byte[] allOnes = new byte[16];
            Arrays.fill(allOnes, (byte) 0xff);
            assertThat(map("signed_big", S128).encodeValue("-1")).isEqualTo(allOnes);
            assertThat(big.encodeValue("\"0xffffffffffffffffffffffffffffffff\"")).isEqualTo(allOnes);
        }

        @Test
        void paddingAndUnusedBitfieldBitsAreZero() {
            byte[] bytes = map("holes", HOLES)
                    .encodeValue("{\"a\":255,\"b\":4294967295,\"c\":65535,\"x\":7,\"y\":31,\"tail\":255}");
            // x is bits 1-3 of byte 10, y bits 6-7 of byte 10 and 0-2 of byte 11
            assertThat(bytes).isEqualTo(hex("ff000000 ffffffff ffff ce07 ff000000"));
        }

        @Test
        void aStructComesBackAsItWasWritten() {
            MapCodec flows = map("flows", STATS);
            assertThat(JsonTree.write(flows.decodeValue(flows.encodeValue(STATS_JSON))))
                    .isEqualTo(STATS_JSON.replace("{\"as_u32\":16909060}", "{\"as_u32\":16909060,\"as_bytes\":[4,3,2,1]}"));
        }

        @Test
        void aDecodedUnionIsTakenBackWhateverItsMembersPaddingHolds() {
            MapCodec words = map("words", WORD);
            byte[] allOnes = hex("ffffffffffffffff"); // x's bytes: padding of s and unused bits of bits
            String decoded = JsonTree.write(words.decodeValue(allOnes));
            assertThat(decoded).isEqualTo("{\"x\":18446744073709551615,\"s\":{\"a\":255,\"b\":4294967295},"
                    + "\"bits\":{\"lo\":1,\"hi\":1}}");
            assertThat(words.encodeValue(decoded)).isEqualTo(allOnes);
        }

        @Test
        void bitfieldsInIntTypesAreTypedLikeTheOthers() {
            MapCodec flags = map("flags", OLD_FLAGS);
            byte[] bytes = flags.encodeValue("{\"id\":1,\"a\":1,\"b\":5,\"level\":9,\"after\":255}");
            assertThat(bytes).isEqualTo(hex("01000000 9b ff 0000"));
            assertThat(JsonTree.write(flags.decodeValue(bytes)))
                    .isEqualTo("{\"id\":1,\"a\":1,\"b\":5,\"level\":9,\"after\":255}");
        }

        @Test
        void unionMembersThatAgreeAreAccepted() {
            MapCodec flows = map("flows", STATS);
            assertThat(flows.encodeValue(stats("u", "{\"as_bytes\":[4,3,2,1],\"as_u32\":16909060}")))
                    .isEqualTo(flows.encodeValue(STATS_JSON));
        }
    }

    @Nested
    class Decoding {
        @Test
        void aCharArrayWithBytesAfterItsNulIsAListOfNumbers() {
            assertThat(JsonTree.write(map("names", COMM).decodeValue(hex("63617400 78000000 00000000 00000000"))))
                    .isEqualTo("[99,97,116,0,120,0,0,0,0,0,0,0,0,0,0,0]");
        }

        @Test
        void aCharArrayWithUnprintableBytesIsAListOfNumbers() {
            assertThat(JsonTree.write(map("names", COMM).decodeValue(hex("09ff0000 00000000 00000000 00000000"))))
                    .isEqualTo("[9,-1,0,0,0,0,0,0,0,0,0,0,0,0,0,0]");
        }

        @Test
        void aCharArrayWithoutNulIsAListOfNumbers() {
            assertThat(JsonTree.write(map("names", COMM).decodeValue("abcdefghijklmnop".getBytes())))
                    .isEqualTo("[97,98,99,100,101,102,103,104,105,106,107,108,109,110,111,112]");
        }

        @Test
        void aBoolByteOtherThanZeroOrOneIsItsNumber() {
            MapCodec flags = map("flags", BOOL);
            assertThat(flags.decodeValue(hex("02"))).isEqualTo(2L);
            assertThat(flags.decodeValue(hex("01"))).isEqualTo(true);
            assertThat(flags.encodeValue("2")).isEqualTo(hex("02"));
        }

        @Test
        void anEnumValueWithoutAnEnumeratorIsItsNumber() {
            assertThat(map("colors", COLOR).decodeValue(hex("05000000"))).isEqualTo(5L);
            assertThat(map("colors", COLOR).decodeValue(hex("07000000"))).isEqualTo("BLUE");
        }

        @Test
        void a128BitIntIsHexWithoutLeadingZeros() {
            MapCodec big = map("big", U128);
            assertThat(big.decodeValue(hex("05000000 00000000 00000000 00000000"))).isEqualTo("0x5");
            assertThat(big.decodeValue(hex("05000000 00000000 00000000 10000000")))
                    .isEqualTo("0x10000000000000000000000005");
            assertThat(big.decodeValue(new byte[16])).isEqualTo("0x0");
        }
    }
}
