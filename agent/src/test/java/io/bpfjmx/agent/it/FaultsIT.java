package io.bpfjmx.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.bpfjmx.agent.it.apps.PlainHostApp;
import io.bpfjmx.libbpf.testing.RequiresBpf;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Faults of the machine around the agent, beside {@link LoadFailuresIT}'s: a libbpf too old, and no tracefs for a
 * tracepoint program. The host runs on, the object's Status says why over JMX, and the log says it in one line.
 */
@RequiresBpf
class FaultsIT {
    /** Hides tracefs (and debugfs, libbpf's other place for it) in a mount namespace of the host's own. */
    private static final String[] WITHOUT_TRACEFS = {"unshare", "--mount", "--propagation", "private", "sh", "-c",
        "for dir in /sys/kernel/tracing /sys/kernel/debug; do [ -d $dir ] && mount -t tmpfs none $dir; done; "
                + "exec \"$0\" \"$@\""};

    @TempDir
    static Path dir;

    static Stream<Arguments> faults() throws Exception {
        Path oldLibbpf = oldLibbpf();
        String logSyscalls = ItPaths.bpfObject("log_syscalls.bpf.o").toString();
        String tooOld = "libbpf at " + oldLibbpf + " is version 0.5; bpfjmx needs 0.8 or later: install it "
                + "(Debian/Ubuntu: apt-get install libbpf1; Fedora/RHEL: dnf install libbpf) or give the path of a "
                + "libbpf.so.1 of version 0.8 or later in the system property bpfjmx.libbpf (agent option libbpf=)";
        String notAttached = "READY (maps usable; not attached: attach of program 'log_syscalls' "
                + "(tracepoint/raw_syscalls/sys_enter) failed: ENOENT (attach point not found (a tracepoint needs "
                + "tracefs mounted at /sys/kernel/tracing; a kprobe needs the function to exist)))";
        return Jdk.all().stream().flatMap(jdk -> Stream.of(
                Arguments.of(jdk, "libbpf 0.5", "object=" + logSyscalls + ",libbpf=" + oldLibbpf, null,
                        "FAILED: " + tooOld, "bpfjmx: object " + logSyscalls + " failed to load: " + tooOld),
                Arguments.of(jdk, "no tracefs", "object=" + logSyscalls, WITHOUT_TRACEFS, notAttached,
                        "bpfjmx: object 'log_syscalls' " + notAttached + ", 1 maps")));
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("faults")
    void theHostRunsAndTheStatusSaysWhy(Jdk jdk, String fault, String options, String[] launcher, String status,
                                        String logLine) throws Exception {
        HostJvm.Builder builder = HostJvm.on(jdk).mainClass(PlainHostApp.class).javaAgent(ItPaths.agentJar(), options);
        if (launcher != null) {
            builder.launchedThrough(launcher);
        }
        try (HostJvm host = builder.start()) {
            host.waitFor("host ready");
            assertThat(host.awaitObjectStatus("log_syscalls")).as(host.output()).isEqualTo(status);
            host.waitFor(logLine);
            host.send("ping");
            host.waitFor("host echo ping");
            assertThat(host.output().lines().filter(l -> l.contains("bpfjmx: object"))).as(host.output()).hasSize(1);
            assertThat(host.output()).as("no stack traces").doesNotContain("\tat ");
        }
    }

    /** A stand-in libbpf that says it is 0.5, built with the system's C compiler. */
    private static Path oldLibbpf() throws Exception {
        Path source = Files.writeString(dir.resolve("libbpf-0.5.c"),
                "int libbpf_major_version(void) { return 0; }\nint libbpf_minor_version(void) { return 5; }\n");
        Path library = dir.resolve("libbpf.so.0.5");
        Process gcc = new ProcessBuilder("gcc", "-shared", "-fPIC", "-o", library.toString(), source.toString())
                .inheritIO().start();
        assertThat(gcc.waitFor()).as("gcc exit code").isZero();
        return library;
    }
}
