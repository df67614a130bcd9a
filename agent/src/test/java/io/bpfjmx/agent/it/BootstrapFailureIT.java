package io.bpfjmx.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.bpfjmx.agent.it.apps.PlainHostApp;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Whatever goes wrong in the agent itself, the host application starts and runs. (Objects that fail to load:
 * {@link LoadFailuresIT}.)
 */
class BootstrapFailureIT {

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.bpfjmx.agent.it.Jdk#all")
    void garbageOptionsLeaveTheHostRunning(Jdk jdk) throws Exception {
        try (HostJvm host = startWithAgent(jdk, ItPaths.agentJar(), "nonsense=1")) {
            host.waitFor("host ready");
            assertStillServing(host);
            assertThat(agentLines(host)).as(host.output()).contains("bpfjmx");
        }
    }

    /** The bootstrap alone, its core missing: it logs one line naming what it could not load, and the host runs. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.bpfjmx.agent.it.Jdk#all")
    void agentJarWithoutItsCoreLeavesTheHostRunning(Jdk jdk, @TempDir Path dir) throws Exception {
        Path broken = bootstrapOnly(ItPaths.agentJar(), dir.resolve("broken-agent.jar"));
        try (HostJvm host = startWithAgent(jdk, broken, "object=" + ItPaths.bpfObject("fixtures.bpf.o"))) {
            host.waitFor("host ready");
            assertStillServing(host);
            assertThat(host.output())
                    .contains("bpfjmx agent not started: cannot load io.bpfjmx.agent.AgentMain from the agent jar: "
                            + "java.lang.ClassNotFoundException: io.bpfjmx.agent.AgentMain");
        }
    }

    private static HostJvm startWithAgent(Jdk jdk, Path jar, String options) throws IOException {
        return HostJvm.on(jdk).mainClass(PlainHostApp.class).javaAgent(jar, options).start();
    }

    private static void assertStillServing(HostJvm host) throws Exception {
        host.send("ping");
        host.waitFor("host echo ping");
        assertThat(host.isAlive()).isTrue();
        assertThat(host.output()).as("no stack traces").doesNotContain("\tat ");
    }

    /** The output without the host application's own lines. */
    private static String agentLines(HostJvm host) {
        return host.output().lines().filter(line -> !line.startsWith("host ")).reduce("", (a, b) -> a + b + "\n");
    }

    /** A copy of the agent jar with only its manifest and bootstrap classes. */
    private static Path bootstrapOnly(Path agentJar, Path target) throws IOException {
        try (JarFile source = new JarFile(agentJar.toFile())) {
            Manifest manifest = source.getManifest();
            assertThat(manifest.getMainAttributes().getValue(new Attributes.Name("Premain-Class"))).isNotNull();
            try (OutputStream file = Files.newOutputStream(target);
                    JarOutputStream jar = new JarOutputStream(file, manifest)) {
                for (JarEntry entry : Collections.list(source.entries())) {
                    if (entry.getName().startsWith("io/bpfjmx/agent/bootstrap/") && !entry.isDirectory()) {
                        jar.putNextEntry(new JarEntry(entry.getName()));
                        try (InputStream in = source.getInputStream(entry)) {
                            in.transferTo(jar);
                        }
                        jar.closeEntry();
                    }
                }
            }
        }
        return target;
    }
}
