package io.bpfjmx.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The exit code of a command on several targets: the worst of theirs, in the order ExitCode documents. */
class ExitCodeSeverityTest {
    private static final List<ExitCode> MILDEST_FIRST = List.of(ExitCode.OK, ExitCode.KERNEL_REFUSED,
            ExitCode.BAD_INPUT, ExitCode.NOT_PERMITTED, ExitCode.AGENT_NOT_PRESENT, ExitCode.CANNOT_CONNECT,
            ExitCode.FAILURE);

    @Test
    void everyCodeHasItsPlace() {
        assertThat(MILDEST_FIRST).containsExactlyInAnyOrder(ExitCode.values());
    }

    @Test
    void theWorseOfTwoWhicheverComesFirst() {
        for (int milder = 0; milder < MILDEST_FIRST.size(); milder++) {
            for (int worse = milder; worse < MILDEST_FIRST.size(); worse++) {
                ExitCode a = MILDEST_FIRST.get(milder);
                ExitCode b = MILDEST_FIRST.get(worse);
                assertThat(ExitCode.worst(a, b)).as(a + " and " + b).isEqualTo(b);
                assertThat(ExitCode.worst(b, a)).as(b + " and " + a).isEqualTo(b);
            }
        }
    }
}
