package io.bpfjmx.libbpf.btf;

import static io.bpfjmx.libbpf.btf.BtfBuilder.BOOL;
import static io.bpfjmx.libbpf.btf.BtfBuilder.CHAR;
import static io.bpfjmx.libbpf.btf.BtfBuilder.SIGNED;

import io.bpfjmx.libbpf.TestLayouts;
import io.bpfjmx.libbpf.btf.BtfBuilder.Bitfields;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;

/**
 * Random C types for {@link CodecPropertiesTest}, each with a model of its own, independent of the codec: its
 * layout, random bytes of a value of it (padding zero), the JSON those bytes decode to by the rules of DESIGN.md
 * ("Typed values"), and its BTF through {@link BtfBuilder}.
 *
 * <p>Union rule: a union's bytes are those of one member, chosen at random, with that member's own padding zero;
 * and a union holds no float (another member's bytes may read as a NaN with a payload, which decodes to "NaN" and
 * encodes back as the canonical NaN: not the same bytes). Only canonical NaNs are generated.
 *
 * <p>Not generated: two anonymous members of one union (or anonymous unions with anonymous members side by side in
 * a struct), which would both be the member {@code ""} of one object: such types have no JSON form (MapCodecTest).
 */
final class RandomTypes {
    private RandomTypes() {}

    /** A random type and the bytes of a random value of it. */
    record Case(Shape type, byte[] bytes) {
        static Case random(Random random) {
            Shape type;
            do {
                type = new Generator(random).topLevel();
            } while (type.size() == 0);
            byte[] bytes = new byte[type.size()];
            type.fill(random, bytes, 0);
            return new Case(type, bytes);
        }

        /** The codec of a map with a {@code __u32} key and values of this type. */
        MapCodec codec() {
            BtfBuilder b = new BtfBuilder();
            int key = b.unsigned("__u32", 4);
            int value = type.build(b);
            return MapCodec.of("random", b.parse(), key, value, 4, TestLayouts.plain("random", type.size()));
        }

        /** The JSON text the bytes decode to, by the model. */
        String json() {
            return JsonTree.write(type.decode(bytes, 0));
        }

        @Override
        public String toString() {
            return type.describe() + " = " + HexFormat.of().formatHex(bytes);
        }
    }

    sealed interface Shape {
        int size();

        int align();

        /** Adds this type (and the types it uses) to {@code b}; returns its id. */
        int build(BtfBuilder b);

        /** Writes random bytes of a value at {@code offset}, where {@code bytes} is zero: padding stays zero. */
        void fill(Random random, byte[] bytes, int offset);

        /** The JSON tree of the value at {@code offset}. */
        Object decode(byte[] bytes, int offset);

        String describe();

        default boolean hasFloat() {
            return false;
        }
    }

    /** A type a bitfield can have: an int or an enum, maybe behind a typedef or qualifier. */
    sealed interface BitfieldType extends Shape {
        long randomBits(Random random, int width);

        Object decodeBits(long bits, int width);
    }

    /** An int: {@code encoding} as in BTF ({@link BtfBuilder#SIGNED}, {@link BtfBuilder#CHAR}, {@link BtfBuilder#BOOL}). */
    record IntShape(String name, int size, int encoding) implements BitfieldType {
        boolean signed() {
            return (encoding & SIGNED) != 0;
        }

        @Override
        public int align() {
            return Math.min(size, 8);
        }

        @Override
        public int build(BtfBuilder b) {
            return b.integer(name, size, encoding);
        }

        @Override
        public void fill(Random random, byte[] bytes, int offset) {
            if (size == 16) {
                write(bytes, offset, 8, randomBits(random, 64));
                write(bytes, offset + 8, 8, random.nextInt(3) == 0 ? 0 : randomBits(random, 64));
            } else {
                write(bytes, offset, size, randomBits(random, size * 8));
            }
        }

