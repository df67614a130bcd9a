package io.bpfjmx.libbpf.btf;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the {@link TypeCodec} tree of a BTF type, once per map, refusing types that JSON cannot express (no size:
 * {@code void}, forward declarations, functions; {@code long double}; members not on a byte boundary).
 */
final class Codecs {
    /** A type JSON cannot express; the message says which and why. */
    static final class UnsupportedTypeException extends IllegalArgumentException {
        UnsupportedTypeException(String message) {
            super(message);
        }
    }

    private final Btf btf;
    private final Map<Integer, TypeCodec> built = new HashMap<>();

    private Codecs(Btf btf) {
        this.btf = btf;
    }

    static TypeCodec of(Btf btf, int id) {
        return new Codecs(btf).codec(id);
    }

    private TypeCodec codec(int id) {
        TypeCodec codec = built.get(id);
        if (codec == null) {
            codec = build(id);
            built.put(id, codec);
        }
        return codec;
    }

    private TypeCodec build(int id) {
        String name = shortName(id);
        BtfType type = btf.type(btf.resolve(id));
        if (type instanceof BtfType.Int integer) {
            return integer(name, integer);
        } else if (type instanceof BtfType.Pointer) {
            return new ScalarCodec.Int(name, Long.BYTES, false);
        } else if (type instanceof BtfType.Enum e && isScalarSize(e.size())) {
            return new ScalarCodec.Enum(name, e);
        } else if (type instanceof BtfType.Float f && (f.size() == 4 || f.size() == 8)) {
            return new FloatCodec(name, f.size());
        } else if (type instanceof BtfType.Array array) {
            TypeCodec element = codec(array.elementType());
            return isChar(array.elementType()) ? new CharArrayCodec(name, element, array.length())
                    : new ArrayCodec(name, element, array.length());
        } else if (type instanceof BtfType.Composite composite) {
            List<CompositeCodec.Field> fields = new ArrayList<>();
            addFields(composite, 0, fields, new int[1], -1);
            requireDistinctNames(name, fields);
            return new CompositeCodec(name, composite.size(), fields);
        }
        throw new UnsupportedTypeException(name + " has no JSON form (" + describe(type) + ")");
    }

    /**
     * JSON names members; two that share a name (two unnamed members of a union, whose own members could not join
     * it) could not both be written or read, so such a type has no JSON form rather than one that loses a member.
     */
    private static void requireDistinctNames(String name, List<CompositeCodec.Field> fields) {
        java.util.Set<String> names = new java.util.HashSet<>();
        for (CompositeCodec.Field field : fields) {
            if (!names.add(field.name())) {
                throw new UnsupportedTypeException(name + " has two members named '" + field.name()
                        + "' (unnamed members of a union), which JSON cannot tell apart");
            }
        }
    }

    private TypeCodec integer(String name, BtfType.Int integer) {
        if (integer.bits() != integer.size() * 8 || integer.bitOffset() != 0) {
            throw new UnsupportedTypeException(name + " is an int of " + integer.bits() + " bits at bit "
                    + integer.bitOffset() + " outside a struct");
        }
        if (integer.size() == 16) {
            return new Int128Codec(name, integer.signed());
        }
        return wholeInteger(name, integer);
    }

    /** The int read as all its bytes, whatever bits its BTF says it uses (those are a bitfield's). */
    private static TypeCodec wholeInteger(String name, BtfType.Int integer) {
        if (!isScalarSize(integer.size())) {
            throw new UnsupportedTypeException(name + " is an int of " + integer.size() + " bytes");
        }
        return integer.isBool() ? new ScalarCodec.Bool(name, integer.size())
                : new ScalarCodec.Int(name, integer.size(), integer.signed());
    }

