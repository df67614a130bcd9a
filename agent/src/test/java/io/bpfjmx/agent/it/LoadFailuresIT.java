package io.bpfjmx.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bpfjmx.agent.it.apps.PlainHostApp;
import io.bpfjmx.libbpf.testing.RequiresBpf;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.RuntimeMBeanException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each way loading can fail leaves the host running, logs one line, and shows why in the object's Status over
 * JMX; with {@code failOnError=true} the failure is fatal instead. The object's other attributes answer with JDK
 * types only, even when libbpf could not be loaded, and load no libbpf but the one the options name.
 */
@RequiresBpf
class LoadFailuresIT {
    @TempDir
    static Path dir;
    /** What the JVM run as {@code nobody} reads, where {@code nobody} can read it, wherever the checkout is. */
    private static WorldReadableCopies forNobody;

    @AfterAll
    static void deleteCopies() throws Exception {
        if (forNobody != null) {
            forNobody.close();
        }
    }

    static Stream<Arguments> failures() throws Exception {
        Path corrupt = Files.writeString(dir.resolve("corrupt.bpf.o"), "not an ELF object");
        String fixtures = ItPaths.bpfObject("fixtures.bpf.o").toString();
        forNobody = WorldReadableCopies.create();
        String fixturesForNobody = forNobody.copy(ItPaths.bpfObject("fixtures.bpf.o")).toString();
        String verifierReject = ItPaths.bpfObject("verifier_reject.bpf.o").toString();
        // JDK 24 and later: the java.lang.foreign binding's first restricted call is refused
        String deniedNativeAccess = "FAILED: this JVM denies native access, which bpfjmx needs to call libbpf: start "
                + "it with --enable-native-access=ALL-UNNAMED";
        Stream<Arguments> nativeAccess = Jdk.all().stream().filter(jdk -> jdk.feature() >= 24)
                .map(jdk -> Arguments.of(jdk, "native access denied", "object=" + fixtures, "fixtures",
                        deniedNativeAccess));
        return Stream.concat(nativeAccess, Jdk.all().stream().flatMap(jdk -> Stream.of(
                Arguments.of(jdk, "no libbpf", "object=" + fixtures + ",libbpf=/nonexistent/libbpf.so.1", "fixtures",
                        "FAILED: libbpf not found at /nonexistent/libbpf.so.1 (no such readable file); install it "
                                + "(Debian/Ubuntu: apt-get install libbpf1"),
                Arguments.of(jdk, "unprivileged JVM", "object=" + fixturesForNobody, "fixtures",
                        "FAILED: load of object '" + fixturesForNobody + "' failed: EPERM (operation not permitted: "
                                + "the process needs CAP_BPF (or root), plus CAP_PERFMON for tracing programs)"),
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
        HostJvm.Builder builder = HostJvm.on(jdk).mainClass(PlainHostApp.class);
        if (failure.equals("unprivileged JVM")) {
            // the test classes stay first on the class path; where nobody cannot read them, the copy is found
            builder.runAs("nobody", "nogroup").classPath(List.of(forNobody.copyClass(PlainHostApp.class)))
                    .javaAgent(forNobody.copy(ItPaths.agentJar()), options);
        } else {
            builder.javaAgent(ItPaths.agentJar(), options);
        }
        if (failure.equals("native access denied")) {
            builder.jvmArg("--illegal-native-access=deny"); // JDK 24+: restricted methods are refused
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
            assertLibbpfAttributes(host, object, failure.equals("no libbpf") || failure.equals("native access denied")
                    ? status.substring("FAILED: ".length()) : null);
        }
    }

    /**
     * {@code PossibleCpus} and {@code LibbpfVersion} over real (RMI) JMX: with libbpf loaded, a count and a version;
     * without, JDK answers that say why (a client without bpfjmx's classes cannot read bpfjmx's exceptions), and the
     * system's libbpf is not loaded behind the options' back.
     *
     * @param libbpfProblem why libbpf is not loaded, or null when it is
     */
    private static void assertLibbpfAttributes(HostJvm host, String object, String libbpfProblem) throws Exception {
        MBeanServerConnection jmx = host.connect();
        ObjectName name = HostJvm.bpfObjectName(object);
        if (libbpfProblem == null) {
            assertThat((Integer) jmx.getAttribute(name, "PossibleCpus")).isPositive();
            assertThat((String) jmx.getAttribute(name, "LibbpfVersion")).matches("v\\d+\\.\\d+ \\(.+\\)");
            return;
        }
        assertThatThrownBy(() -> jmx.getAttribute(name, "PossibleCpus"))
                .isInstanceOf(RuntimeMBeanException.class).cause()
                .isExactlyInstanceOf(IllegalStateException.class).hasNoCause()
                .hasMessageStartingWith("PossibleCpus unknown: " + libbpfProblem);
        assertThat(jmx.getAttribute(name, "LibbpfVersion")).asString()
                .startsWith("unavailable: " + libbpfProblem);
        assertThat(jmx.getAttributes(name, new String[] {"Status", "PossibleCpus", "LibbpfVersion"}).asList())
                .hasSize(2);
        assertThat(Files.readString(Path.of("/proc/" + host.pid() + "/maps")))
                .as("no libbpf loaded but the one the options name").doesNotContain("libbpf.so");
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
