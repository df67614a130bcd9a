package io.bpfjmx.libbpf.btf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The types of a BTF blob ({@code .BTF} of an object, or a map's BTF loaded from the kernel), parsed from its raw
 * bytes as libbpf's {@code btf__raw_data} gives them. Both bitfield encodings come out as one: a {@link
 * BtfType.Member} with a bit offset and, for a bitfield, a width.
 */
public final class Btf {
    private static final int MAGIC = 0xeB9F;
    private static final int KIND_INT = 1;
    private static final int KIND_PTR = 2;
    private static final int KIND_ARRAY = 3;
    private static final int KIND_STRUCT = 4;
    private static final int KIND_UNION = 5;
    private static final int KIND_ENUM = 6;
    private static final int KIND_FWD = 7;
    private static final int KIND_TYPEDEF = 8;
    private static final int KIND_VOLATILE = 9;
    private static final int KIND_CONST = 10;
    private static final int KIND_RESTRICT = 11;
    private static final int KIND_FUNC = 12;
    private static final int KIND_FUNC_PROTO = 13;
    private static final int KIND_VAR = 14;
    private static final int KIND_DATASEC = 15;
    private static final int KIND_FLOAT = 16;
    private static final int KIND_DECL_TAG = 17;
    private static final int KIND_TYPE_TAG = 18;
    private static final int KIND_ENUM64 = 19;
    private static final int INT_SIGNED = 1;
    private static final int INT_CHAR = 2;
    private static final int INT_BOOL = 4;
    private static final int MAX_ALIAS_HOPS = 32;

    /** Index 0 is {@code void}; type id {@code n} is at index {@code n}. */
    private final List<BtfType> types;

    private Btf(List<BtfType> types) {
        this.types = types;
    }

    /**
     * Parses a raw BTF blob (header, type section, string section) in this host's byte order.
     *
     * @throws IllegalArgumentException when the bytes are not BTF, or are cut short
     */
    public static Btf parse(byte[] raw) {
        ByteBuffer in = ByteBuffer.wrap(raw).order(ByteOrder.nativeOrder());
        try {
            if ((in.getShort(0) & 0xffff) != MAGIC) {
                throw new IllegalArgumentException("not BTF: magic " + Integer.toHexString(in.getShort(0) & 0xffff)
                        + ", expected eb9f (or BTF of the other byte order)");
            }
            int headerLength = in.getInt(4);
            int typeStart = headerLength + in.getInt(8);
            int typeEnd = typeStart + in.getInt(12);
            int stringStart = headerLength + in.getInt(16);
            int stringLength = in.getInt(20);
            Strings strings = new Strings(raw, stringStart, stringLength);
            List<BtfType> types = new ArrayList<>();
            types.add(new BtfType.Void());
            in.position(typeStart);
            while (in.position() < typeEnd) {
                types.add(readType(in, strings));
            }
            return new Btf(normalized(types));
        } catch (IndexOutOfBoundsException | java.nio.BufferUnderflowException e) {
            throw new IllegalArgumentException("BTF of " + raw.length + " bytes is cut short or malformed", e);
        }
    }

    /** The type with this id; {@link BtfType.Void} for 0. */
    public BtfType type(int id) {
        if (id < 0 || id >= types.size()) {
            throw new IllegalArgumentException("BTF has no type id " + id + " (it has " + (types.size() - 1)
                    + " types)");
        }
        return types.get(id);
    }

    /** How many types there are, void not counted. */
    public int typeCount() {
        return types.size() - 1;
    }

    /** The id reached from {@code id} through typedefs and qualifiers: the type that says how bytes read. */
    public int resolve(int id) {
        int current = id;
        for (int hops = 0; hops < MAX_ALIAS_HOPS; hops++) {
            BtfType type = type(current);
            if (type instanceof BtfType.Typedef typedef) {
                current = typedef.type();
            } else if (type instanceof BtfType.Qualifier qualifier) {
                current = qualifier.type();
            } else {
                return current;
            }
        }
        throw new IllegalArgumentException("BTF type " + id + " is a loop of typedefs or qualifiers");
    }

    /** Bytes a value of this type takes, or -1 when it has no size (void, a forward declaration, a function). */
    public int sizeOf(int id) {
        BtfType type = type(resolve(id));
        if (type instanceof BtfType.Int t) {
            return t.size();
        } else if (type instanceof BtfType.Enum t) {
            return t.size();
        } else if (type instanceof BtfType.Float t) {
            return t.size();
        } else if (type instanceof BtfType.Composite t) {
            return t.size();
        } else if (type instanceof BtfType.Pointer) {
            return Long.BYTES; // BPF is 64-bit, whatever the host
        } else if (type instanceof BtfType.Array t) {
            int element = sizeOf(t.elementType());
            return element < 0 ? -1 : element * t.length();
        }
        return -1;
    }

