package io.bpfjmx.libbpf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ValueLayoutTest {
    private final ValueLayout perCpu = new ValueLayout("m", 12, true, 3);
    private final ValueLayout plain = new ValueLayout("p", 12, false, 1);

    @Test
    void perCpuSlotsAreRoundedUpToEightBytes() {
        assertThat(perCpu.slotSize()).isEqualTo(16);
        assertThat(perCpu.bufferSize()).isEqualTo(48);
        assertThat(plain.bufferSize()).isEqualTo(12);
    }

    @Test
    void aSingleValueIsCopiedIntoEveryCpusSlotWithZeroPadding() {
        byte[] value = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
        byte[] buffer = perCpu.toBuffer(value);
        assertThat(buffer).hasSize(48);
        for (int cpu = 0; cpu < 3; cpu++) {
            for (int i = 0; i < 16; i++) {
                assertThat(buffer[cpu * 16 + i]).isEqualTo(i < 12 ? value[i] : 0);
            }
        }
        assertThat(perCpu.perCpuValues(buffer)).hasSize(3).allSatisfy(v -> assertThat(v).isEqualTo(value));
    }

    @Test
    void aFullLayoutIsTakenAsItIs() {
        byte[] buffer = new byte[48];
        buffer[16] = 7;
        assertThat(perCpu.toBuffer(buffer)).isSameAs(buffer);
        assertThat(perCpu.perCpuValues(buffer).get(1)[0]).isEqualTo((byte) 7);
    }

    @Test
    void otherSizesAreRefusedWithBothAcceptedForms() {
        assertThatThrownBy(() -> perCpu.toBuffer(new byte[36]))
                .isInstanceOf(RejectedMapRequestException.class)
                .hasMessage("value of 36 bytes for map 'm': expected 12 bytes (one value, copied to each of the 3 "
                        + "possible CPUs) or 48 bytes (per-CPU layout: round_up(12, 8) = 16 × 3 possible CPUs)");
        assertThatThrownBy(() -> plain.toBuffer(new byte[16]))
                .hasMessage("value of 16 bytes for map 'p': expected 12 bytes (the map's value size)");
    }
}