        @Override
        public Object decode(byte[] bytes, int offset) {
            if (size == 16) { // bpftool's form: the bits in hex, no leading zeros
                byte[] bigEndian = new byte[16];
                for (int i = 0; i < 16; i++) {
                    bigEndian[i] = bytes[offset + 15 - i];
                }
                return "0x" + new BigInteger(1, bigEndian).toString(16);
            }
            return decodeBits(read(bytes, offset, size), size * 8);
        }

        @Override
        public long randomBits(Random random, int width) {
            if ((encoding & BOOL) != 0 && random.nextInt(4) != 0) {
                return random.nextInt(2);
            }
            return RandomTypes.randomBits(random, width);
        }

        @Override
        public Object decodeBits(long bits, int width) {
            if ((encoding & BOOL) != 0 && (bits == 0 || bits == 1)) {
                return bits == 1;
            }
            return signed() ? (Object) signExtend(bits, width) : unsigned(bits);
        }

        @Override
        public String describe() {
            return name;
        }
    }

    record EnumShape(String name, int size, boolean signed, boolean is64, List<BtfBuilder.Enumerator> values)
            implements BitfieldType {
        @Override
        public int align() {
            return size;
        }

        @Override
        public int build(BtfBuilder b) {
            BtfBuilder.Enumerator[] array = values.toArray(BtfBuilder.Enumerator[]::new);
            return is64 ? b.enumeration64(name, size, signed, array) : b.enumeration(name, size, signed, array);
        }

        @Override
        public void fill(Random random, byte[] bytes, int offset) {
            write(bytes, offset, size, randomBits(random, size * 8));
        }

        @Override
        public Object decode(byte[] bytes, int offset) {
            return decodeBits(read(bytes, offset, size), size * 8);
        }

        @Override
        public long randomBits(Random random, int width) {
            if (!values.isEmpty() && random.nextInt(3) != 0) {
                return masked(values.get(random.nextInt(values.size())).value(), width);
            }
            return RandomTypes.randomBits(random, width);
        }

        /** The first enumerator with these bits, or the number. */
        @Override
        public Object decodeBits(long bits, int width) {
            for (BtfBuilder.Enumerator value : values) {
                if (masked(value.value(), width) == bits) {
                    return value.name();
                }
            }
            return signed ? (Object) signExtend(bits, width) : unsigned(bits);
        }

        @Override
        public String describe() {
            return "enum" + (is64 ? "64 " : " ") + name + (signed ? "(signed," : "(") + size + " bytes){"
                    + values.stream().map(v -> v.name() + "=" + v.value()).collect(Collectors.joining(",")) + "}";
        }
    }

    record FloatShape(int size) implements Shape {
        @Override
        public int align() {
            return size;
        }

        @Override
        public int build(BtfBuilder b) {
            return b.floating(size == 4 ? "float" : "double", size);
        }

        @Override
        public void fill(Random random, byte[] bytes, int offset) {
            double[] special = {0.0, -0.0, 1.5, -2.25, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN,
                Double.MIN_VALUE, Double.MAX_VALUE, Float.MIN_VALUE, Float.MAX_VALUE, 1e-40};
            int pick = random.nextInt(special.length * 2);
            if (size == 4) {
                float value = pick < special.length ? (float) special[pick] : Float.intBitsToFloat(random.nextInt());
                write(bytes, offset, 4, Float.floatToIntBits(value)); // any NaN as the canonical one
            } else {
                double value = pick < special.length ? special[pick] : Double.longBitsToDouble(random.nextLong());
                write(bytes, offset, 8, Double.doubleToLongBits(value));
            }
        }

        @Override
        public Object decode(byte[] bytes, int offset) {
            if (size == 4) {
                float value = Float.intBitsToFloat((int) read(bytes, offset, 4));
                return Float.isFinite(value) ? (Object) value : Float.toString(value);
            }
            double value = Double.longBitsToDouble(read(bytes, offset, 8));
            return Double.isFinite(value) ? (Object) value : Double.toString(value);
        }

        @Override
        public String describe() {
            return size == 4 ? "float" : "double";
        }

