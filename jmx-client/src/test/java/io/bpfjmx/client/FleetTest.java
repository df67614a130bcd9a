package io.bpfjmx.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.bpfjmx.libbpf.testing.FreePort;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A command on several targets, in process, against targets that cannot answer: closed ports, a PID that no process
 * has, a server that accepts and never answers. (Targets that do answer: FleetIT.)
 */
class FleetTest {
    /** Above the kernel's largest pid_max (2^22): no process ever has it. */
    private static final String NO_PROCESS = "4194305";

    private record Run(int exitCode, String out, String err) {}

    @Test
    void oneLinePerTargetInTheOrderGivenAndTheWorstExitCode(@TempDir Path dir) throws Exception {
        String jolokia = "http://127.0.0.1:" + FreePort.next() + "/jolokia/";
        String rmi = "service:jmx:rmi:///jndi/rmi://127.0.0.1:" + FreePort.next() + "/jmxrmi";
        Path file = dir.resolve("hosts.txt");
        Files.writeString(file, "# two more\n" + rmi + "\n" + NO_PROCESS + "\n");
        Run run = run("maps", "--jolokia", jolokia, "--targets", file.toString());
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(4);
        assertThat(run.out().lines()).satisfiesExactly(
                line -> assertThat(line).startsWith(jolokia + ": failed (exit 4): cannot connect to " + jolokia),
                line -> assertThat(line).startsWith(rmi + ": failed (exit 4): cannot connect to " + rmi),
                line -> assertThat(line).isEqualTo("pid " + NO_PROCESS + ": failed (exit 4): there is no process "
                        + NO_PROCESS));
        assertThat(run.err()).contains(jolokia + ":   is a Jolokia agent listening there",
                "bpfjmx maps: 3 of 3 targets failed; exit code 4, the worst of theirs");
    }

    @Test
    void jsonIsOneLinePerTarget() {
        String jolokia = "http://127.0.0.1:" + FreePort.next() + "/jolokia/";
        Run run = run("maps", "--pid", NO_PROCESS, "--jolokia", jolokia, "--json");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(4);
        assertThat(run.out().lines()).satisfiesExactly(
                line -> assertThat(line).isEqualTo("{\"target\":\"pid " + NO_PROCESS + "\",\"exitCode\":4,\"error\":"
                        + "{\"exitCode\":4,\"errno\":null,\"message\":\"there is no process " + NO_PROCESS + "\","
                        + "\"hint\":\"bpfjmx jvms lists the JVMs you can reach\"}}"),
                line -> assertThat(line).startsWith("{\"target\":\"" + jolokia + "\",\"exitCode\":4,\"error\":"));
    }

    /** With --parallel 1 the next target starts only once the hung one's time is up; it must not wait for more. */
    @Test
    @Timeout(30)
    void aHungTargetIsReportedAfterItsTimeAndTheOthersStillRun() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 8, InetAddress.getLoopbackAddress())) {
            String hung = "http://127.0.0.1:" + silent.getLocalPort() + "/jolokia/";
            Run run = run("maps", "--jolokia", hung, "--pid", NO_PROCESS, "--parallel", "1", "--target-timeout", "1");
            assertThat(run.exitCode()).as(run.toString()).isEqualTo(4);
            assertThat(run.out()).isEqualTo(hung + ": failed (exit 4): no answer within 1 s\n"
                    + "pid " + NO_PROCESS + ": failed (exit 4): there is no process " + NO_PROCESS + "\n");
            assertThat(run.err()).contains(hung + ":   is that JVM hung, or the network slow?");
        }
    }

    @Test
    void aTargetGivenTwiceIsBadInput() {
        Run run = run("maps", "--pid", NO_PROCESS, "--pid", NO_PROCESS);
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("pid " + NO_PROCESS + " is given twice", "give each target once");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void parallelAndTimeoutMustLeaveRoomToWork() {
        assertThat(run("maps", "--pid", "1", "--pid", "2", "--parallel", "0").err())
                .contains("--parallel 0 works on no target");
        assertThat(run("maps", "--pid", "1", "--pid", "2", "--target-timeout", "0").err())
                .contains("--target-timeout 0 leaves no time");
    }

    @Test
    void targetsAndEntriesCannotBothComeFromStdin() {
        Run run = run("update", "--targets", "-", "hash_map", "--from", "-");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--targets - and this command's input both read standard input");
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = Main.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute(args);
        return new Run(exitCode, out.toString(), err.toString());
    }
}
