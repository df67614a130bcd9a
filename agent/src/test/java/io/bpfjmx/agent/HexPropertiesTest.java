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
    private static final Pattern NOT_HEX = Pattern.compile("keyHex has ('([!-~])'|U\\+([0-9A-F]{4})) at position "
            + "(\\d+), which is not a hex digit; use 0-9 and a-f, bytes optionally separated by spaces or colons");

    @Property(tries = 3000)
    void anyTextParsesToItsDigitsOrIsRefusedAsDocumented(@ForAll("operatorText") String text) {
        byte[] bytes;
        try {
            bytes = Hex.parse(text, WHAT);
        } catch (IllegalArgumentException e) {
            assertThat(e).isExactlyInstanceOf(IllegalArgumentException.class);
            assertRefusalIsTrue(text, e.getMessage());
            return;
        }
        assertThat(Hex.format(bytes)).isEqualTo(digitsOf(text).toLowerCase(Locale.ROOT));
    }

    @Property(tries = 1000)
    void everyByteStringRoundTripsInEveryWayOfWritingIt(@ForAll @Size(min = 1, max = 128) byte[] bytes,
                                                         @ForAll boolean prefixed, @ForAll boolean upperCase,
                                                         @ForAll("separators") String separator) {
        StringBuilder text = new StringBuilder(prefixed ? "0x" : "");
        for (int i = 0; i < bytes.length; i++) {
            String hex = HexFormat.of().toHexDigits(bytes[i]);
            text.append(i == 0 ? "" : separator).append(upperCase ? hex.toUpperCase(Locale.ROOT) : hex);
        }
        assertThat(Hex.parse(text.toString(), WHAT)).isEqualTo(bytes);
        assertThat(Hex.parse(Hex.format(bytes), WHAT)).isEqualTo(bytes);
    }

    /** The message says what is wrong, and it is so: the position holds that character, the count is right. */
    private static void assertRefusalIsTrue(String text, String message) {
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
        Arbitrary<String> prefixed = hexish.map(s -> "0x" + s);
        Arbitrary<String> anyChars = Arbitraries.strings().all().ofMaxLength(24);
        // digits of other scripts, full-width forms, controls: what Character.digit would wrongly take or print
        Arbitrary<String> lookalikes = Arbitraries.strings()
                .withChars("0123456789abcdef\u0660\u0663\u06f5\u0966\uff10\uff11\uff21\uff41\n\t\r\u00a0\u200b")
                .ofMaxLength(12);
        return Arbitraries.oneOf(hexish, prefixed, anyChars, lookalikes);
    }

    @Provide
    Arbitrary<String> separators() {
        return Arbitraries.strings().withChars(" :").ofMaxLength(3);
    }
}
