package io.bpfjmx.libbpf.btf;

import java.util.List;

/**
 * The shape that every decoded value of a type has, for callers that need a fixed schema rather than one tree per
 * value (JMX open types: one column per field). Structs and unions have named fields; everything else is one scalar
 * whose Java form in a decoded tree is fixed by its {@link Scalar.Kind}.
 */
public sealed interface JsonShape {
    /** The type as C spells it: {@code __u32}, {@code struct range}. */
    String cType();

    /** A struct or union: its members in order (an anonymous struct's members among them). */
    record Fields(String cType, List<Field> fields) implements JsonShape {}

    record Field(String name, JsonShape shape) {}

    /** One value. */
    record Scalar(String cType, Kind kind) implements JsonShape {
        public enum Kind {
            /** A {@code Long}: ints that fit 63 bits, signed ints, pointers… */
            INTEGER,
            /** A {@code Long} or a {@code BigInteger}: unsigned 64-bit ints and pointers. */
            UNSIGNED_64,
            /** {@code Boolean} (or, for a byte neither 0 nor 1, its number). */
            BOOLEAN,
            /** {@code Float} or {@code Double} (or the strings NaN, Infinity, -Infinity). */
            REAL,
            /**
             * A string, a number or a list: enums (name or number), char arrays (string or list), other arrays
             * (lists), 128-bit ints ({@code "0x…"}). Shown as text: the string itself, else its JSON.
             */
            TEXT
        }
    }
}