        @Override
        public boolean hasFloat() {
            return true;
        }
    }

    /** A pointer: its address as a number. */
    record PointerShape(IntShape target) implements Shape {
        @Override
        public int size() {
            return 8;
        }

        @Override
        public int align() {
            return 8;
        }

        @Override
        public int build(BtfBuilder b) {
            return b.pointer(target == null ? 0 : target.build(b));
        }

        @Override
        public void fill(Random random, byte[] bytes, int offset) {
            write(bytes, offset, 8, RandomTypes.randomBits(random, 64));
        }

        @Override
        public Object decode(byte[] bytes, int offset) {
            return unsigned(read(bytes, offset, 8));
        }

        @Override
        public String describe() {
            return (target == null ? "void" : target.describe()) + " *";
        }
    }

    record ArrayShape(Shape element, int length) implements Shape {
        @Override
        public int size() {
            return element.size() * length;
        }

        @Override
        public int align() {
            return element.align();
        }

        @Override
        public int build(BtfBuilder b) {
            return b.array(element.build(b), length);
        }

        /** bpftool's rule: elements of an int named char, or with the char encoding, qualifiers (not typedefs) skipped. */
        boolean isString() {
            Shape type = element;
            while (type instanceof WrapperShape wrapper && !wrapper.isTypedef()) {
                type = wrapper.inner();
            }
            return type instanceof IntShape integer && integer.size() == 1
                    && ((integer.encoding() & CHAR) != 0 || integer.name().equals("char"));
        }

        @Override
        public void fill(Random random, byte[] bytes, int offset) {
            if (!isString()) {
                for (int i = 0; i < length; i++) {
                    element.fill(random, bytes, offset + i * element.size());
                }
                return;
            }
            int pick = random.nextInt(10);
            int text = pick < 8 && length > 0 ? random.nextInt(length) : length; // printable bytes before the NUL
            for (int i = 0; i < length; i++) {
                if (pick >= 9) {
                    bytes[offset + i] = (byte) random.nextInt(); // anything
                } else if (i < text) {
                    bytes[offset + i] = (byte) (0x20 + random.nextInt(0x7f - 0x20));
                } else if (pick == 7 && i > text) {
                    bytes[offset + i] = (byte) random.nextInt(); // garbage after the NUL
                }
            }
        }

        @Override
        public Object decode(byte[] bytes, int offset) {
            if (isString()) {
                int end = 0;
                while (end < length && bytes[offset + end] >= 0x20 && bytes[offset + end] < 0x7f) {
                    end++;
                }
                boolean zeroTail = end < length;
                for (int i = end; i < length; i++) {
                    zeroTail &= bytes[offset + i] == 0;
                }
                if (zeroTail) {
                    return new String(bytes, offset, end, java.nio.charset.StandardCharsets.US_ASCII);
                }
            }
            List<Object> list = new ArrayList<>();
            for (int i = 0; i < length; i++) {
                list.add(element.decode(bytes, offset + i * element.size()));
            }
            return list;
        }

        @Override
        public String describe() {
            return element.describe() + "[" + length + "]";
        }

        @Override
        public boolean hasFloat() {
            return element.hasFloat();
        }
    }

    /** A typedef ({@code name} its name), or a qualifier ({@code name} the keyword; a type tag's tag). */
    record WrapperShape(int kind, String name, Shape inner) implements BitfieldType {
        boolean isTypedef() {
            return kind == BtfBuilder.KIND_TYPEDEF;
        }

        @Override
        public int size() {
            return inner.size();
        }

        @Override
        public int align() {
            return inner.align();
        }

        @Override
        public int build(BtfBuilder b) {
            int id = inner.build(b);
            return switch (kind) {
                case BtfBuilder.KIND_TYPEDEF -> b.typedef(name, id);
                case BtfBuilder.KIND_CONST -> b.constOf(id);
                case BtfBuilder.KIND_VOLATILE -> b.volatileOf(id);
                case BtfBuilder.KIND_RESTRICT -> b.restrictOf(id);
                default -> b.typeTag(name, id);
            };
        }

