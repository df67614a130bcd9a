package io.bpfjmx.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ValueSyntaxTest {
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;


    @ParameterizedTest
    @CsvSource({"2a, 42, 42", "0100, 1, 256", "01000080, 2147483649, 16777344", "ffffffffffffffff, -1, -1",
            "010203, 197121, 66051", "0102030405060708, 578437695752307201, 72623859790382856", "'', 0, 0"})
    void hexReadsAsANumberAsItsBytesDo(String hex, long littleEndian, long bigEndian) {
        assertThat(ValueSyntax.unsigned(hex, LE)).isEqualTo(littleEndian)
                .isEqualTo(ValueSyntax.unsigned(HexFormat.of().parseHex(hex), LE));
        assertThat(ValueSyntax.unsigned(hex, ByteOrder.BIG_ENDIAN)).isEqualTo(bigEndian)
                .isEqualTo(ValueSyntax.unsigned(HexFormat.of().parseHex(hex), ByteOrder.BIG_ENDIAN));
        assertThatThrownBy(() -> ValueSyntax.unsigned(hex + "0", LE)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void stringIsNulPaddedToTheSize() {
        assertThat(ValueSyntax.parse("str:cat", "key", 8, LE)).isEqualTo("6361740000000000");
        assertThat(ValueSyntax.parse("str:cat", "key", 128, LE)).hasSize(256).startsWith("63617400").endsWith("00");
    }

    @Test
    void stringOfExactlyTheSizeFits() {
        assertThat(ValueSyntax.parse("str:abcd", "key", 4, LE)).isEqualTo("61626364");
    }

    @Test
    void stringTooLongIsRefusedWithBothSizes() {
        assertThatThrownBy(() -> ValueSyntax.parse("str:abcde", "key", 4, LE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("key str:abcde is 5 bytes; the map's key is 4 bytes");
    }

    @Test
    void stringIsUtf8() {
        assertThat(ValueSyntax.parse("str:é", "value", 3, LE)).isEqualTo("c3a900");
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
        assertThat(ValueSyntax.parse(text, "value", size, LE)).isEqualTo(hex);
    }

    @ParameterizedTest
    @CsvSource({"int:256, 1", "int:-129, 1", "int:65536, 2", "int:4294967296, 4", "int:18446744073709551616, 8"})
    void integersOutOfRangeAreRefused(String text, int size) {
        assertThatThrownBy(() -> ValueSyntax.parse(text, "value", size, LE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not fit " + size + " bytes");
    }

    @Test
    void integersNeedASizeOfAnInteger() {
        assertThatThrownBy(() -> ValueSyntax.parse("int:1", "key", 128, LE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("int: needs a key of 1, 2, 4 or 8 bytes; the map's key is 128 bytes: give str:TEXT or hex");
        assertThatThrownBy(() -> ValueSyntax.parse("int:1", "value", 12, LE)).hasMessageContaining("12 bytes");
    }

    @Test
    void notANumberIsRefused() {
        assertThatThrownBy(() -> ValueSyntax.parse("int:ten", "value", 4, LE)).hasMessageContaining("is not a number");
    }

    @Test
    void hexIsTakenAsItIsWhenItHasTheSize() {
        assertThat(ValueSyntax.parse("0a0B0c0D", "key", 4, LE)).isEqualTo("0a0b0c0d");
        assertThat(ValueSyntax.parse("hex:0a0b0c0d", "key", 4, LE)).isEqualTo("0a0b0c0d");
    }

    @Test
    void hexOfAnotherSizeIsRefused() {
        assertThatThrownBy(() -> ValueSyntax.parse("0a0b0c", "key", 4, LE))
                .hasMessage("key '0a0b0c' is not 4 bytes of hex (8 hex digits); or give int:N or str:TEXT");
        assertThatThrownBy(() -> ValueSyntax.parse("cat", "key", 128, LE)).hasMessageContaining("256 hex digits");
    }

    @Test
    void hexTakesAsciiDigitsOnlyAndSaysSoInTheCliUsersTerms() {
        // full-width digits: Character.digit reads them as 0 and 1, the agent refuses them as "keyHex has U+FF10"
        assertThatThrownBy(() -> ValueSyntax.parse("hex:\uff10\uff11000000", "key", 4, LE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("key '\uff10\uff11000000' is not 4 bytes of hex (8 hex digits); or give int:N or str:TEXT");
    }

    @Test
    void bareZeroXIsAmbiguous() {
        assertThatThrownBy(() -> ValueSyntax.parse("0x2a000000", "value", 4, LE))
                .hasMessage("value '0x2a000000' is ambiguous: write int:0x2a000000 for a number or hex:2a000000 for "
                        + "bytes");
    }

    @Test
    void perCpuValueIsOneCpusValueOrTheWholeBuffer() {
        assertThat(ValueSyntax.parsePerCpuValue("int:7", 4, 16, LE)).isEqualTo("07000000");
        String buffer = "01000000000000000200000000000000";
        assertThat(ValueSyntax.parsePerCpuValue(buffer, 4, 16, LE)).isEqualTo(buffer);
        assertThatThrownBy(() -> ValueSyntax.parsePerCpuValue("010000", 4, 16, LE)).hasMessageContaining("4 bytes");
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
        assertThat(ValueSyntax.format(hex, LE)).isEqualTo(shown);
    }

    @Test
    void whatIsShownParsesBackToTheSameBytes() {
        for (String hex : new String[] {"2a000000", "63617400" + "00".repeat(124), "0102030405"}) {
            assertThat(ValueSyntax.parse(ValueSyntax.format(hex, LE), "key", hex.length() / 2, LE)).isEqualTo(hex);
        }
    }

    @Test
    void intFollowsTheTargetsByteOrder() {
        ByteOrder big = ByteOrder.BIG_ENDIAN;
        assertThat(ValueSyntax.parse("int:1", "key", 4, big)).isEqualTo("00000001");
        assertThat(ValueSyntax.parse("int:-2", "value", 2, big)).isEqualTo("fffe");
        assertThat(ValueSyntax.parse("int:0x0102030405060708", "value", 8, big)).isEqualTo("0102030405060708");
        assertThat(ValueSyntax.format("00000001", big)).isEqualTo("int:1");
        assertThat(ValueSyntax.format("0102030405060708", big)).isEqualTo("int:72623859790382856");
        assertThat(ValueSyntax.parsePerCpuValue("int:7", 4, 16, big)).isEqualTo("00000007");
    }

    @Test
    void theByteOrderIsTheAgentsAndLittleEndianForAnAgentThatDoesNotSay() {
        Map<String, Object> attributes = new HashMap<>(Map.of("Object", "o", "Name", "m", "Id", 1, "Type", "HASH",
                "KeySize", 4, "ValueSize", 8, "MaxEntries", 16, "Flags", 0, "PerCpu", false, "ValueBufferSize", 8));
        attributes.putAll(Map.of("PossibleCpus", 2, "ReadOnly", false));
        assertThat(MapInfo.of(attributes).byteOrder()).isEqualTo(ByteOrder.LITTLE_ENDIAN);
        attributes.put("ByteOrder", "BIG_ENDIAN");
        assertThat(MapInfo.of(attributes).byteOrder()).isEqualTo(ByteOrder.BIG_ENDIAN);
    }
}
