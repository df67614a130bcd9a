package io.bpfjmx.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.bpfjmx.libbpf.testing.RequiresBpf;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code ./demo.sh}, the README's first command, run for real on what the build made: every step it shows happened
 * (the CLI's insert, its refusal with EEXIST and exit code 3, a system-call count above zero, the meters of both
 * updates), and the host JVM it started is gone when it ends.
 */
@RequiresBpf
class DemoScriptIT {
    private static final Pattern HOST_PID = Pattern.compile("host JVM running, PID (\\d+)");
    private static final Pattern COUNT = Pattern.compile("cat made (\\d+) system calls");

    @Test
    void theDemoShowsEachStepAndCleansUp() throws Exception {
        Script.Result demo = Script.runFromRepository(Map.of("BPFJMX_DEMO_BUILD", "no"), "demo.sh",
                Duration.ofMinutes(2));

        assertThat(demo.exitCode()).as(demo.toString()).isZero();
        assertThat(demo.out()).as(demo.toString())
                .contains("log_syscalls  READY")
                .contains("updated log_syscalls/syscall_count_map: cat = 0\n")
                .contains("bpfjmx update: update of map 'syscall_count_map' failed: EEXIST (key exists and "
                        + "flags=NOEXIST)\n")
                .contains("exit code 3\n")
                .containsPattern("bpfjmx_map_operations_total\\{map=\"syscall_count_map\",object=\"log_syscalls\","
                        + "operation=\"update\",outcome=\"success\",reason=\"none\"} 1\\.0")
                .containsPattern("bpfjmx_map_operations_total\\{map=\"syscall_count_map\",object=\"log_syscalls\","
                        + "operation=\"update\",outcome=\"failed\",reason=\"EEXIST\"} 1\\.0");
        Matcher count = COUNT.matcher(demo.out());
        assertThat(count.find()).as(demo.toString()).isTrue();
        assertThat(Long.parseLong(count.group(1))).isPositive();

        Matcher pid = HOST_PID.matcher(demo.out());
        assertThat(pid.find()).as(demo.toString()).isTrue();
        assertThat(ProcessHandle.of(Long.parseLong(pid.group(1))).filter(ProcessHandle::isAlive))
                .as("the host JVM is stopped").isEmpty();
        assertThat(demo.out()).contains("stopped the host JVM (PID " + pid.group(1) + ")");
    }
}