        @Override
        public void fill(Random random, byte[] bytes, int offset) {
            inner.fill(random, bytes, offset);
        }

        @Override
        public Object decode(byte[] bytes, int offset) {
            return inner.decode(bytes, offset);
        }

        @Override
        public long randomBits(Random random, int width) {
            return ((BitfieldType) inner).randomBits(random, width);
        }

        @Override
        public Object decodeBits(long bits, int width) {
            return ((BitfieldType) inner).decodeBits(bits, width);
        }

        @Override
        public String describe() {
            return isTypedef() ? name + "(typedef " + inner.describe() + ")" : name + " " + inner.describe();
        }

        @Override
        public boolean hasFloat() {
            return inner.hasFloat();
        }
    }

    /** A member; {@code bitfieldSize} 0 for an ordinary one, else {@code type} is a {@link BitfieldType}. */
    record MemberShape(String name, Shape type, int bitOffset, int bitfieldSize) {}

    /** A struct or union; its bitfields in one of the two encodings. */
    record CompositeShape(boolean union, String name, List<MemberShape> members, int size, Bitfields bitfields,
                          int intBitOffset) implements Shape {
        @Override
        public int align() {
            return members.stream().mapToInt(member -> member.type().align()).max().orElse(1);
        }

        @Override
        public int build(BtfBuilder b) {
            List<BtfBuilder.Member> built = new ArrayList<>();
            for (MemberShape member : members) {
                built.add(new BtfBuilder.Member(member.name(), member.type().build(b), member.bitOffset(),
                        member.bitfieldSize()));
            }
            return b.composite(union ? BtfBuilder.KIND_UNION : BtfBuilder.KIND_STRUCT, name, size, bitfields, built,
                    intBitOffset);
        }

        @Override
        public void fill(Random random, byte[] bytes, int offset) {
            if (union) { // one member's bytes
                fill(members.get(random.nextInt(members.size())), random, bytes, offset);
                return;
            }
            for (MemberShape member : members) {
                fill(member, random, bytes, offset);
            }
        }

        private static void fill(MemberShape member, Random random, byte[] bytes, int offset) {
            if (member.bitfieldSize() > 0) {
                long bits = ((BitfieldType) member.type()).randomBits(random, member.bitfieldSize());
                writeBits(bytes, offset, member.bitOffset(), member.bitfieldSize(), bits);
            } else {
                member.type().fill(random, bytes, offset + member.bitOffset() / 8);
            }
        }

        @Override
        public Object decode(byte[] bytes, int offset) {
            Map<String, Object> object = new LinkedHashMap<>();
            putMembers(object, bytes, offset);
            return object;
        }

        /**
         * Members by name; the members of an anonymous struct or union member of a struct stand in the struct's
         * object (as C names them); an anonymous member of a union is the member {@code ""}.
         */
        private void putMembers(Map<String, Object> object, byte[] bytes, int offset) {
            for (MemberShape member : members) {
                if (member.name().isEmpty() && !union && member.type() instanceof CompositeShape anonymous) {
                    anonymous.putMembers(object, bytes, offset + member.bitOffset() / 8);
                } else if (member.bitfieldSize() > 0) {
                    long bits = readBits(bytes, offset, member.bitOffset(), member.bitfieldSize());
                    object.put(member.name(), ((BitfieldType) member.type()).decodeBits(bits, member.bitfieldSize()));
                } else {
                    object.put(member.name(), member.type().decode(bytes, offset + member.bitOffset() / 8));
                }
            }
        }

        @Override
        public String describe() {
            return (union ? "union " : "struct ") + name + "{" + members.stream()
                    .map(m -> m.type().describe() + " " + m.name() + (m.bitfieldSize() > 0 ? ":" + m.bitfieldSize()
                            : "") + "@" + m.bitOffset())
                    .collect(Collectors.joining("; ")) + "}(" + size + " bytes"
                    + (bitfields == Bitfields.IN_INT_TYPE ? ", bitfields in int types, " + intBitOffset
                    + " bits of offset there" : "") + ")";
        }

        @Override
        public boolean hasFloat() {
            return members.stream().anyMatch(member -> member.type().hasFloat());
        }
    }

