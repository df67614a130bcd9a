package io.bpfjmx.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TargetsFileTest {

    @Test
    void oneTargetALineOfAnyKindInFileOrder() {
        List<Target> targets = TargetsFile.parse("""
                # the fleet
                4242
                  service:jmx:rmi:///jndi/rmi://db1:9010/jmxrmi\t

                http://db2:8778/jolokia/   # behind Jolokia
                https://db3/jolokia/#main
                """, "hosts.txt");
        assertThat(targets).extracting(Target::label).containsExactly("pid 4242",
                "service:jmx:rmi:///jndi/rmi://db1:9010/jmxrmi", "http://db2:8778/jolokia/",
                "https://db3/jolokia/#main");
        assertThat(targets).extracting(Target::local).containsExactly(true, false, false, false);
    }

    @Test
    void aLineThatIsNoTargetIsNamedByFileAndLine() {
        assertThatThrownBy(() -> TargetsFile.parse("4242\ndb1:8778\n", "hosts.txt"))
                .isInstanceOfSatisfying(CliException.class, e -> {
                    assertThat(e.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
                    assertThat(e.hint()).contains("a PID (4242)", "service:jmx:", "http://host:8778/jolokia/");
                })
                .hasMessage("--targets hosts.txt line 2: db1:8778 is not a target");
        assertThatThrownBy(() -> TargetsFile.parse("4242 4343\n", "hosts.txt"))
                .hasMessage("--targets hosts.txt line 1: 4242 4343 is not a target");
    }

    @Test
    void aMalformedUrlIsRefusedBeforeAnyTargetIsTouched() {
        assertThatThrownBy(() -> TargetsFile.parse("http://\n", "hosts.txt"))
                .hasMessageStartingWith("--targets hosts.txt line 1: http:// is not a Jolokia URL");
        assertThatThrownBy(() -> TargetsFile.parse("4242\nservice:jmx:nope\n", "hosts.txt"))
                .hasMessageStartingWith("--targets hosts.txt line 2: service:jmx:nope is not a JMX service URL");
    }

    @Test
    void aFileWithoutTargetsIsRefused() {
        assertThatThrownBy(() -> TargetsFile.parse("# nobody\n\n", "hosts.txt"))
                .isInstanceOfSatisfying(CliException.class,
                        e -> assertThat(e.exitCode()).isEqualTo(ExitCode.BAD_INPUT))
                .hasMessage("--targets hosts.txt lists no targets");
    }

    @Test
    void anUnreadableFileIsBadInput() {
        assertThatThrownBy(() -> TargetsFile.read("/nonexistent/hosts.txt"))
                .isInstanceOfSatisfying(CliException.class,
                        e -> assertThat(e.exitCode()).isEqualTo(ExitCode.BAD_INPUT))
                .hasMessageStartingWith("cannot read /nonexistent/hosts.txt");
    }
}
