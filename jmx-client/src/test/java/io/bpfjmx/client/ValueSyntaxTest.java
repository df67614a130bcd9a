package io.bpfjmx.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ValueSyntaxTest {

    @Test
    void stringIsNulPaddedToTheSize() {
        assertThat(ValueSyntax.parse("str:cat", "key", 8)).isEqualTo("6361740000000000");
        assertThat(ValueSyntax.parse("str:cat", "key", 128)).hasSize(256).startsWith("63617400").endsWith("00");
    }

    @Test
    void stringOfExactlyTheSizeFits() {
        assertThat(ValueSyntax.parse("str:abcd", "key", 4)).isEqualTo("61626364");
    }

    @Test
    void stringTooLongIsRefusedWithBothSizes() {
        assertThatThrownBy(() -> ValueSyntax.parse("str:abcde", "key", 4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("key str:abcde is 5 bytes; the map's key is 4 bytes");
    }

    @Test
    void stringIsUtf8() {
        assertThat(ValueSyntax.parse("str:é", "value", 3)).isEqualTo("c3a900");
    }

    @ParameterizedTest
    @CsvSource({
        "int:1, 1, 01",
        "int:255, 1, ff",
        "int:-1, 1, ff",
        "int:258, 2, 0201",
        "int:1, 4, 01000000",
        "int:0x2a, 4, 2a000000",
        "int:-2, 4, feffffff",
        "int:4294967295, 4, ffffffff",
        "int:1, 8, 0100000000000000",
        "int:18446744073709551615, 8, ffffffffffffffff",
        "int:-9223372036854775808, 8, 0000000000000080",
    })
    void integersAreLittleEndianOfTheSize(String text, int size, String hex) {
        assertThat(ValueSyntax.parse(text, "value", size)).isEqualTo(hex);
    }

    @ParameterizedTest
    @CsvSource({"int:256, 1", "int:-129, 1", "int:65536, 2", "int:4294967296, 4", "int:18446744073709551616, 8"})
    void integersOutOfRangeAreRefused(String text, int size) {
        assertThatThrownBy(() -> ValueSyntax.parse(text, "value", size))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not fit " + size + " bytes");
    }

    @Test
    void integersNeedASizeOfAnInteger() {
        assertThatThrownBy(() -> ValueSyntax.parse("int:1", "key", 128))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("int: needs a key of 1, 2, 4 or 8 bytes; the map's key is 128 bytes: give str:TEXT or hex");
        assertThatThrownBy(() -> ValueSyntax.parse("int:1", "value", 12)).hasMessageContaining("12 bytes");
    }

    @Test
    void notANumberIsRefused() {
        assertThatThrownBy(() -> ValueSyntax.parse("int:ten", "value", 4)).hasMessageContaining("is not a number");
    }

    @Test
    void hexIsTakenAsItIsWhenItHasTheSize() {
        assertThat(ValueSyntax.parse("0a0B0c0D", "key", 4)).isEqualTo("0a0b0c0d");
        assertThat(ValueSyntax.parse("hex:0a0b0c0d", "key", 4)).isEqualTo("0a0b0c0d");
    }

    @Test
    void hexOfAnotherSizeIsRefused() {
        assertThatThrownBy(() -> ValueSyntax.parse("0a0b0c", "key", 4))
                .hasMessage("key '0a0b0c' is not 4 bytes of hex (8 hex digits); or give int:N or str:TEXT");
        assertThatThrownBy(() -> ValueSyntax.parse("cat", "key", 128)).hasMessageContaining("256 hex digits");
    }

    @Test
    void hexTakesAsciiDigitsOnlyAndSaysSoInTheCliUsersTerms() {
        // full-width digits: Character.digit reads them as 0 and 1, the agent refuses them as "keyHex has U+FF10"
        assertThatThrownBy(() -> ValueSyntax.parse("hex:\uff10\uff11000000", "key", 4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("key '\uff10\uff11000000' is not 4 bytes of hex (8 hex digits); or give int:N or str:TEXT");
    }

    @Test
    void bareZeroXIsAmbiguous() {
        assertThatThrownBy(() -> ValueSyntax.parse("0x2a000000", "value", 4))
                .hasMessage("value '0x2a000000' is ambiguous: write int:0x2a000000 for a number or hex:2a000000 for "
                        + "bytes");
    }

    @Test
    void perCpuValueIsOneCpusValueOrTheWholeBuffer() {
        assertThat(ValueSyntax.parsePerCpuValue("int:7", 4, 16)).isEqualTo("07000000");
        String buffer = "01000000000000000200000000000000";
        assertThat(ValueSyntax.parsePerCpuValue(buffer, 4, 16)).isEqualTo(buffer);
        assertThatThrownBy(() -> ValueSyntax.parsePerCpuValue("010000", 4, 16)).hasMessageContaining("4 bytes");
    }

    @ParameterizedTest
    @CsvSource({
        "2a, int:42",
        "0100, int:1",
        "feffffff, int:4294967294",
        "ffffffffffffffff, int:18446744073709551615",
        "636174000000000000000000, str:cat",
        "636174000000000000000001, 636174000000000000000001",
        "000000000000000000000000, 000000000000000000000000",
        "0102030405, 0102030405",
    })
    void valuesAreShownAsTheyAreTyped(String hex, String shown) {
        assertThat(ValueSyntax.format(hex)).isEqualTo(shown);
    }

    @Test
    void whatIsShownParsesBackToTheSameBytes() {
        for (String hex : new String[] {"2a000000", "63617400" + "00".repeat(124), "0102030405"}) {
            assertThat(ValueSyntax.parse(ValueSyntax.format(hex), "key", hex.length() / 2)).isEqualTo(hex);
        }
    }
}
