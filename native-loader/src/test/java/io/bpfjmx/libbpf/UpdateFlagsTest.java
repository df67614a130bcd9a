package io.bpfjmx.libbpf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class UpdateFlagsTest {
    @ParameterizedTest
    @ValueSource(longs = {0, 1, 2, 4, 5, 6})
    void acceptsTheKernelsFlags(long bits) {
        assertThat(UpdateFlags.of(bits).bits()).isEqualTo(bits);
    }

    @Test
    void refusesNoExistTogetherWithExist() {
        assertThatThrownBy(() -> UpdateFlags.of(3))
                .isInstanceOf(RejectedMapRequestException.class)
                .hasMessage("flags 3 combine NOEXIST and EXIST, which exclude each other; expected ANY (0), "
                        + "NOEXIST (1) or EXIST (2), optionally plus F_LOCK (4)")
                .extracting(e -> ((RejectedMapRequestException) e).reason())
                .isEqualTo(RejectedMapRequestException.Reason.FLAGS);
    }

    @ParameterizedTest
    @CsvSource({"8, 0x8", "16, 0x10", "-1, 0xfffffffffffffff8", "4096, 0x1000"})
    void refusesUnknownBitsNamingThem(long bits, String unknown) {
        assertThatThrownBy(() -> UpdateFlags.of(bits))
                .isInstanceOf(RejectedMapRequestException.class)
                .hasMessageStartingWith("flags " + bits + " have unknown bits " + unknown + "; expected ANY (0)");
    }

    @ParameterizedTest
    @CsvSource({"any, 0", "NOEXIST, 1", "bpf_exist, 2", "lock, 4", "BPF_F_LOCK, 4", "exist|lock, 6",
            "noexist+f_lock, 5", "2, 2", "0x4, 4"})
    void parsesNamesAndNumbers(String text, long bits) {
        assertThat(UpdateFlags.parse(text).bits()).isEqualTo(bits);
    }

    @Test
    void refusesAnUnknownName() {
        assertThatThrownBy(() -> UpdateFlags.parse("replace"))
                .isInstanceOf(RejectedMapRequestException.class)
                .hasMessage("flag 'replace' is neither a name nor a number; expected any, noexist, exist, lock or a "
                        + "number");
    }

    @Test
    void printsNames() {
        assertThat(UpdateFlags.of(0)).hasToString("ANY");
        assertThat(UpdateFlags.of(5)).hasToString("NOEXIST|F_LOCK");
        assertThat(UpdateFlags.of(2)).hasToString("EXIST");
    }
}
