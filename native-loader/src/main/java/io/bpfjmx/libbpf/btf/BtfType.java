package io.bpfjmx.libbpf.btf;

import java.util.List;

/**
 * One type of a BTF blob, as the kernel's {@code struct btf_type} and the data after it describe it. Types refer to
 * each other by id; {@link Btf#type(int)} follows them. Id 0 is {@code void}.
 */
public sealed interface BtfType {
    /** The type's own name: empty for anonymous types, pointers, arrays and qualifiers. */
    String name();

    /** {@code void}, id 0, and what an unknown kind degrades to. */
    record Void() implements BtfType {
        @Override
        public String name() {
            return "void";
        }
    }

    /**
     * An integer ({@code BTF_KIND_INT}). {@code bitOffset} and {@code bits} are non-trivial only in the old bitfield
     * encoding, where a struct member's int type itself says where its bits are.
     */
    record Int(String name, int size, boolean signed, boolean isChar, boolean isBool, int bitOffset, int bits)
            implements BtfType {}

    record Pointer(int target) implements BtfType {
        @Override
        public String name() {
            return "";
        }
    }

    record Array(int elementType, int length) implements BtfType {
        @Override
        public String name() {
            return "";
        }
    }

    /**
     * A member of a struct or union, or a variable of a data section. {@code bitfieldSize} is 0 for an ordinary
     * member; for a bitfield, its width in bits.
     */
    record Member(String name, int type, int bitOffset, int bitfieldSize) {}

    /** A struct, a union (every member at offset 0), or a data section ({@code .data}, {@code .bss}: variables). */
    record Composite(String name, Composite.Kind kind, int size, List<Member> members) implements BtfType {
        public enum Kind { STRUCT, UNION, DATASEC }
    }

    record Enumerator(String name, long value) {}

    /**
     * {@code BTF_KIND_ENUM} (4 bytes or fewer) and {@code BTF_KIND_ENUM64}; values as numbers, negative only when
     * signed (an unsigned 64-bit value above {@code Long.MAX_VALUE} is its bits).
     */
    record Enum(String name, int size, boolean signed, List<Enumerator> values) implements BtfType {}

    record Float(String name, int size) implements BtfType {}

    /** A declaration without a body ({@code struct foo;}): its size is unknown. */
    record Forward(String name, boolean union) implements BtfType {}

    record Typedef(String name, int type) implements BtfType {}

    /** {@code const}, {@code volatile}, {@code restrict}, or a type tag: the same bytes as {@code type}. */
    record Qualifier(String keyword, int type) implements BtfType {
        @Override
        public String name() {
            return "";
        }
    }

    /** A variable of a data section ({@code BTF_KIND_VAR}). */
    record Variable(String name, int type) implements BtfType {}

    /** Kinds that never hold a map's bytes: functions, prototypes, declaration tags. */
    record Other(String name, int kind) implements BtfType {}
}