    /** Draws types; every member, type and enumerator gets a name of its own. */
    private static final class Generator {
        private static final int MAX_DEPTH = 3;
        private final Random random;
        private int names;

        Generator(Random random) {
            this.random = random;
        }

        Shape topLevel() {
            int pick = random.nextInt(10);
            if (pick < 6) {
                return struct("s" + ++names, MAX_DEPTH, true);
            } else if (pick < 7) {
                return union("u" + ++names, MAX_DEPTH, false);
            }
            return any(MAX_DEPTH - 1, true);
        }

        /** Any type; {@code floats} false inside a union. */
        Shape any(int depth, boolean floats) {
            int pick = random.nextInt(depth > 0 ? 100 : 60);
            if (pick < 25) {
                return integer();
            } else if (pick < 35) {
                return enumeration();
            } else if (pick < 42) {
                return floats ? new FloatShape(random.nextBoolean() ? 4 : 8) : integer();
            } else if (pick < 46) {
                return new PointerShape(random.nextBoolean() ? null : integer());
            } else if (pick < 55) {
                return charArray();
            } else if (pick < 60) {
                return wrapper(integer());
            } else if (pick < 70) {
                return new ArrayShape(any(depth - 1, floats), random.nextInt(8) == 0 ? 0 : 1 + random.nextInt(3));
            } else if (pick < 80) {
                return wrapper(any(depth - 1, floats));
            } else if (pick < 92) {
                return struct(random.nextBoolean() ? "s" + ++names : "", depth, floats);
            }
            return union(random.nextBoolean() ? "u" + ++names : "", depth, false);
        }

        IntShape integer() {
            return switch (random.nextInt(13)) {
                case 0 -> new IntShape("__u8", 1, 0);
                case 1 -> new IntShape("__s8", 1, SIGNED);
                case 2 -> new IntShape("__u16", 2, 0);
                case 3 -> new IntShape("__s16", 2, SIGNED);
                case 4 -> new IntShape("__u32", 4, 0);
                case 5 -> new IntShape("__s32", 4, SIGNED);
                case 6 -> new IntShape("__u64", 8, 0);
                case 7 -> new IntShape("__s64", 8, SIGNED);
                case 8 -> new IntShape("char", 1, SIGNED);
                case 9 -> new IntShape("unsigned char", 1, CHAR);
                case 10 -> new IntShape("_Bool", 1, BOOL);
                case 11 -> new IntShape("unsigned __int128", 16, 0);
                default -> new IntShape("__int128", 16, SIGNED);
            };
        }

        /** An int a bitfield can have: not 128 bits. */
        IntShape bitfieldInt() {
            IntShape type;
            do {
                type = integer();
            } while (type.size() == 16);
            return type;
        }

        EnumShape enumeration() {
            String name = "e" + ++names;
            boolean is64 = random.nextInt(4) == 0;
            int size = is64 ? 8 : new int[] {1, 2, 4}[random.nextInt(3)];
            boolean signed = random.nextBoolean();
            List<BtfBuilder.Enumerator> values = new ArrayList<>();
            int count = random.nextInt(5);
            for (int i = 0; i < count; i++) {
                long bits = RandomTypes.randomBits(random, size * 8);
                long value = signed ? signExtend(bits, size * 8) : bits;
                values.add(BtfBuilder.value(name.toUpperCase() + "_" + i, value));
            }
            return new EnumShape(name, size, signed, is64, values);
        }

