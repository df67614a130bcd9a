package io.bpfjmx.libbpf.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** The committed BPF objects under the repository's {@code bpf/} folder. */
public final class BpfObjects {
    private BpfObjects() {}

    public static Path logSyscalls() {
        return path("log_syscalls.bpf.o");
    }

    public static Path fixtures() {
        return path("fixtures.bpf.o");
    }

    /** Maps whose BTF types cover every kind the codec knows (bpf/README.md lists them). */
    public static Path types() {
        return path("types.bpf.o");
    }

    /** Several programs (three tracepoints, one kprobe that cannot attach) and one map: bpf/README.md. */
    public static Path programs() {
        return path("programs.bpf.o");
    }

    /** A queue, a stack, a bloom filter, a ring buffer and a perf event array: bpf/README.md. */
    public static Path keyless() {
        return path("keyless.bpf.o");
    }

    /**
     * Maps whose values are file descriptors (a program array, maps of maps, a socket map) and the programs that use
     * them on getpid, in the process named by {@code watched_pid} only: bpf/README.md.
     */
    public static Path fdMaps() {
        return path("fd_maps.bpf.o");
    }

    public static Path verifierReject() {
        return path("verifier_reject.bpf.o");
    }

    /** {@code bpfjmx.bpfDir} as Maven sets it, else the nearest {@code bpf/} folder above the working directory. */
    public static Path path(String object) {
        String configured = System.getProperty("bpfjmx.bpfDir");
        if (configured != null) {
            return Path.of(configured, object);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("bpf").resolve(object))) {
                return dir.resolve("bpf").resolve(object);
            }
        }
        throw new IllegalStateException("cannot find bpf/" + object + " above " + Path.of("").toAbsolutePath());
    }
}
