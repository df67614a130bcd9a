package io.bpfjmx.client.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

/** The files the ITs use, as Failsafe passes them (see jmx-client/pom.xml and the parent's bpfjmx.bpfDir). */
final class ItPaths {
    private ItPaths() {}

    /** target/bpfjmx.jar: the CLI as an operator runs it. */
    static Path cliJar() {
        return existing("bpfjmx.cliJar");
    }

    /** target/bpfjmx: the launcher script beside it. */
    static Path launcher() {
        return existing("bpfjmx.launcher");
    }

    static Path agentJar() {
        return existing("bpfjmx.agentJar");
    }

    /** The JVM option that loads the agent with fixtures.bpf.o, fatal if it fails: the targets' common set-up. */
    static String agentWithFixtures() {
        return "-javaagent:" + agentJar() + "=object=" + bpfObject("fixtures.bpf.o") + ",failOnError=true";
    }

    static Path jolokiaAgentJar() {
        return existing("bpfjmx.jolokiaAgentJar");
    }

    static Path bpfObject(String file) {
        Path path = Path.of(System.getProperty("bpfjmx.bpfDir"), file).toAbsolutePath().normalize();
        assertThat(path).as("BPF object").isRegularFile();
        return path;
    }

    /** The java running the tests: the CLI and the targets run on the same JDK. */
    static String java() {
        return ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin",
                "java").toString());
    }

    private static Path existing(String property) {
        String value = System.getProperty(property);
        assertThat(value).as("system property " + property + " (set by Failsafe)").isNotNull();
        Path path = Path.of(value);
        assertThat(Files.exists(path)).as(path + " exists (run the ITs through Maven's verify)").isTrue();
        return path;
    }
}
