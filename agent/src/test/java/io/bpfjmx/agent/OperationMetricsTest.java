package io.bpfjmx.agent;

import static java.util.concurrent.TimeUnit.NANOSECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bpfjmx.libbpf.testing.RequiresBpf;
import io.micrometer.core.instrument.FunctionTimer;
import org.junit.jupiter.api.Test;

/**
 * The function meters count every outcome once, with its reason; the timer of an outcome counts and adds up the
 * durations of all its reasons.
 */
@RequiresBpf
class OperationMetricsTest {
    @Test
    void eachOutcomeIsCountedOnceAndTimed() {
        try (ManagedFixtures fixtures = new ManagedFixtures("attach=false")) {
            BpfObjectManager object = fixtures.manager();
            object.updateElem("hash_map", "11000000", "0100000000000000", 1);
            assertThat(fixtures.count("hash_map", "update", "success", "none")).isEqualTo(1);
            FunctionTimer successes = fixtures.timer("hash_map", "update", "success");
            assertThat(successes.count()).isEqualTo(1);
            double firstNanos = successes.totalTime(NANOSECONDS);
            assertThat(firstNanos).isPositive();

            assertThatThrownBy(() -> object.updateElem("hash_map", "11000000", "0100000000000000", 1))
                    .isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> object.updateElem("hash_map", "11", "0100000000000000", 0))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> object.updateElem("hash_map", "11000000", "01", 0))
                    .isInstanceOf(IllegalArgumentException.class);
            object.updateElem("hash_map", "11000000", "0200000000000000", 0);

            assertThat(fixtures.count("hash_map", "update", "success", "none")).isEqualTo(2);
            assertThat(fixtures.count("hash_map", "update", "failed", "EEXIST")).isEqualTo(1);
            assertThat(fixtures.count("hash_map", "update", "rejected", "key_size")).isEqualTo(1);
            assertThat(fixtures.count("hash_map", "update", "rejected", "value_size")).isEqualTo(1);
            assertThat(successes.count()).isEqualTo(2);
            assertThat(successes.totalTime(NANOSECONDS)).isGreaterThan(firstNanos);
            FunctionTimer failures = fixtures.timer("hash_map", "update", "failed");
            assertThat(failures.count()).isEqualTo(1);
            assertThat(failures.totalTime(NANOSECONDS)).isPositive();
            FunctionTimer rejections = fixtures.timer("hash_map", "update", "rejected");
            assertThat(rejections.count()).as("one timer for both reasons").isEqualTo(2);
            assertThat(rejections.totalTime(NANOSECONDS)).isPositive();
            assertThat(fixtures.timer("hash_map", "lookup", "success")).as("no meter before its first operation")
                    .isNull();
        }
    }
}
