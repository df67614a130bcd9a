package io.bpfjmx.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HexTest {
    @ParameterizedTest
    @ValueSource(strings = {"636174", "0x636174", "0X636174", "63 61 74", "63:61:74", "0x63:61 74", "63617 4"})
    void readsTheFormsOperatorsType(String text) {
        assertThat(Hex.parse(text, "keyHex")).containsExactly(0x63, 0x61, 0x74);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "63617|keyHex has 5 hex digits, an odd count; each byte takes two digits (write 0a, not a)",
            "6g|keyHex has 'g' at position 2, which is not a hex digit; use 0-9 and a-f, bytes optionally separated "
                    + "by spaces or colons",
            "0x12-34|keyHex has '-' at position 5, which is not a hex digit; use 0-9 and a-f, bytes optionally "
                    + "separated by spaces or colons",
            "0x|keyHex is empty; give the bytes as hex, e.g. 0a000000",
            "' : '|keyHex is empty; give the bytes as hex, e.g. 0a000000"})
    void refusesWithThePosition(String text, String message) {
        assertThatThrownBy(() -> Hex.parse(text, "keyHex"))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @ParameterizedTest
    @ValueSource(strings = {""})
    void refusesEmptyAndMissing(String empty) {
        assertThatThrownBy(() -> Hex.parse(empty, "valueHex")).hasMessage("valueHex is empty; give the bytes as hex, "
                + "e.g. 0a000000");
        assertThatThrownBy(() -> Hex.parse(null, "valueHex")).hasMessage("valueHex is missing; give the bytes as "
                + "hex, e.g. 0a000000");
    }
}
