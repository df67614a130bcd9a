package io.bpfjmx.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FlagsTest {

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "any; 0", "noexist; 1", "exist; 2", "lock; 4", "NOEXIST; 1", "BPF_NOEXIST; 1", "BPF_F_LOCK; 4",
        "exist,lock; 6", "exist|lock; 6", "exist, lock; 6", "0; 0", "4; 4", "0x4; 4", "6; 6"})
    void namesAndNumbers(String text, long flags) {
        assertThat(Flags.parse(text)).isEqualTo(flags);
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {"nope; nope", "exist,; ''", "-1; -1", "lock,sometimes; sometimes"})
    void anythingElseIsRefusedByName(String text, String named) {
        assertThatThrownBy(() -> Flags.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'" + named + "' is not a flag; flags are " + Flags.SYNTAX);
    }
}
