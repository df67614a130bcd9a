package io.bpfjmx.libbpf.btf;

import static io.bpfjmx.libbpf.btf.BtfBuilder.BOOL;
import static io.bpfjmx.libbpf.btf.BtfBuilder.CHAR;
import static io.bpfjmx.libbpf.btf.BtfBuilder.KIND_STRUCT;
import static io.bpfjmx.libbpf.btf.BtfBuilder.SIGNED;
import static io.bpfjmx.libbpf.btf.BtfBuilder.bitfield;
import static io.bpfjmx.libbpf.btf.BtfBuilder.member;
import static io.bpfjmx.libbpf.btf.BtfBuilder.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bpfjmx.libbpf.btf.BtfBuilder.Bitfields;
import io.bpfjmx.libbpf.btf.BtfBuilder.SectionVariable;
import io.bpfjmx.libbpf.btf.BtfType.Composite.Kind;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Btf#parse} of blobs written by {@link BtfBuilder}, and {@link CDeclaration} of what it parsed. */
class BtfTest {
    @Test
    void intsKeepTheirSizeAndEncoding() {
        BtfBuilder b = new BtfBuilder();
        int u32 = b.unsigned("__u32", 4);
        int s8 = b.signed("__s8", 1);
        int character = b.integer("char", 1, SIGNED | CHAR);
        int bool = b.integer("_Bool", 1, BOOL);
        int u128 = b.unsigned("unsigned __int128", 16);
        int oldBitfield = b.integer("unsigned int", 4, 0, 5, 3);
        Btf btf = b.parse();

        assertThat(btf.type(u32)).isEqualTo(new BtfType.Int("__u32", 4, false, false, false, 0, 32));
        assertThat(btf.type(s8)).isEqualTo(new BtfType.Int("__s8", 1, true, false, false, 0, 8));
        assertThat(btf.type(character)).isEqualTo(new BtfType.Int("char", 1, true, true, false, 0, 8));
        assertThat(btf.type(bool)).isEqualTo(new BtfType.Int("_Bool", 1, false, false, true, 0, 8));
        assertThat(btf.type(u128)).isEqualTo(new BtfType.Int("unsigned __int128", 16, false, false, false, 0, 128));
        assertThat(btf.type(oldBitfield)).isEqualTo(new BtfType.Int("unsigned int", 4, false, false, false, 5, 3));
        assertThat(btf.typeCount()).isEqualTo(6);
        assertThat(btf.type(0)).isEqualTo(new BtfType.Void());
    }

    @Test
    void pointersArraysAndFloatsHaveTheirSizes() {
        BtfBuilder b = new BtfBuilder();
        int u16 = b.unsigned("__u16", 2);
        int pointer = b.pointer(u16);
        int row = b.array(u16, 3);
        int matrix = b.array(row, 2);
        int single = b.floating("float", 4);
        int dbl = b.floating("double", 8);
        Btf btf = b.parse();

        assertThat(btf.type(pointer)).isEqualTo(new BtfType.Pointer(u16));
        assertThat(btf.type(matrix)).isEqualTo(new BtfType.Array(row, 2));
        assertThat(btf.type(row)).isEqualTo(new BtfType.Array(u16, 3));
        assertThat(btf.type(single)).isEqualTo(new BtfType.Float("float", 4));
        assertThat(List.of(btf.sizeOf(pointer), btf.sizeOf(matrix), btf.sizeOf(single), btf.sizeOf(dbl)))
                .containsExactly(8, 12, 4, 8);
    }

    @Test
    void structAndUnionMembersHaveBitOffsets() {
        BtfBuilder b = new BtfBuilder();
        int u32 = b.unsigned("__u32", 4);
        int u8 = b.unsigned("__u8", 1);
        int pair = b.struct("pair", 8, member("lo", u32, 0), member("hi", u32, 4));
        int either = b.union("either", 4, member("word", u32, 0), member("first", u8, 0));
        Btf btf = b.parse();

        assertThat(btf.type(pair)).isEqualTo(new BtfType.Composite("pair", Kind.STRUCT, 8,
                List.of(new BtfType.Member("lo", u32, 0, 0), new BtfType.Member("hi", u32, 32, 0))));
        assertThat(btf.type(either)).isEqualTo(new BtfType.Composite("either", Kind.UNION, 4,
                List.of(new BtfType.Member("word", u32, 0, 0), new BtfType.Member("first", u8, 0, 0))));
    }

