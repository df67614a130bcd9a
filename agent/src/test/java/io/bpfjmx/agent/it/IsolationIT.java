package io.bpfjmx.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.bpfjmx.agent.it.apps.HostMBeanServerBuilder;
import io.bpfjmx.agent.it.apps.PropertiesHostApp;
import io.bpfjmx.libbpf.testing.RequiresBpf;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the agent does in the host's JVM stays the agent's: the platform MBean server it makes is the one the
 * application's settings ask for, and its JNA settings do not move the host's. (The host's own JNA and Micrometer
 * beside the agent's: {@link ClassPathClashIT}.)
 */
@RequiresBpf
class IsolationIT {
    private static final String FIXTURES = "object=" + ItPaths.bpfObject("fixtures.bpf.o");

    /** Application servers name their own MBeanServerBuilder, on the application's class path. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.bpfjmx.agent.it.Jdk#all")
    void theAgentMakesThePlatformMBeanServerWithTheApplicationsBuilder(Jdk jdk) throws Exception {
        try (HostJvm host = HostJvm.on(jdk).mainClass(PropertiesHostApp.class)
                .jvmArg("-Djavax.management.builder.initial=" + HostMBeanServerBuilder.class.getName())
                .javaAgent(ItPaths.agentJar(), FIXTURES).start()) {
            host.waitFor("host ready");
            // the host itself never touches JMX: the agent's thread that makes the server from the start is the first
            host.waitFor("host builder: MBean server made on thread bpfjmx-mbean-server");
            assertThat(host.awaitObjectStatus("fixtures")).as(host.output()).isEqualTo("READY");
            assertThat(host.output()).as("no stack traces").doesNotContain("\tat ");
        }
    }

    /**
     * {@code jnaTmpDir} is where the agent's JNA unpacks (JDK 17-21; from JDK 22 on, no JNA native part is loaded at
     * all); the host's {@code jna.tmpdir} stays as it was.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.bpfjmx.agent.it.Jdk#all")
    void jnaTmpDirMovesOnlyTheAgentsJna(Jdk jdk, @TempDir Path dir) throws Exception {
        Path agentDir = Files.createDirectory(dir.resolve("agent-jna"));
        Path hostDir = Files.createDirectory(dir.resolve("host-jna"));
        try (HostJvm plain = HostJvm.on(jdk).mainClass(PropertiesHostApp.class)
                .javaAgent(ItPaths.agentJar(), FIXTURES + ",jnaTmpDir=" + agentDir).start();
                HostJvm withItsOwn = HostJvm.on(jdk).mainClass(PropertiesHostApp.class)
                        .jvmArg("-Djna.tmpdir=" + hostDir)
                        .javaAgent(ItPaths.agentJar(), FIXTURES + ",jnaTmpDir=" + agentDir).start()) {
            for (HostJvm host : new HostJvm[] {plain, withItsOwn}) {
                host.waitFor("host ready");
                assertThat(host.awaitObjectStatus("fixtures")).as(host.output()).isEqualTo("READY");
                String mapped = Files.readString(Path.of("/proc/" + host.pid() + "/maps"));
                if (jdk.feature() >= 22) {
                    assertThat(mapped).as("no JNA native part: the JDK makes the calls").doesNotContain("jnidispatch");
                } else {
                    assertThat(mapped).as("the agent's JNA is unpacked in jnaTmpDir").contains(agentDir + "/jna");
                }
                host.send("jna.tmpdir");
            }
            plain.waitFor("host jna.tmpdir=null");
            withItsOwn.waitFor("host jna.tmpdir=" + hostDir);
            assertThat(plain.output() + withItsOwn.output()).as("no stack traces").doesNotContain("\tat ");
        }
    }
}