    private static BtfType readType(ByteBuffer in, Strings strings) {
        String name = strings.at(in.getInt());
        int info = in.getInt();
        int sizeOrType = in.getInt();
        int vlen = info & 0xffff;
        int kind = (info >>> 24) & 0x1f;
        boolean kindFlag = info < 0;
        switch (kind) {
            case KIND_INT -> {
                int encoding = in.getInt();
                int flags = (encoding >>> 24) & 0x0f;
                return new BtfType.Int(name, sizeOrType, (flags & INT_SIGNED) != 0, (flags & INT_CHAR) != 0,
                        (flags & INT_BOOL) != 0, (encoding >>> 16) & 0xff, encoding & 0xff);
            }
            case KIND_PTR -> {
                return new BtfType.Pointer(sizeOrType);
            }
            case KIND_ARRAY -> {
                int element = in.getInt();
                in.getInt(); // index type: always an int, of no use for bytes
                return new BtfType.Array(element, in.getInt());
            }
            case KIND_STRUCT, KIND_UNION -> {
                List<BtfType.Member> members = new ArrayList<>(vlen);
                for (int i = 0; i < vlen; i++) {
                    String member = strings.at(in.getInt());
                    int type = in.getInt();
                    int offset = in.getInt();
                    // kind_flag: the offset holds the bitfield size in its top 8 bits; else the int type holds it
                    members.add(kindFlag ? new BtfType.Member(member, type, offset & 0xffffff, offset >>> 24)
                            : new BtfType.Member(member, type, offset, 0));
                }
                return new BtfType.Composite(name, kind == KIND_UNION ? BtfType.Composite.Kind.UNION
                        : BtfType.Composite.Kind.STRUCT, sizeOrType, members);
            }
            case KIND_ENUM, KIND_ENUM64 -> {
                List<BtfType.Enumerator> values = new ArrayList<>(vlen);
                for (int i = 0; i < vlen; i++) {
                    String enumerator = strings.at(in.getInt());
                    long value = kind == KIND_ENUM ? (kindFlag ? in.getInt() : in.getInt() & 0xffffffffL)
                            : (in.getInt() & 0xffffffffL) | ((long) in.getInt() << 32);
                    values.add(new BtfType.Enumerator(enumerator, value));
                }
                return new BtfType.Enum(name, sizeOrType, kindFlag, values);
            }
            case KIND_FWD -> {
                return new BtfType.Forward(name, kindFlag);
            }
            case KIND_TYPEDEF -> {
                return new BtfType.Typedef(name, sizeOrType);
            }
            case KIND_VOLATILE -> {
                return new BtfType.Qualifier("volatile", sizeOrType);
            }
            case KIND_CONST -> {
                return new BtfType.Qualifier("const", sizeOrType);
            }
            case KIND_RESTRICT -> {
                return new BtfType.Qualifier("restrict", sizeOrType);
            }
            case KIND_TYPE_TAG -> {
                return new BtfType.Qualifier("__attribute__((btf_type_tag(\"" + name + "\")))", sizeOrType);
            }
            case KIND_VAR -> {
                in.getInt(); // linkage
                return new BtfType.Variable(name, sizeOrType);
            }
            case KIND_DATASEC -> {
                List<BtfType.Member> variables = new ArrayList<>(vlen);
                for (int i = 0; i < vlen; i++) {
                    int variable = in.getInt();
                    int offset = in.getInt();
                    in.getInt(); // size: the variable's type says it
                    variables.add(new BtfType.Member(null, variable, offset * 8, 0)); // named in normalized()
                }
                return new BtfType.Composite(name, BtfType.Composite.Kind.DATASEC, sizeOrType, variables);
            }
            case KIND_FLOAT -> {
                return new BtfType.Float(name, sizeOrType);
            }
            case KIND_FUNC_PROTO -> {
                in.position(in.position() + vlen * 8);
                return new BtfType.Other(name, kind);
            }
            case KIND_DECL_TAG -> {
                in.getInt();
                return new BtfType.Other(name, kind);
            }
            case KIND_FUNC -> {
                return new BtfType.Other(name, kind);
            }
            default -> throw new IllegalArgumentException("BTF kind " + kind + " is unknown to bpfjmx; its size "
                    + "cannot be skipped, so the types after it cannot be read");
        }
    }

    /**
     * Brings the old bitfield encoding (the member's int type says where its bits are) to the new one, and names a
     * data section's members after their variables.
     */
    private static List<BtfType> normalized(List<BtfType> types) {
        List<BtfType> result = new ArrayList<>(types);
        Btf btf = new Btf(types);
        for (int id = 1; id < types.size(); id++) {
            if (types.get(id) instanceof BtfType.Composite composite) {
                List<BtfType.Member> members = new ArrayList<>();
                for (BtfType.Member member : composite.members()) {
                    members.add(normalized(btf, composite.kind(), member));
                }
                result.set(id, new BtfType.Composite(composite.name(), composite.kind(), composite.size(),
                        List.copyOf(members)));
            }
        }
        return List.copyOf(result);
    }

    private static BtfType.Member normalized(Btf btf, BtfType.Composite.Kind kind, BtfType.Member member) {
        if (kind == BtfType.Composite.Kind.DATASEC) {
            BtfType variable = btf.type(member.type());
            return variable instanceof BtfType.Variable var
                    ? new BtfType.Member(var.name(), var.type(), member.bitOffset(), 0)
                    : new BtfType.Member("", member.type(), member.bitOffset(), 0);
        }
        if (member.bitfieldSize() == 0 && btf.type(member.type()) instanceof BtfType.Int integer
                && (integer.bitOffset() != 0 || integer.bits() != integer.size() * 8
                    || member.bitOffset() % 8 != 0)) { // a whole int off a byte: packed, still a bitfield
            return new BtfType.Member(member.name(), member.type(), member.bitOffset() + integer.bitOffset(),
                    integer.bits());
        }
        return member;
    }

    /** The string section: names by offset, NUL-terminated. */
    private record Strings(byte[] raw, int start, int length) {
        String at(int offset) {
            int from = start + offset;
            int end = from;
            while (end < start + length && raw[end] != 0) {
                end++;
            }
            return new String(raw, from, end - from, StandardCharsets.UTF_8);
        }
    }
}