    @Test
    void enumValuesAreNumbersWithTheirSign() {
        BtfBuilder b = new BtfBuilder();
        int color = b.enumeration("color", 4, false, value("RED", 0), value("BLUE", 0xffffffffL));
        int delta = b.enumeration("delta", 4, true, value("DOWN", -1), value("UP", 1));
        int wide = b.enumeration64("wide", 8, false, value("LARGE", 0x1_0000_0001L), value("TOP", -1));
        int offsets = b.enumeration64("offsets", 8, true, value("BACK", -0x1_0000_0000L));
        Btf btf = b.parse();

        assertThat(btf.type(color)).isEqualTo(new BtfType.Enum("color", 4, false,
                List.of(new BtfType.Enumerator("RED", 0), new BtfType.Enumerator("BLUE", 0xffffffffL))));
        assertThat(btf.type(delta)).isEqualTo(new BtfType.Enum("delta", 4, true,
                List.of(new BtfType.Enumerator("DOWN", -1), new BtfType.Enumerator("UP", 1))));
        assertThat(btf.type(wide)).isEqualTo(new BtfType.Enum("wide", 8, false,
                List.of(new BtfType.Enumerator("LARGE", 0x1_0000_0001L), new BtfType.Enumerator("TOP", -1))));
        assertThat(btf.type(offsets)).isEqualTo(new BtfType.Enum("offsets", 8, true,
                List.of(new BtfType.Enumerator("BACK", -0x1_0000_0000L))));
    }

    @Test
    void typedefsAndQualifiersResolveToTheirType() {
        BtfBuilder b = new BtfBuilder();
        int u32 = b.unsigned("__u32", 4);
        int counter = b.typedef("counter_t", u32);
        int constant = b.constOf(counter);
        int volatileConstant = b.volatileOf(constant);
        int pointer = b.pointer(u32);
        int restricted = b.restrictOf(pointer);
        int tagged = b.typeTag("user", u32);
        Btf btf = b.parse();

        assertThat(btf.type(counter)).isEqualTo(new BtfType.Typedef("counter_t", u32));
        assertThat(btf.type(volatileConstant)).isEqualTo(new BtfType.Qualifier("volatile", constant));
        assertThat(btf.type(restricted)).isEqualTo(new BtfType.Qualifier("restrict", pointer));
        assertThat(btf.type(tagged)).isEqualTo(new BtfType.Qualifier("__attribute__((btf_type_tag(\"user\")))", u32));
        assertThat(btf.resolve(volatileConstant)).isEqualTo(u32);
        assertThat(btf.resolve(restricted)).isEqualTo(pointer);
        assertThat(btf.sizeOf(volatileConstant)).isEqualTo(4);
    }

    @Test
    void forwardDeclarationsHaveNoSize() {
        BtfBuilder b = new BtfBuilder();
        int later = b.forward("later", false);
        int either = b.forward("either", true);
        Btf btf = b.parse();

        assertThat(btf.type(later)).isEqualTo(new BtfType.Forward("later", false));
        assertThat(btf.type(either)).isEqualTo(new BtfType.Forward("either", true));
        assertThat(btf.sizeOf(later)).isEqualTo(-1);
    }

    @Test
    void aDataSectionIsACompositeOfItsVariables() {
        BtfBuilder b = new BtfBuilder();
        int u32 = b.unsigned("__u32", 4);
        int u64 = b.unsigned("__u64", 8);
        int hits = b.variable("hits", u32);
        int total = b.variable("total", u64);
        int bss = b.datasec(".bss", 16, new SectionVariable(hits, 0, 4), new SectionVariable(total, 8, 8));
        Btf btf = b.parse();

        assertThat(btf.type(hits)).isEqualTo(new BtfType.Variable("hits", u32));
        assertThat(btf.type(bss)).isEqualTo(new BtfType.Composite(".bss", Kind.DATASEC, 16,
                List.of(new BtfType.Member("hits", u32, 0, 0), new BtfType.Member("total", u64, 64, 0))));
    }

    @Test
    void functionsPrototypesAndTagsAreSkippedOverIntact() {
        BtfBuilder b = new BtfBuilder();
        int u32 = b.unsigned("__u32", 4);
        int prototype = b.functionPrototype(u32, u32, u32, u32);
        int function = b.function("handle", prototype);
        int tag = b.declarationTag("hot", function, -1);
        int after = b.signed("__s64", 8);
        Btf btf = b.parse();

        assertThat(btf.type(prototype)).isEqualTo(new BtfType.Other("", BtfBuilder.KIND_FUNC_PROTO));
        assertThat(btf.type(function)).isEqualTo(new BtfType.Other("handle", BtfBuilder.KIND_FUNC));
        assertThat(btf.type(tag)).isEqualTo(new BtfType.Other("hot", BtfBuilder.KIND_DECL_TAG));
        assertThat(btf.type(after)).isEqualTo(new BtfType.Int("__s64", 8, true, false, false, 0, 64));
        assertThat(btf.sizeOf(function)).isEqualTo(-1);
    }

