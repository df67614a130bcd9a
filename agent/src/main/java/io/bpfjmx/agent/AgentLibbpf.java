package io.bpfjmx.agent;

import io.bpfjmx.agent.options.AgentOptions;
import io.bpfjmx.libbpf.LibBpfLibrary;
import io.bpfjmx.libbpf.PossibleCpus;
import java.nio.file.Path;

/**
 * The libbpf the agent options name ({@code libbpf=}, else the system's {@code libbpf.so.1}), and what an object's
 * MBean tells of it. Never another one: the library's own {@code ensureLoaded()} would load the system's when the
 * named one failed. Nothing of bpfjmx's own exception classes leaves here: JMX clients cannot read them.
 *
 * <p>{@code jnaTmpDir=} moves only the agent's JNA. JNA 5.17 reads {@code jna.tmpdir} when it unpacks a native
 * library ({@code Native.getTempDir()}): its own {@code libjnidispatch.so} while its class {@code Native}
 * initialises, and a library found only inside a jar, which libbpf never is. So the property is set while libbpf,
 * and with it the agent's JNA, loads, and then put back as the host had it.
 */
final class AgentLibbpf {
    private static final String JNA_TMPDIR = "jna.tmpdir";
    /** Whether the agent's JNA and libbpf loaded: from then on nothing reads jna.tmpdir for the agent. */
    private static boolean loaded;

    private final Path path;
    private final Path jnaTmpDir;

    AgentLibbpf(AgentOptions options) {
        this.path = options.libbpf();
        this.jnaTmpDir = options.jnaTmpDir();
    }

    /**
     * Loads the named libbpf, or does nothing if it is loaded.
     *
     * @throws io.bpfjmx.libbpf.LibBpfUnavailableException when it cannot, or another libbpf is loaded
     */
    void load() {
        synchronized (AgentLibbpf.class) {
            if (loaded || jnaTmpDir == null) {
                LibBpfLibrary.load(path);
                loaded = true;
                return;
            }
            String hosts = System.getProperty(JNA_TMPDIR);
            System.setProperty(JNA_TMPDIR, jnaTmpDir.toString());
            try {
                LibBpfLibrary.load(path);
                loaded = true;
            } finally {
                if (hosts == null) {
                    System.clearProperty(JNA_TMPDIR);
                } else {
                    System.setProperty(JNA_TMPDIR, hosts);
                }
            }
        }
    }

    /**
     * {@link #load}, and what the first object's load calls first readied (see
     * {@link LibBpfLibrary#prepareObjectLoad}): for a thread that runs beside the one that will load.
     */
    void loadAhead() {
        load();
        LibBpfLibrary.prepareObjectLoad();
    }

    /**
     * {@code v1.1 (libbpf.so.1, through java.lang.foreign)}: the version, where it was loaded from and the binding
     * that calls it ({@code JNA} before JDK 22); or {@code unavailable: <why>}.
     */
    String version() {
        try {
            load();
            return LibBpfLibrary.version() + " (" + LibBpfLibrary.loadedFrom() + ", through " + LibBpfLibrary.binding()
                    + ")";
        } catch (RuntimeException | LinkageError e) {
            return "unavailable: " + reason(e);
        }
    }

    /**
     * The possible CPUs, counted by the named libbpf.
     *
     * @throws IllegalStateException saying why, when libbpf is not loaded or cannot count them
     */
    int possibleCpus() {
        try {
            load();
            return PossibleCpus.count();
        } catch (RuntimeException | LinkageError e) {
            throw new IllegalStateException("PossibleCpus unknown: " + reason(e));
        }
    }

    /** What went wrong, in the words of the exception, or its class where it has none. */
    static String reason(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.toString() : message;
    }
}
