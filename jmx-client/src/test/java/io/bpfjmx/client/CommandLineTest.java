package io.bpfjmx.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** Help, usage errors and option parsing, in process: nothing here connects anywhere. */
class CommandLineTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @ParameterizedTest
    @ValueSource(strings = {"attach", "jvms", "maps", "describe", "lookup", "dump", "update", "delete"})
    void everyCommandHasHelpWithExamplesAndExitCodes(String command) {
        assertThat(run(command, "--help")).isZero();
        assertThat(out.toString()).contains("Usage: bpfjmx " + command, "Examples:", "  bpfjmx " + command,
                "Exit codes:", "3   the kernel refused");
    }

    @Test
    void noCommandIsBadInputWithWhatToDo() {
        assertThat(run()).isEqualTo(2);
        assertThat(err.toString()).contains("name a command", "Run 'bpfjmx --help'");
    }

    @Test
    void misspeltCommandGetsASuggestion() {
        assertThat(run("dumb")).isEqualTo(2);
        assertThat(err.toString()).contains("dump");
    }

    @Test
    void aTargetIsRequired() {
        assertThat(run("maps")).isEqualTo(2);
        assertThat(err.toString()).contains("--pid", "--url", "--jolokia", "--targets");
    }

    @Test
    void targetsOfEveryKindInTheOrderGiven() {
        TargetOptions options = new TargetOptions();
        new CommandLine(options).parseArgs("--pid", "4242", "--jolokia",
                "http://db1:8778/jolokia/", "--url", "service:jmx:rmi:///jndi/rmi://db2:9010/jmxrmi", "--pid", "4343");
        assertThat(options.targets()).extracting(Target::label).containsExactly("pid 4242",
                "http://db1:8778/jolokia/", "service:jmx:rmi:///jndi/rmi://db2:9010/jmxrmi", "pid 4343");
        assertThat(options.readsStdin()).isFalse();
    }

    @Test
    void badFlagsAreRefusedBeforeConnecting() {
        assertThat(run("update", "--pid", "1", "m", "int:1", "int:1", "--flags", "sometimes")).isEqualTo(2);
        assertThat(err.toString()).contains("'sometimes' is not a flag");
    }

    @Test
    void aPasswordWithoutUserIsBadInput() {
        assertThat(run("maps", "--url", "service:jmx:rmi:///jndi/rmi://127.0.0.1:1/jmxrmi", "--password-env", "X"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("a password was given without a user", "--user");
    }

    @Test
    void jolokiaUrlBecomesTheAdaptersServiceUrl() {
        assertThat(Target.jolokiaServiceUrl("http://db1:8778/jolokia/", "--jolokia").toString())
                .isEqualTo("service:jmx:jolokia://db1:8778/jolokia/");
        assertThat(Target.jolokiaServiceUrl("https://db1/", "--jolokia").getPort()).isEqualTo(443);
        assertThat(Target.jolokiaServiceUrl("http://db1:8778", "--jolokia").getURLPath()).isEqualTo("/jolokia");
    }

    @Test
    void aMalformedJolokiaUrlIsBadInput() {
        assertThat(run("maps", "--jolokia", "db1:8778")).isEqualTo(2);
        assertThat(err.toString()).contains("is not a Jolokia URL", "http://host:8778/jolokia/");
    }

    private int run(String... args) {
        CommandLine commandLine = Main.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }
}
