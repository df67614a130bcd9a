package io.bpfjmx.libbpf.btf;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes raw BTF blobs as the kernel lays them out ({@code include/uapi/linux/btf.h}: a 24-byte header, the type
 * section, the string section; in this host's byte order). Each method adds one type and returns its id; ids start
 * at 1 (0 is {@code void}), in the order the types are added.
 */
final class BtfBuilder {
    static final int KIND_INT = 1;
    static final int KIND_PTR = 2;
    static final int KIND_ARRAY = 3;
    static final int KIND_STRUCT = 4;
    static final int KIND_UNION = 5;
    static final int KIND_ENUM = 6;
    static final int KIND_FWD = 7;
    static final int KIND_TYPEDEF = 8;
    static final int KIND_VOLATILE = 9;
    static final int KIND_CONST = 10;
    static final int KIND_RESTRICT = 11;
    static final int KIND_FUNC = 12;
    static final int KIND_FUNC_PROTO = 13;
    static final int KIND_VAR = 14;
    static final int KIND_DATASEC = 15;
    static final int KIND_FLOAT = 16;
    static final int KIND_DECL_TAG = 17;
    static final int KIND_TYPE_TAG = 18;
    static final int KIND_ENUM64 = 19;

    /** {@code BTF_INT_ENCODING} bits. */
    static final int SIGNED = 1;
    static final int CHAR = 2;
    static final int BOOL = 4;

    /** Where a struct's bitfield widths are written. */
    enum Bitfields {
        /** {@code kind_flag} = 1: each member's offset holds its width in the top 8 bits (clang, newer pahole). */
        IN_MEMBER_OFFSET,
        /** {@code kind_flag} = 0: a bitfield's member type is an int of that many bits (older pahole). */
        IN_INT_TYPE
    }

    /** A member; {@code bitfieldSize} 0 for an ordinary one. */
    record Member(String name, int type, int bitOffset, int bitfieldSize) {}

    record Enumerator(String name, long value) {}

    /** A variable of a data section, at a byte offset. */
    record SectionVariable(int variable, int offset, int size) {}

    private record IntInfo(String name, int size, int encoding) {}

    private final ByteArrayOutputStream typeSection = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stringSection = new ByteArrayOutputStream();
    private final Map<String, Integer> stringOffsets = new HashMap<>();
    private final Map<Integer, IntInfo> ints = new HashMap<>();
    private int lastId;
    private int arrayIndexType;

    BtfBuilder() {
        stringSection.write(0); // offset 0: the empty name
        stringOffsets.put("", 0);
    }

    static Member member(String name, int type, int byteOffset) {
        return new Member(name, type, byteOffset * 8, 0);
    }

    static Member bitfield(String name, int type, int bitOffset, int bits) {
        return new Member(name, type, bitOffset, bits);
    }

    static Enumerator value(String name, long value) {
        return new Enumerator(name, value);
    }

    /** An int of {@code size} bytes; {@code encoding} is 0 or some of {@link #SIGNED}, {@link #CHAR}, {@link #BOOL}. */
    int integer(String name, int size, int encoding) {
        return integer(name, size, encoding, 0, size * 8);
    }

    /** An int whose bits are {@code bits} at {@code bitOffset}, as the old bitfield encoding writes it. */
    int integer(String name, int size, int encoding, int bitOffset, int bits) {
        int id = add(name, KIND_INT, false, 0, size, encoding << 24 | bitOffset << 16 | bits);
        ints.put(id, new IntInfo(name, size, encoding));
        return id;
    }

    int unsigned(String name, int size) {
        return integer(name, size, 0);
    }

    int signed(String name, int size) {
        return integer(name, size, SIGNED);
    }

    int pointer(int target) {
        return add("", KIND_PTR, false, 0, target);
    }

    int array(int element, int length) {
        if (arrayIndexType == 0) {
            arrayIndexType = unsigned("__ARRAY_SIZE_TYPE__", 4); // what clang writes as every array's index type
        }
        return add("", KIND_ARRAY, false, 0, 0, element, arrayIndexType, length);
    }

    /** A struct with its bitfields, if any, in the member offsets ({@code kind_flag} = 1). */
    int struct(String name, int size, Member... members) {
        return composite(KIND_STRUCT, name, size, Bitfields.IN_MEMBER_OFFSET, List.of(members));
    }

    int union(String name, int size, Member... members) {
        return composite(KIND_UNION, name, size, Bitfields.IN_MEMBER_OFFSET, List.of(members));
    }

    /**
     * A struct or union ({@code kind} {@link #KIND_STRUCT} or {@link #KIND_UNION}). In the old encoding each
     * bitfield gets an int type of its own, added before the composite, copied from the member's int type (which
     * must be an int of this builder) with the bitfield's width and {@code intBitOffset} bits of its offset.
     */
    int composite(int kind, String name, int size, Bitfields bitfields, List<Member> members) {
        return composite(kind, name, size, bitfields, members, 0);
    }

    int composite(int kind, String name, int size, Bitfields bitfields, List<Member> members, int intBitOffset) {
        boolean kindFlag = bitfields == Bitfields.IN_MEMBER_OFFSET
                && members.stream().anyMatch(member -> member.bitfieldSize() > 0);
        List<Integer> words = new ArrayList<>();
        for (Member member : members) {
            int type = member.type();
            int offset = member.bitOffset();
            if (kindFlag) {
                offset |= member.bitfieldSize() << 24;
            } else if (member.bitfieldSize() > 0) {
                IntInfo info = ints.get(type);
                if (info == null) {
                    throw new IllegalArgumentException("the old encoding has bitfields of ints only; type " + type
                            + " of " + member.name() + " is not an int");
                }
                int inInt = Math.min(intBitOffset, offset);
                type = integer(info.name(), info.size(), info.encoding(), inInt, member.bitfieldSize());
                offset -= inInt;
            }
            words.add(string(member.name()));
            words.add(type);
            words.add(offset);
        }
        return add(name, kind, kindFlag, members.size(), size, words.stream().mapToInt(Integer::intValue).toArray());
    }

    /** {@code BTF_KIND_ENUM}: values of 32 bits, {@code kind_flag} = signed. */
    int enumeration(String name, int size, boolean signed, Enumerator... values) {
        int[] words = new int[values.length * 2];
        for (int i = 0; i < values.length; i++) {
            words[2 * i] = string(values[i].name());
            words[2 * i + 1] = (int) values[i].value();
        }
        return add(name, KIND_ENUM, signed, values.length, size, words);
    }

    /** {@code BTF_KIND_ENUM64}: values of 64 bits, low half first. */
    int enumeration64(String name, int size, boolean signed, Enumerator... values) {
        int[] words = new int[values.length * 3];
        for (int i = 0; i < values.length; i++) {
            words[3 * i] = string(values[i].name());
            words[3 * i + 1] = (int) values[i].value();
            words[3 * i + 2] = (int) (values[i].value() >>> 32);
        }
        return add(name, KIND_ENUM64, signed, values.length, size, words);
    }

    int typedef(String name, int type) {
        return add(name, KIND_TYPEDEF, false, 0, type);
    }

    int constOf(int type) {
        return add("", KIND_CONST, false, 0, type);
    }

    int volatileOf(int type) {
        return add("", KIND_VOLATILE, false, 0, type);
    }

    int restrictOf(int type) {
        return add("", KIND_RESTRICT, false, 0, type);
    }

    int typeTag(String tag, int type) {
        return add(tag, KIND_TYPE_TAG, false, 0, type);
    }

    int floating(String name, int size) {
        return add(name, KIND_FLOAT, false, 0, size);
    }

    int forward(String name, boolean union) {
        return add(name, KIND_FWD, union, 0, 0);
    }

    /** A global variable ({@code linkage} 1). */
    int variable(String name, int type) {
        return add(name, KIND_VAR, false, 0, type, 1);
    }

    int datasec(String name, int size, SectionVariable... variables) {
        int[] words = new int[variables.length * 3];
        for (int i = 0; i < variables.length; i++) {
            words[3 * i] = variables[i].variable();
            words[3 * i + 1] = variables[i].offset();
            words[3 * i + 2] = variables[i].size();
        }
        return add(name, KIND_DATASEC, false, variables.length, size, words);
    }

    /** A function prototype with unnamed parameters. */
    int functionPrototype(int returnType, int... parameterTypes) {
        int[] words = new int[parameterTypes.length * 2];
        for (int i = 0; i < parameterTypes.length; i++) {
            words[2 * i] = 0;
            words[2 * i + 1] = parameterTypes[i];
        }
        return add("", KIND_FUNC_PROTO, false, parameterTypes.length, returnType, words);
    }

    /** A global function ({@code vlen} holds its linkage). */
    int function(String name, int prototype) {
        return add(name, KIND_FUNC, false, 1, prototype);
    }

    int declarationTag(String tag, int type, int componentIndex) {
        return add(tag, KIND_DECL_TAG, false, 0, type, componentIndex);
    }

    /** The id of the type added last. */
    int lastId() {
        return lastId;
    }

    /** The raw blob: header, types, strings. */
    byte[] build() {
        byte[] types = typeSection.toByteArray();
        byte[] strings = stringSection.toByteArray();
        ByteBuffer blob = ByteBuffer.allocate(24 + types.length + strings.length).order(ByteOrder.nativeOrder());
        blob.putShort((short) 0xeB9F).put((byte) 1).put((byte) 0) // magic, version, flags
                .putInt(24) // hdr_len
                .putInt(0).putInt(types.length) // type_off, type_len
                .putInt(types.length).putInt(strings.length) // str_off, str_len
                .put(types).put(strings);
        return blob.array();
    }

    Btf parse() {
        return Btf.parse(build());
    }

    private int add(String name, int kind, boolean kindFlag, int vlen, int sizeOrType, int... rest) {
        int info = (kindFlag ? 1 << 31 : 0) | kind << 24 | vlen;
        ByteBuffer type = ByteBuffer.allocate(12 + 4 * rest.length).order(ByteOrder.nativeOrder());
        type.putInt(string(name)).putInt(info).putInt(sizeOrType);
        for (int word : rest) {
            type.putInt(word);
        }
        typeSection.writeBytes(type.array());
        return ++lastId;
    }

    private int string(String text) {
        return stringOffsets.computeIfAbsent(text, t -> {
            int offset = stringSection.size();
            stringSection.writeBytes(t.getBytes(StandardCharsets.UTF_8));
            stringSection.write(0);
            return offset;
        });
    }
}
