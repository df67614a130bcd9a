package io.bpfjmx.libbpf.btf;

/**
 * A BTF type written as C, the way {@code bpftool btf dump format c} writes it: {@code __u32}, {@code char[16]},
 * or a struct's whole definition with its members (anonymous members inline, named types by name, bitfields with
 * their width).
 */
public final class CDeclaration {
    private static final String INDENT = "    ";

    private final Btf btf;

    private CDeclaration(Btf btf) {
        this.btf = btf;
    }

    /**
     * The type as an operator wants to read it: a struct, union or enum with its definition (behind its typedef's
     * name if it has one), anything else as its C spelling.
     */
    public static String of(Btf btf, int id) {
        CDeclaration c = new CDeclaration(btf);
        BtfType type = btf.type(id);
        BtfType resolved = btf.type(btf.resolve(id));
        if (resolved instanceof BtfType.Composite || resolved instanceof BtfType.Enum) {
            String definition = c.definition(resolved, "");
            return type instanceof BtfType.Typedef typedef ? "typedef " + definition + " " + typedef.name()
                    : definition;
        }
        return c.declare(id, "", "");
    }

    /** {@code id} declaring {@code declarator} ("" for a bare type), e.g. {@code char comm[16]}. */
    private String declare(int id, String declarator, String indent) {
        BtfType type = btf.type(id);
        if (type instanceof BtfType.Array array) {
            return declare(array.elementType(), declarator + "[" + array.length() + "]", indent);
        }
        if (type instanceof BtfType.Pointer pointer) {
            boolean array = btf.type(pointer.target()) instanceof BtfType.Array;
            return declare(pointer.target(), array ? "(*" + declarator + ")" : "*" + declarator, indent);
        }
        if (type instanceof BtfType.Qualifier qualifier) {
            if (qualifiesPointer(qualifier)) { // the pointer itself is const: char *const p
                return declare(qualifier.type(), declarator.isEmpty() ? qualifier.keyword()
                        : qualifier.keyword() + " " + declarator, indent);
            }
            return qualifier.keyword() + " " + declare(qualifier.type(), declarator, indent);
        }
        String spelling;
        if ((type instanceof BtfType.Composite || type instanceof BtfType.Enum) && type.name().isEmpty()) {
            spelling = definition(type, indent);
        } else {
            spelling = spelling(type);
        }
        return declarator.isEmpty() || declarator.startsWith("[") ? spelling + declarator : spelling + " " + declarator;
    }

    /** Whether the qualifier applies to a pointer (through other qualifiers, not typedefs). */
    private boolean qualifiesPointer(BtfType.Qualifier qualifier) {
        BtfType target = btf.type(qualifier.type());
        for (int hops = 0; hops < 32 && target instanceof BtfType.Qualifier inner; hops++) {
            target = btf.type(inner.type());
        }
        return target instanceof BtfType.Pointer;
    }

    private String spelling(BtfType type) {
        if (type instanceof BtfType.Composite composite) {
            return keyword(composite) + " " + composite.name();
        }
        if (type instanceof BtfType.Enum e) {
            return "enum " + e.name();
        }
        if (type instanceof BtfType.Forward forward) {
            return (forward.union() ? "union " : "struct ") + forward.name();
        }
        if (type instanceof BtfType.Void || type instanceof BtfType.Other) {
            return "void";
        }
        return type.name();
    }

    private String definition(BtfType type, String indent) {
        StringBuilder c = new StringBuilder();
        if (type instanceof BtfType.Enum e) {
            c.append("enum ").append(e.name().isEmpty() ? "" : e.name() + " ").append("{");
            for (BtfType.Enumerator value : e.values()) {
                c.append('\n').append(indent).append(INDENT).append(value.name()).append(" = ")
                        .append(e.signed() ? Long.toString(value.value()) : Long.toUnsignedString(value.value()))
                        .append(',');
            }
            return c.append('\n').append(indent).append('}').toString();
        }
        BtfType.Composite composite = (BtfType.Composite) type;
        c.append(keyword(composite)).append(' ');
        if (!composite.name().isEmpty() && composite.kind() != BtfType.Composite.Kind.DATASEC) {
            c.append(composite.name()).append(' ');
        }
        c.append('{');
        for (BtfType.Member member : composite.members()) {
            c.append('\n').append(indent).append(INDENT)
                    .append(declare(member.type(), member.name(), indent + INDENT));
            if (member.bitfieldSize() > 0) {
                c.append(": ").append(member.bitfieldSize());
            }
            c.append(';');
        }
        return c.append('\n').append(indent).append('}').toString();
    }

    private static String keyword(BtfType.Composite composite) {
        return switch (composite.kind()) {
            case STRUCT -> "struct";
            case UNION -> "union";
            case DATASEC -> "struct /* " + composite.name() + " */";
        };
    }
}