        /** Mostly strings; a typedef of char is not a string to bpftool, so a list. */
        ArrayShape charArray() {
            IntShape character = random.nextBoolean() ? new IntShape("char", 1, SIGNED)
                    : new IntShape("unsigned char", 1, CHAR);
            int pick = random.nextInt(6);
            Shape element = pick == 0 ? new WrapperShape(BtfBuilder.KIND_CONST, "const", character)
                    : pick == 1 ? new WrapperShape(BtfBuilder.KIND_TYPEDEF, "t" + ++names + "_t", character)
                    : character;
            return new ArrayShape(element, random.nextInt(10) == 0 ? 0 : 1 + random.nextInt(12));
        }

        WrapperShape wrapper(Shape inner) {
            return switch (random.nextInt(5)) {
                case 0 -> new WrapperShape(BtfBuilder.KIND_TYPEDEF, "t" + ++names + "_t", inner);
                case 1 -> new WrapperShape(BtfBuilder.KIND_CONST, "const", inner);
                case 2 -> new WrapperShape(BtfBuilder.KIND_VOLATILE, "volatile", inner);
                case 3 -> new WrapperShape(BtfBuilder.KIND_RESTRICT, "restrict", inner);
                default -> new WrapperShape(BtfBuilder.KIND_TYPE_TAG, "user", inner);
            };
        }

        /** A bitfield's type: in the old encoding a plain int, else also an enum or a wrapped int. */
        BitfieldType bitfieldType(Bitfields bitfields) {
            int pick = bitfields == Bitfields.IN_INT_TYPE ? 0 : random.nextInt(4);
            return switch (pick) {
                case 0, 1 -> bitfieldInt();
                case 2 -> enumeration();
                default -> wrapper(bitfieldInt());
            };
        }

        /**
         * A struct of members in random order: ordinary ones with their alignment and now and then padding after
         * them, runs of bitfields with gaps, anonymous structs and unions; then tail padding.
         */
        CompositeShape struct(String name, int depth, boolean floats) {
            Bitfields bitfields = random.nextBoolean() ? Bitfields.IN_MEMBER_OFFSET : Bitfields.IN_INT_TYPE;
            List<MemberShape> members = new ArrayList<>();
            int bit = 0;
            int count = 1 + random.nextInt(depth > 0 ? 5 : 3);
            for (int i = 0; i < count; i++) {
                int pick = random.nextInt(10);
                if (pick < 2) {
                    bit = addBitfields(members, bitfieldType(bitfields), bit);
                } else if (pick < 3 && depth > 0) { // anonymous: its members stand in this struct's object
                    Shape anonymous = random.nextBoolean() ? struct("", depth - 1, floats)
                            : anonymousUnion(depth - 1);
                    bit = roundUp(bit, anonymous.align() * 8);
                    members.add(new MemberShape("", anonymous, bit, 0));
                    bit += anonymous.size() * 8;
                } else {
                    Shape type = any(depth - 1, floats);
                    bit = roundUp(bit, type.align() * 8) + (random.nextInt(4) == 0 ? type.align() * 8 : 0);
                    members.add(new MemberShape("m" + ++names, type, bit, 0));
                    bit += type.size() * 8;
                }
            }
            return composite(false, name, members, (bit + 7) / 8, bitfields);
        }

        /** One to three bitfields of {@code type} from {@code bit} on, none across a unit of its size. */
        private int addBitfields(List<MemberShape> members, BitfieldType type, int bit) {
            int unit = type.size() * 8;
            for (int count = 1 + random.nextInt(3); count > 0; count--) {
                int width = random.nextInt(3) == 0 ? unit : 1 + random.nextInt(unit);
                int start = bit + (random.nextInt(3) == 0 ? random.nextInt(3) : 0);
                if (start / unit != (start + width - 1) / unit) {
                    start = roundUp(start, unit);
                }
                members.add(new MemberShape("m" + ++names, type, start, width));
                bit = start + width;
            }
            return bit;
        }

