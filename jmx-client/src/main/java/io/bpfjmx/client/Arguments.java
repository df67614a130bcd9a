package io.bpfjmx.client;

import io.bpfjmx.libbpf.btf.JsonTree;
import java.math.BigInteger;

/**
 * Which way a key or value goes to the agent. On a map with BTF (its {@code KeyType} is not empty) a bare argument
 * is typed: JSON of the map's key or value type, or a plain word the agent takes as a string ({@code cat} for a
 * {@code char[]}, {@code GREEN} for an enum, {@code 0x2a} for an int), sent to the typed operations as is. A prefixed
 * one ({@code str:}, {@code int:}, {@code hex:}) is raw bytes ({@link ValueSyntax}), sent to the hex operations. On a
 * map without BTF every argument is raw, and a bare one is hex, as it always was.
 *
 * <p>One update sends its key and value the same way. When one is bare and the other prefixed, the prefixed one
 * joins the typed way where its meaning stays the same: {@code str:TEXT} as the string for a {@code char[]} type,
 * {@code int:N} as the number for any other; anything else (a {@code hex:} partner above all: raw bytes have no
 * typed form) is refused, saying how to write both one way.
 */
final class Arguments {
    /** One key or value: as the operator wrote it, what goes on the wire (hex, or JSON text), and which way. */
    record Arg(String text, String wire, boolean typed) {}

    /** A key and a value that go the same way. */
    record Pair(Arg key, Arg value) {
        boolean typed() {
            return key.typed();
        }
    }

    private Arguments() {}

    static boolean isPrefixed(String text) {
        return text.startsWith("str:") || text.startsWith("int:") || text.startsWith("hex:");
    }

    /** A key for lookup or delete. */
    static Arg key(String text, MapInfo map) {
        if (map.typed() && !isPrefixed(text)) {
            return new Arg(text, text, true);
        }
        return new Arg(text, MapCommand.key(text, map), false);
    }

    /** A key and a value for update. */
    static Pair pair(String key, String value, MapInfo map) {
        boolean rawKey = !map.typed() || isPrefixed(key);
        boolean rawValue = !map.typed() || isPrefixed(value);
        if (rawKey && rawValue) {
            return new Pair(new Arg(key, MapCommand.key(key, map), false),
                    new Arg(value, MapCommand.value(value, map), false));
        }
        if (!rawKey && !rawValue) {
            return new Pair(new Arg(key, key, true), new Arg(value, value, true));
        }
        return rawKey ? new Pair(new Arg(key, joinTyped(key, "key", value, map), true), new Arg(value, value, true))
                : new Pair(new Arg(key, key, true), new Arg(value, joinTyped(value, "value", key, map), true));
    }

    /** A typed key and value given as JSON (a line of a bulk file): their JSON text as is. */
    static Pair typedPair(Object key, Object value) {
        String keyJson = JsonTree.write(key);
        String valueJson = JsonTree.write(value);
        return new Pair(new Arg(keyJson, keyJson, true), new Arg(valueJson, valueJson, true));
    }

    /**
     * The JSON text a prefixed argument stands for beside a bare (typed) partner, where it means the same bytes.
     *
     * @throws CliException BAD_INPUT when it has no such form
     */
    private static String joinTyped(String prefixed, String side, String bare, MapInfo map) {
        boolean charArray = side.equals("key") ? map.keyIsCharArray() : map.valueIsCharArray();
        String type = side.equals("key") ? map.keyTypeName() : map.valueTypeName();
        String other = side.equals("key") ? "value" : "key";
        if (prefixed.startsWith("str:") && charArray) {
            return JsonTree.write(prefixed.substring(4));
        }
        if (prefixed.startsWith("int:") && !charArray) {
            return integer(prefixed, side);
        }
        String why = prefixed.startsWith("hex:") ? "raw bytes, which have no typed form"
                : prefixed.startsWith("str:") ? "raw text bytes, and the " + side + " is a " + type + ", not a char[]"
                : "a raw integer, and the " + side + " is a " + type;
        throw CliException.badInput("the " + other + " " + bare + " is typed (a bare argument, on a map with BTF) but "
                + "the " + side + " " + prefixed + " is " + why + ": one update sends both typed or both raw",
                "write the " + other + " raw too (hex:, int: or str:), or the " + side + " bare, as JSON of its type "
                        + type + " (bpfjmx describe " + map.name() + " shows it)");
    }

    /** {@code int:N} (decimal or 0x hex, maybe negative) as a JSON number. */
    private static String integer(String prefixed, String side) {
        String number = prefixed.substring(4);
        try {
            boolean negative = number.startsWith("-");
            String digits = negative ? number.substring(1) : number;
            BigInteger value = digits.startsWith("0x") ? new BigInteger(digits.substring(2), 16)
                    : new BigInteger(digits);
            return (negative ? value.negate() : value).toString();
        } catch (NumberFormatException e) {
            throw CliException.badInput(side + " " + prefixed + " is not a number", "write e.g. int:42, int:-1 or "
                    + "int:0x2a");
        }
    }

