package io.bpfjmx.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * The hex rules for every text an operator might type or paste: it parses to exactly its hex digits, or it is
 * refused with {@link IllegalArgumentException} and one of the documented messages, never anything else.
 */
class HexPropertiesTest {
    private static final String WHAT = "keyHex";
    private static final Pattern EMPTY = Pattern.compile("keyHex is empty; give the bytes as hex, e\\.g\\. 0a000000");
    private static final Pattern ODD = Pattern.compile(
            "keyHex has (\\d+) hex digits, an odd count; each byte takes two digits \\(write 0a, not a\\)");
    private static final Pattern INSIDE_A_BYTE = Pattern.compile("keyHex has (a space|':') at position (\\d+), "
            + "inside a byte \\(after its first digit\\); separators \\(spaces or colons\\) go only between bytes "
            + "of two digits each: write 01:00, not 1:0");
    private static final Pattern TOO_LONG = Pattern.compile("keyHex is (\\d+) characters long, more than any hex of "
            + "(\\d+) bytes \\(at most (\\d+) characters: 4 a byte and 64 more\\); give at most \\2 bytes");
    /** Small, so that the bound is met by some of the texts below: at most 4 × 8 + 64 = 96 characters. */
    private static final int MAX_BYTES = 8;
    private static final Pattern NOT_HEX = Pattern.compile("keyHex has ('([!-~])'|U\\+([0-9A-F]{4})) at position "
            + "(\\d+), which is not a hex digit; use 0-9 and a-f, bytes optionally separated by spaces or colons");

    @Property(tries = 3000)
    void anyTextParsesToItsDigitsOrIsRefusedAsDocumented(@ForAll("operatorText") String text) {
        byte[] bytes;
        try {
            bytes = Hex.parse(text, WHAT, MAX_BYTES);
        } catch (IllegalArgumentException e) {
            assertThat(e).isExactlyInstanceOf(IllegalArgumentException.class);
            assertRefusalIsTrue(text, e.getMessage());
            return;
        }
        assertThat(Hex.format(bytes)).isEqualTo(digitsOf(text).toLowerCase(Locale.ROOT));
        assertThat(text).as("no separator inside a byte").matches("(0[xX])?[ :]*([0-9a-fA-F]{2}[ :]*)+");
    }

    @Property(tries = 1000)
    void everyByteStringRoundTripsInEveryWayOfWritingIt(@ForAll @Size(min = 1, max = 128) byte[] bytes,
                                                         @ForAll boolean prefixed, @ForAll boolean upperCase,
                                                         @ForAll("separators") String separator) {
        // the longest such text, 2 digits and 2 separators a byte, is within the bound of 4 characters a byte
        StringBuilder text = new StringBuilder(prefixed ? "0x" : "");
        for (int i = 0; i < bytes.length; i++) {
            String hex = HexFormat.of().toHexDigits(bytes[i]);
            text.append(i == 0 ? "" : separator).append(upperCase ? hex.toUpperCase(Locale.ROOT) : hex);
        }
        assertThat(Hex.parse(text.toString(), WHAT, bytes.length)).isEqualTo(bytes);
        assertThat(Hex.parse(Hex.format(bytes), WHAT, bytes.length)).isEqualTo(bytes);
    }

    /** The message says what is wrong, and it is so: the position holds that character, the count is right. */
    private static void assertRefusalIsTrue(String text, String message) {
        Matcher tooLong = TOO_LONG.matcher(message);
        if (tooLong.matches()) {
            assertThat(text).as(message).hasSize(Integer.parseInt(tooLong.group(1)));
            assertThat(Integer.parseInt(tooLong.group(3))).isEqualTo(4 * MAX_BYTES + 64).isLessThan(text.length());
            return;
        }
        assertThat(text.length()).as("within the bound: " + message).isLessThanOrEqualTo(4 * MAX_BYTES + 64);
        Matcher inside = INSIDE_A_BYTE.matcher(message);
        if (inside.matches()) {
            int position = Integer.parseInt(inside.group(2));
            assertThat(text.charAt(position - 1)).as(message).isEqualTo(inside.group(1).equals("a space") ? ' ' : ':');
            String before = digitsOf(text.substring(0, position - 1));
            assertThat(before).as("an odd count of digits before it: " + message).matches("[0-9a-fA-F]*");
            assertThat(before.length() % 2).as(message).isEqualTo(1);
            return;
        }
        Matcher notHex = NOT_HEX.matcher(message);
        if (notHex.matches()) {
            char at = text.charAt(Integer.parseInt(notHex.group(4)) - 1);
            char shown = notHex.group(2) != null ? notHex.group(2).charAt(0)
                    : (char) Integer.parseInt(notHex.group(3), 16);
            assertThat(at).as(message).isEqualTo(shown);
            assertThat(Character.toString(at)).doesNotMatch("[0-9a-fA-F :]");
            return;
        }
        Matcher odd = ODD.matcher(message);
        if (odd.matches()) {
            assertThat(digitsOf(text)).as(message).hasSize(Integer.parseInt(odd.group(1))).matches("[0-9a-fA-F]*");
            return;
        }
        assertThat(message).matches(EMPTY);
        assertThat(digitsOf(text)).isEmpty();
    }

    /** What the documented rules keep of a text: everything but a leading 0x, spaces and colons. */
    private static String digitsOf(String text) {
        String body = text.startsWith("0x") || text.startsWith("0X") ? text.substring(2) : text;
        return body.replace(" ", "").replace(":", "");
    }

    @Provide
    Arbitrary<String> operatorText() {
        Arbitrary<String> hexish = Arbitraries.strings().withChars("0123456789abcdefABCDEF :xX").ofMaxLength(24);
        Arbitrary<String> longish = Arbitraries.strings().withChars("0123456789abcdef :").ofMinLength(90)
                .ofMaxLength(110);
        Arbitrary<String> prefixed = hexish.map(s -> "0x" + s);
        Arbitrary<String> anyChars = Arbitraries.strings().all().ofMaxLength(24);
        // digits of other scripts, full-width forms, controls: what Character.digit would wrongly take or print
        Arbitrary<String> lookalikes = Arbitraries.strings()
                .withChars("0123456789abcdef\u0660\u0663\u06f5\u0966\uff10\uff11\uff21\uff41\n\t\r\u00a0\u200b")
                .ofMaxLength(12);
        return Arbitraries.oneOf(hexish, prefixed, anyChars, lookalikes, longish);
    }

    @Provide
    Arbitrary<String> separators() {
        return Arbitraries.strings().withChars(" :").ofMaxLength(2);
    }
}