    /**
     * Adds the members of {@code composite}, {@code base} bytes into the enclosing object. Members of an anonymous
     * struct join the enclosing object; so do those of an anonymous union, as one group that shares its bytes.
     *
     * @param nextGroup the next free group number (in and out)
     * @param union the group of an enclosing union every member here belongs to, or -1
     */
    private void addFields(BtfType.Composite composite, int base, List<CompositeCodec.Field> fields, int[] nextGroup,
                           int union) {
        int unionGroup = union >= 0 ? union
                : composite.kind() == BtfType.Composite.Kind.UNION ? nextGroup[0]++ : -1;
        for (BtfType.Member member : composite.members()) {
            int offset = base + member.bitOffset() / 8;
            BtfType memberType = btf.type(btf.resolve(member.type()));
            if (member.name().isEmpty() && unionGroup < 0 && memberType instanceof BtfType.Composite anonymous) {
                addFields(anonymous, offset, fields, nextGroup, -1);
                continue;
            }
            int group = unionGroup >= 0 ? unionGroup : nextGroup[0]++;
            fields.add(new CompositeCodec.Field(member.name(), memberCodec(composite, member), offset, group));
        }
    }

    private TypeCodec memberCodec(BtfType.Composite composite, BtfType.Member member) {
        // in the old bitfield encoding, the member's int type has the bitfield's bits: only its size matters here
        TypeCodec codec = member.bitfieldSize() > 0 && btf.type(member.type()) instanceof BtfType.Int integer
                ? wholeInteger(shortName(member.type()), integer) : codec(member.type());
        if (member.bitfieldSize() == 0) {
            if (member.bitOffset() % 8 != 0) {
                throw new UnsupportedTypeException("member " + member.name() + " of " + composite.name()
                        + " starts at bit " + member.bitOffset() + ", not on a byte");
            }
            return codec;
        }
        if (!(codec instanceof ScalarCodec scalar)) {
            throw new UnsupportedTypeException("bitfield " + member.name() + " of " + composite.name() + " is "
                    + codec.withArticle() + ", not an integer or enum");
        }
        return new BitfieldCodec(scalar, member.bitOffset() % 8, member.bitfieldSize());
    }

    /** bpftool's rule for a string: elements of an int type named {@code char} (qualifiers, not typedefs, skipped). */
    private boolean isChar(int elementId) {
        BtfType element = btf.type(elementId);
        while (element instanceof BtfType.Qualifier qualifier) {
            element = btf.type(qualifier.type());
        }
        return element instanceof BtfType.Int integer && integer.size() == 1
                && (integer.isChar() || integer.name().equals("char"));
    }

    /** The type as C names it in a message: {@code __u8}, {@code char[16]}, {@code struct range}. */
    private String shortName(int id) {
        BtfType type = btf.type(id);
        if (type instanceof BtfType.Array array) {
            String element = shortName(array.elementType());
            int bracket = element.indexOf('[');
            return bracket < 0 ? element + "[" + array.length() + "]"
                    : element.substring(0, bracket) + "[" + array.length() + "]" + element.substring(bracket);
        } else if (type instanceof BtfType.Qualifier qualifier) {
            return shortName(qualifier.type());
        } else if (type instanceof BtfType.Pointer pointer) {
            return shortName(pointer.target()) + " *";
        } else if (type instanceof BtfType.Composite composite) {
            String keyword = composite.kind() == BtfType.Composite.Kind.UNION ? "union" : "struct";
            return keyword + " " + (composite.name().isEmpty() ? "{…}" : composite.name());
        } else if (type instanceof BtfType.Enum e) {
            return "enum " + (e.name().isEmpty() ? "{…}" : e.name());
        }
        return type.name();
    }

    private static boolean isScalarSize(int size) {
        return size == 1 || size == 2 || size == 4 || size == 8;
    }

    private static String describe(BtfType type) {
        if (type instanceof BtfType.Forward) {
            return "a declaration without a body: its size is unknown";
        } else if (type instanceof BtfType.Float f) {
            return "a float of " + f.size() + " bytes";
        } else if (type instanceof BtfType.Enum e) {
            return "an enum of " + e.size() + " bytes";
        }
        return "no size";
    }
}
