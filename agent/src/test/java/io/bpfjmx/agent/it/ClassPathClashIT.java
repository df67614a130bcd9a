package io.bpfjmx.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.bpfjmx.agent.it.apps.ClashHostApp;
import io.bpfjmx.libbpf.testing.RequiresBpf;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A host with its own JNA 5.8.0 and Micrometer 1.9.17 on the class path, started with the agent (JNA 5.17.0,
 * Micrometer 1.17.2 inside): both keep working side by side, each with its own versions.
 */
@RequiresBpf
class ClassPathClashIT {

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.bpfjmx.agent.it.Jdk#all")
    void hostKeepsItsOwnJnaAndMicrometerWhileTheAgentLoads(Jdk jdk) throws Exception {
        try (HostJvm host = HostJvm.on(jdk)
                .mainClass(ClashHostApp.class)
                .classPath(ItPaths.itLibs())
                .javaAgent(ItPaths.agentJar(), "object=" + ItPaths.bpfObject("fixtures.bpf.o"))
                .start()) {
            host.waitFor("host ready");
            assertThat(host.output())
                    .contains("host jna 5.8.0 from jna-5.8.0.jar")
                    .contains("host micrometer from micrometer-core-1.9.17.jar")
                    .contains("host round 1: getpid() = " + host.pid() + ", host.rounds = 1.0");

            assertThat(host.awaitObjectStatus("fixtures")).as(host.output()).isEqualTo("READY");

            // the agent's JNA and Micrometer are loaded now; the host's still work
            host.send("again");
            host.waitFor("host round 2: getpid() = " + host.pid() + ", host.rounds = 2.0");
            assertThat(host.isAlive()).isTrue();
            assertThat(host.output()).as("no stack traces").doesNotContain("\tat ");
        }
    }
}
