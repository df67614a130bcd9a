package io.bpfjmx.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HexTest {
    @ParameterizedTest
    @ValueSource(strings = {"636174", "0x636174", "0X636174", "63 61 74", "63:61:74", "0x63:61 74", " 63  61::74 "})
    void readsTheFormsOperatorsType(String text) {
        assertThat(Hex.parse(text, "keyHex", 1024)).containsExactly(0x63, 0x61, 0x74);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "63617|keyHex has 5 hex digits, an odd count; each byte takes two digits (write 0a, not a)",
            "6g|keyHex has 'g' at position 2, which is not a hex digit; use 0-9 and a-f, bytes optionally separated "
                    + "by spaces or colons",
            "0x12-34|keyHex has '-' at position 5, which is not a hex digit; use 0-9 and a-f, bytes optionally "
                    + "separated by spaces or colons",
            "0x|keyHex is empty; give the bytes as hex, e.g. 0a000000",
            "' : '|keyHex is empty; give the bytes as hex, e.g. 0a000000",
            "1:0:0:0:0:0:0:0|keyHex has ':' at position 2, inside a byte (after its first digit); separators (spaces "
                    + "or colons) go only between bytes of two digits each: write 01:00, not 1:0",
            "63617 4|keyHex has a space at position 6, inside a byte (after its first digit); separators (spaces or "
                    + "colons) go only between bytes of two digits each: write 01:00, not 1:0",
            "0x0 1|keyHex has a space at position 4, inside a byte (after its first digit); separators (spaces or "
                    + "colons) go only between bytes of two digits each: write 01:00, not 1:0"})
    void refusesWithThePosition(String text, String message) {
        assertThatThrownBy(() -> Hex.parse(text, "keyHex", 1024))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"4|80", "8|96", "1|68"})
    void boundsTheTextByTheBytesItMayHold(int maxBytes, int maxChars) {
        String longest = "0x" + " ".repeat(maxChars - 2 * maxBytes - 2) + "ab".repeat(maxBytes);
        assertThat(Hex.parse(longest, "keyHex", maxBytes)).hasSize(maxBytes);
        assertThatThrownBy(() -> Hex.parse(" " + longest, "keyHex", maxBytes))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("keyHex is " + (maxChars + 1) + " characters long, more than any hex of " + maxBytes
                        + " bytes (at most " + maxChars + " characters: 4 a byte and 64 more); give at most " + maxBytes
                        + " bytes");
    }

    @ParameterizedTest
    @ValueSource(strings = {""})
    void refusesEmptyAndMissing(String empty) {
        assertThatThrownBy(() -> Hex.parse(empty, "valueHex", 1024)).hasMessage("valueHex is empty; give the bytes as "
                + "hex, e.g. 0a000000");
        assertThatThrownBy(() -> Hex.parse(null, "valueHex", 1024)).hasMessage("valueHex is missing; give the bytes as "
                + "hex, e.g. 0a000000");
    }
}