        /** A union; at most one anonymous member (which is the member "" of its object). */
        CompositeShape union(String name, int depth, boolean anonymous) {
            Bitfields bitfields = random.nextBoolean() ? Bitfields.IN_MEMBER_OFFSET : Bitfields.IN_INT_TYPE;
            List<MemberShape> members = new ArrayList<>();
            boolean anonymousMember = anonymous; // an anonymous union's own "" would land in the enclosing object
            int bytes = 0;
            for (int count = 1 + random.nextInt(3); count > 0; count--) {
                int pick = random.nextInt(10);
                MemberShape member;
                if (pick < 2) {
                    BitfieldType type = bitfieldType(bitfields);
                    member = new MemberShape("m" + ++names, type, 0, 1 + random.nextInt(type.size() * 8));
                } else if (pick < 3 && depth > 0 && !anonymousMember) {
                    anonymousMember = true;
                    member = new MemberShape("", random.nextBoolean() ? struct("", depth - 1, false)
                            : anonymousUnion(depth - 1), 0, 0);
                } else {
                    member = new MemberShape("m" + ++names, any(depth - 1, false), 0, 0);
                }
                members.add(member);
                bytes = Math.max(bytes, member.type().size());
            }
            return composite(true, name, members, bytes, bitfields);
        }

        private CompositeShape anonymousUnion(int depth) {
            return union("", depth, true);
        }

        /** The composite with its size rounded up to its alignment, now and then with more tail padding. */
        private CompositeShape composite(boolean union, String name, List<MemberShape> members, int bytes,
                                         Bitfields bitfields) {
            int align = members.stream().mapToInt(member -> member.type().align()).max().orElse(1);
            int size = roundUp(bytes, align) + (random.nextInt(4) == 0 ? align : 0);
            int intBitOffset = bitfields == Bitfields.IN_INT_TYPE ? random.nextInt(3) : 0;
            return new CompositeShape(union, name, List.copyOf(members), size, bitfields, intBitOffset);
        }
    }

    /** Random bits of {@code width}, often an edge: 0, 1, all ones, the top bit alone. */
    static long randomBits(Random random, int width) {
        long bits = switch (random.nextInt(6)) {
            case 0 -> 0;
            case 1 -> 1;
            case 2 -> -1;
            case 3 -> 1L << (width - 1);
            default -> random.nextLong();
        };
        return masked(bits, width);
    }

    static long masked(long value, int width) {
        return width == 64 ? value : value & ((1L << width) - 1);
    }

    static long signExtend(long bits, int width) {
        return width == 64 ? bits : (bits << (64 - width)) >> (64 - width);
    }

    /** An unsigned 64-bit number as JSON trees hold it: a Long when it fits, else a BigInteger. */
    static Object unsigned(long bits) {
        return bits >= 0 ? (Object) bits : new BigInteger(Long.toUnsignedString(bits));
    }

    static int roundUp(int value, int multiple) {
        return (value + multiple - 1) / multiple * multiple;
    }

    /** Little-endian, {@code size} 1 to 8 bytes. */
    static long read(byte[] bytes, int offset, int size) {
        long value = 0;
        for (int i = 0; i < size; i++) {
            value |= (bytes[offset + i] & 0xffL) << (8 * i);
        }
        return value;
    }

    static void write(byte[] bytes, int offset, int size, long value) {
        for (int i = 0; i < size; i++) {
            bytes[offset + i] = (byte) (value >>> (8 * i));
        }
    }

    /** Bit {@code n} of a struct is bit {@code n % 8} of its byte {@code n / 8} (little-endian). */
    static long readBits(byte[] bytes, int offset, int bitOffset, int width) {
        long value = 0;
        for (int i = 0; i < width; i++) {
            int bit = bitOffset + i;
            value |= (long) ((bytes[offset + bit / 8] >> (bit % 8)) & 1) << i;
        }
        return value;
    }

    static void writeBits(byte[] bytes, int offset, int bitOffset, int width, long value) {
        for (int i = 0; i < width; i++) {
            int bit = bitOffset + i;
            if ((value >>> i & 1) != 0) {
                bytes[offset + bit / 8] |= (byte) (1 << (bit % 8));
            }
        }
    }
}