    @Test
    void bothBitfieldEncodingsGiveTheSameMembers() {
        List<BtfType.Member> inMemberOffset = flags(Bitfields.IN_MEMBER_OFFSET, 0).members();
        List<BtfType.Member> inIntType = flags(Bitfields.IN_INT_TYPE, 0).members();
        List<BtfType.Member> partlyInIntOffset = flags(Bitfields.IN_INT_TYPE, 2).members();

        assertThat(positions(inMemberOffset)).containsExactly("a@32:1", "b@33:3", "level@36:4", "after@40:0");
        assertThat(positions(inIntType)).isEqualTo(positions(inMemberOffset));
        assertThat(positions(partlyInIntOffset)).isEqualTo(positions(inMemberOffset));
    }

    @Test
    void aWholeIntOffAByteIsABitfieldInTheOldEncoding() {
        BtfBuilder b = new BtfBuilder();
        int u8 = b.unsigned("__u8", 1);
        int packed = b.composite(KIND_STRUCT, "packed", 2, Bitfields.IN_INT_TYPE,
                List.of(bitfield("a", u8, 0, 3), new BtfBuilder.Member("b", u8, 3, 0)));
        BtfType.Composite composite = (BtfType.Composite) b.parse().type(packed);

        assertThat(positions(composite.members())).containsExactly("a@0:3", "b@3:8");
    }

    @Test
    void bothBitfieldEncodingsAreWrittenAsTheSameC() {
        assertThat(flags(Bitfields.IN_INT_TYPE, 2).c())
                .isEqualTo(flags(Bitfields.IN_MEMBER_OFFSET, 0).c())
                .isEqualTo("""
                        struct flags {
                            __u32 id;
                            unsigned int a: 1;
                            unsigned int b: 3;
                            unsigned int level: 4;
                            __u8 after;
                        }""");
    }

    @Test
    void aStructIsWrittenAsCWithItsNestedDefinitions() {
        BtfBuilder b = new BtfBuilder();
        int u32 = b.unsigned("__u32", 4);
        int u16 = b.unsigned("__u16", 2);
        int u8 = b.unsigned("__u8", 1);
        int uint = b.unsigned("unsigned int", 4);
        int character = b.signed("char", 1);
        int color = b.enumeration("color", 4, false, value("RED", 0), value("BLUE", 7));
        int anonymousEnum = b.enumeration("", 1, true, value("LOW", -2), value("HIGH", 2));
        int inner = b.struct("", 4, member("inner_a", u16, 0), member("inner_b", u16, 2));
        int bytes = b.array(u8, 4);
        int either = b.union("", 4, member("as_u32", u32, 0), member("as_bytes", bytes, 0));
        int matrix = b.array(b.array(u16, 3), 2);
        int name = b.pointer(character);
        int counter = b.constOf(b.volatileOf(b.typedef("counter_t", u32)));
        int sample = b.struct("sample", 40,
                member("id", u32, 0),
                bitfield("flag", uint, 32, 1), bitfield("level", uint, 33, 4),
                member("", inner, 8),
                member("u", either, 12),
                member("matrix", matrix, 16),
                member("name", name, 24), // 28: padding
                member("color", color, 32),
                member("mood", anonymousEnum, 36),
                member("counter", counter, 37));
        int typedef = b.typedef("sample_t", sample);
        Btf btf = b.parse();

        String definition = """
                struct sample {
                    __u32 id;
                    unsigned int flag: 1;
                    unsigned int level: 4;
                    struct {
                        __u16 inner_a;
                        __u16 inner_b;
                    };
                    union {
                        __u32 as_u32;
                        __u8 as_bytes[4];
                    } u;
                    __u16 matrix[2][3];
                    char *name;
                    enum color color;
                    enum {
                        LOW = -2,
                        HIGH = 2,
                    } mood;
                    const volatile counter_t counter;
                }""";
        assertThat(CDeclaration.of(btf, sample)).isEqualTo(definition);
        assertThat(CDeclaration.of(btf, typedef)).isEqualTo("typedef " + definition + " sample_t");
        assertThat(CDeclaration.of(btf, matrix)).isEqualTo("__u16[2][3]");
        assertThat(CDeclaration.of(btf, color)).isEqualTo("enum color {\n    RED = 0,\n    BLUE = 7,\n}");
    }