    /**
     * Digits that could be raw bytes in hex: an even number of hex digits, maybe after {@code 0x}. Such a bare
     * argument meant bytes before maps were typed; on a map with BTF it is typed now.
     */
    static boolean looksLikeHex(String text) {
        String digits = hexDigits(text);
        return digits.length() >= 2 && digits.length() % 2 == 0
                && digits.chars().allMatch(ValueSyntax::isHexDigit);
    }

    private static String hexDigits(String text) {
        return text.startsWith("0x") || text.startsWith("0X") ? text.substring(2) : text;
    }

    /**
     * The agent's refusal of a typed operation with what to do: for a bare argument that looks like hex and does
     * not fit its type, that it was typed and how to give raw bytes; for another that does not fit, where to see the
     * types; for a kernel refusal (ENOENT, E2BIG…) of a bare argument with exactly as many hex digits as it has bytes,
     * that it was taken as a number, not as those bytes. Other failures pass unchanged.
     *
     * @param value null for lookup and delete
     */
    static CliException explain(CliException failure, MapInfo map, Arg key, Arg value) {
        String message = failure.getMessage();
        String hint;
        if (failure.exitCode() == ExitCode.BAD_INPUT && message.contains(" of map '")) {
            boolean aboutValue = value != null && message.contains("value of map '");
            Arg arg = aboutValue ? value : key;
            String side = aboutValue ? "value" : "key";
            hint = arg.typed() && looksLikeHex(arg.text()) ? typedNotRaw(arg, side, map)
                    : "a bare " + side + " is JSON of the map's " + side + " type, " + typeName(side, map)
                            + " (bpfjmx describe " + map.name() + " shows it); raw bytes: hex:…";
        } else if (failure.exitCode() == ExitCode.KERNEL_REFUSED && (sizedLikeBytes(key, "key", map)
                || sizedLikeBytes(value, "value", map))) {
            hint = sizedLikeBytes(key, "key", map) ? typedNotRaw(key, "key", map) : typedNotRaw(value, "value", map);
            hint += failure.hint() == null ? "" : "\n  " + failure.hint();
        } else {
            return failure;
        }
        return new CliException(failure.exitCode(), message, hint, failure.errno(), failure.getCause());
    }

    private static String typedNotRaw(Arg arg, String side, MapInfo map) {
        return "a bare argument is typed by the map's BTF (" + side + ": " + typeName(side, map) + "); for raw bytes "
                + "write hex:" + hexDigits(arg.text());
    }

    private static String typeName(String side, MapInfo map) {
        return side.equals("key") ? map.keyTypeName() : map.valueTypeName();
    }

    /** A typed argument with exactly twice as many hex digits as the key (value) has bytes: once, those bytes. */
    private static boolean sizedLikeBytes(Arg arg, String side, MapInfo map) {
        int size = side.equals("key") ? map.keySize() : map.valueSize();
        return arg != null && arg.typed() && looksLikeHex(arg.text()) && hexDigits(arg.text()).length() == 2 * size;
    }

    /**
     * A remark for a typed argument that has exactly as many hex digits as the key (value) has bytes: it used to
     * mean those bytes, and the agent took it by the type instead. Null for any other.
     */
    static String rawLookalike(Arg arg, String side, MapInfo map) {
        if (!sizedLikeBytes(arg, side, map)) {
            return null;
        }
        return side + " " + arg.text() + " was taken as a " + typeName(side, map) + " (the map's BTF type), not as "
                + "raw bytes; for raw bytes write hex:" + hexDigits(arg.text());
    }

    /**
     * A typed key as a JSON tree, for output: what the agent's codec makes of the text, as far as the CLI can tell
     * (a {@code char[]} takes any text that is not a JSON string or list as the string; other text that is not JSON
     * is a string too; an integer type takes a string of decimal or 0x digits as that number). The agent does not
     * return the key, so an enum keeps the form it was given in.
     */
    static Object keyTree(String text, MapInfo map) {
        String start = text.stripLeading();
        if (map.keyIsCharArray() && !start.startsWith("\"") && !start.startsWith("[")) {
            return text;
        }
        Object tree;
        try {
            tree = JsonTree.read(text);
        } catch (IllegalArgumentException e) {
            tree = text;
        }
        if (tree instanceof String string && isIntegerType(map.keyType())
                && string.strip().matches("-?[0-9]+|0[xX][0-9a-fA-F]+")) {
            String digits = string.strip();
            BigInteger number = digits.matches("0[xX].*") ? new BigInteger(digits.substring(2), 16)
                    : new BigInteger(digits);
            return number.bitLength() < 64 ? (Object) number.longValue() : number;
        }
        return tree;
    }

    /** A C integer type by its usual spellings: {@code __u32}, {@code int}, {@code unsigned long long}, {@code u8}. */
    private static boolean isIntegerType(String cType) {
        return cType.matches("((const|volatile) )*(__[us](8|16|32|64)|[us](8|16|32|64)|u?int(8|16|32|64)_t|"
                + "((un)?signed )?(char|short|int|long|long long)( int)?|unsigned|signed)");
    }
}
