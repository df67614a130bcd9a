package io.bpfjmx.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bpfjmx.agent.it.apps.PlainHostApp;
import io.bpfjmx.libbpf.testing.RequiresBpf;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each way loading can fail leaves the host running, logs one line, and shows why in the object's Status over
 * JMX; with {@code failOnError=true} the failure is fatal instead.
 */
@RequiresBpf
class LoadFailuresIT {
    @TempDir
    static Path dir;

    static Stream<Arguments> failures() throws Exception {
        Path corrupt = Files.writeString(dir.resolve("corrupt.bpf.o"), "not an ELF object");
        corrupt.toFile().setReadable(true, false);
        String fixtures = ItPaths.bpfObject("fixtures.bpf.o").toString();
        String verifierReject = ItPaths.bpfObject("verifier_reject.bpf.o").toString();
        String deniedNativeAccess = "FAILED: JNA could not load its native part: java.lang.IllegalCallerException: "
                + "Illegal native access from an unnamed module (file:" + ItPaths.agentJar().toAbsolutePath() + "); "
                + "this JVM denies native access: start it with --enable-native-access=ALL-UNNAMED";
        Stream<Arguments> nativeAccess = Jdk.all().stream().filter(jdk -> jdk.feature() >= 24)
                .map(jdk -> Arguments.of(jdk, "native access denied", "object=" + fixtures, "fixtures",
                        deniedNativeAccess));
        return Stream.concat(nativeAccess, Jdk.all().stream().flatMap(jdk -> Stream.of(
                Arguments.of(jdk, "no libbpf", "object=" + fixtures + ",libbpf=/nonexistent/libbpf.so.1", "fixtures",
                        "FAILED: libbpf not found at /nonexistent/libbpf.so.1 (no such readable file); install it "
                                + "(Debian/Ubuntu: apt-get install libbpf1"),
                Arguments.of(jdk, "unprivileged JVM", "object=" + fixtures, "fixtures",
                        "FAILED: load of object '" + fixtures + "' failed: EPERM (operation not permitted: the process "
                                + "needs CAP_BPF (or root), plus CAP_PERFMON for tracing programs)"),
                Arguments.of(jdk, "missing object", "object=/nonexistent/missing.bpf.o", "missing",
                        "FAILED: open of object '/nonexistent/missing.bpf.o' failed: ENOENT (no such file, pin or id)"),
                Arguments.of(jdk, "corrupt object", "object=" + corrupt, "corrupt",
                        "FAILED: open of object '" + corrupt + "' failed: LIBBPF_ERRNO__FORMAT (BPF object format "
                                + "invalid"),
                Arguments.of(jdk, "verifier rejection", "object=" + verifierReject, "verifier_reject",
                        "FAILED: load of object '" + verifierReject + "' failed: EACCES"))));
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("failures")
    void theHostRunsAndTheStatusSaysWhy(Jdk jdk, String failure, String options, String object, String status)
            throws Exception {
        HostJvm.Builder builder = HostJvm.on(jdk).mainClass(PlainHostApp.class).javaAgent(ItPaths.agentJar(), options);
        if (failure.equals("unprivileged JVM")) {
            builder.runAs("nobody", "nogroup");
        }
        if (failure.equals("native access denied")) {
            builder.jvmArg("--illegal-native-access=deny"); // JDK 24+: JNA's System.load is refused
        }
        try (HostJvm host = builder.start()) {
            host.waitFor("host ready");
            assertThat(host.awaitObjectStatus(object)).as(host.output()).startsWith(status);
            host.send("ping");
            host.waitFor("host echo ping");
            assertThat(host.output().lines().filter(l -> l.contains("bpfjmx: object")))
                    .as(host.output()).hasSize(1)
                    .allSatisfy(line -> assertThat(line).contains("failed to load"));
            assertThat(host.output()).as("no stack traces").doesNotContain("\tat ");
            if (failure.equals("verifier rejection")) {
                assertThat(host.output()).contains("R0 invalid mem access 'map_value_or_null'");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.bpfjmx.agent.it.Jdk#all")
    void failOnErrorStopsAJvmStartingWithTheAgent(Jdk jdk) throws Exception {
        try (HostJvm host = HostJvm.on(jdk).mainClass(PlainHostApp.class)
                .javaAgent(ItPaths.agentJar(), "object=/nonexistent/missing.bpf.o,failOnError=true").start()) {
            assertThat(host.waitForExit(30, TimeUnit.SECONDS)).as(host.output()).isNotZero();
            assertThat(host.output()).doesNotContain("host ready")
                    .contains("bpfjmx failed to load (failOnError=true): open of object '/nonexistent/missing.bpf.o' "
                            + "failed: ENOENT");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.bpfjmx.agent.it.Jdk#all")
    void failOnErrorFailsAnAttachButNotTheHost(Jdk jdk) throws Exception {
        try (HostJvm host = HostJvm.on(jdk).mainClass(PlainHostApp.class).allowDynamicAgents().start()) {
            host.waitFor("host ready");
            // the attach API reports only "agent failed to initialize"; the reason is in the host's log
            assertThatThrownBy(() -> host.attachAgent(ItPaths.agentJar(),
                    "object=/nonexistent/other.bpf.o,failOnError=true"))
                    .hasStackTraceContaining("Agent JAR loaded but agent failed to initialize");
            host.waitFor("bpfjmx failed to load (failOnError=true): open of object '/nonexistent/other.bpf.o' failed: "
                    + "ENOENT");
            host.send("ping");
            host.waitFor("host echo ping");
        }
    }
}