    @Test
    void aSignedEnumIsWrittenWithItsNegativeValues() {
        BtfBuilder b = new BtfBuilder();
        int delta = b.enumeration("delta", 4, true, value("DOWN", -1), value("UP", 1));
        int offsets = b.enumeration64("offsets", 8, true, value("BACK", Long.MIN_VALUE));
        int color = b.enumeration("color", 4, false, value("ALL", 0xffffffffL));
        Btf btf = b.parse();

        assertThat(CDeclaration.of(btf, delta)).isEqualTo("enum delta {\n    DOWN = -1,\n    UP = 1,\n}");
        assertThat(CDeclaration.of(btf, offsets)).isEqualTo("enum offsets {\n    BACK = -9223372036854775808,\n}");
        assertThat(CDeclaration.of(btf, color)).isEqualTo("enum color {\n    ALL = 4294967295,\n}");
    }

    @Test
    void aConstPointerIsWrittenWithConstAfterTheStar() {
        BtfBuilder b = new BtfBuilder();
        int character = b.signed("char", 1);
        int toConst = b.pointer(b.constOf(character));
        int constPointer = b.constOf(b.pointer(character));
        int holder = b.struct("holder", 16, member("text", toConst, 0), member("fixed", constPointer, 8));
        Btf btf = b.parse();

        assertThat(CDeclaration.of(btf, holder))
                .isEqualTo("struct holder {\n    const char *text;\n    char *const fixed;\n}");
        assertThat(CDeclaration.of(btf, constPointer)).isEqualTo("char *const");
    }

    @Test
    void bytesThatAreNotBtfAreRefused() {
        byte[] notBtf = "#!/bin/sh\necho no BTF here\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> Btf.parse(notBtf))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not BTF: magic 2123, expected eb9f (or BTF of the other byte order)");
        assertThatThrownBy(() -> Btf.parse(new byte[0]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aBlobCutShortIsRefused() {
        BtfBuilder b = new BtfBuilder();
        b.struct("pair", 8, member("lo", b.unsigned("__u32", 4), 0), member("hi", 1, 4));
        byte[] whole = b.build();
        for (int length : new int[] {10, 24 + 20, whole.length - 3}) {
            byte[] cut = Arrays.copyOf(whole, length);
            assertThatThrownBy(() -> Btf.parse(cut))
                    .as("cut to %d of %d bytes", length, whole.length)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("BTF of " + length + " bytes is cut short or malformed");
        }
    }

    @Test
    void anUnknownKindIsRefusedBecauseItsSizeIsUnknown() {
        BtfBuilder b = new BtfBuilder();
        b.unsigned("__u32", 4);
        byte[] blob = b.build();
        ByteBuffer.wrap(blob).order(ByteOrder.nativeOrder()).putInt(24 + 4, 31 << 24); // the first type's info

        assertThatThrownBy(() -> Btf.parse(blob))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("BTF kind 31 is unknown to bpfjmx");
    }

    @Test
    void missingTypesAndTypedefLoopsAreRefused() {
        BtfBuilder b = new BtfBuilder();
        int first = b.typedef("first_t", 2);
        b.typedef("second_t", first);
        Btf btf = b.parse();

        assertThatThrownBy(() -> btf.type(3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("BTF has no type id 3 (it has 2 types)");
        assertThatThrownBy(() -> btf.resolve(first))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("BTF type 1 is a loop of typedefs or qualifiers");
    }

    /** A type of a parsed blob. */
    private record Parsed(Btf btf, int id) {
        String c() {
            return CDeclaration.of(btf, id);
        }

        List<BtfType.Member> members() {
            return ((BtfType.Composite) btf.type(id)).members();
        }
    }

    /**
     * {@code struct flags { __u32 id; unsigned int a:1, b:3, level:4; __u8 after; }} in one of the two bitfield
     * encodings; in the old one, {@code intBitOffset} bits of each bitfield's offset go into its int type.
     */
    private static Parsed flags(Bitfields encoding, int intBitOffset) {
        BtfBuilder b = new BtfBuilder();
        int uint = b.unsigned("unsigned int", 4);
        int u32 = b.unsigned("__u32", 4);
        int u8 = b.unsigned("__u8", 1);
        int flags = b.composite(KIND_STRUCT, "flags", 8, encoding, List.of(member("id", u32, 0),
                bitfield("a", uint, 32, 1), bitfield("b", uint, 33, 3), bitfield("level", uint, 36, 4),
                member("after", u8, 5)), intBitOffset);
        return new Parsed(b.parse(), flags);
    }

    /** Each member as {@code name@bitOffset:bitfieldSize}, without its type id (the encodings differ there). */
    private static List<String> positions(List<BtfType.Member> members) {
        return members.stream().filter(m -> !m.name().equals("id"))
                .map(m -> m.name() + "@" + m.bitOffset() + ":" + m.bitfieldSize()).toList();
    }
}
