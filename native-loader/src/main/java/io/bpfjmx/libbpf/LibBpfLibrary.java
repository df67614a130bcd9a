package io.bpfjmx.libbpf;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.ToIntFunction;
import java.util.logging.Logger;

/**
 * Finds {@code libbpf.so.1} (on the system, or at a path the user gives), checks it is at least 0.8 and binds
 * {@link LibBpf} to it: through {@code java.lang.foreign} on JDK 22 and later ({@link ForeignBinding}), through JNA
 * before. Happens once per class loader; everything in this package calls {@link #ensureLoaded()}
 * before its first native call. libbpf's print function stays the process's own: bpfjmx sets its own only during
 * its calls (see {@link LibBpfLog}).
 */
public final class LibBpfLibrary {
    /** System property naming libbpf's path when it is not the system's {@code libbpf.so.1}. */
    public static final String PATH_PROPERTY = "bpfjmx.libbpf";

    static final String SYSTEM_NAME = "libbpf.so.1";
    private static final int MIN_MAJOR = 0;
    private static final int MIN_MINOR = 8;
    private static final String INSTALL_HINT = "install it (Debian/Ubuntu: apt-get install libbpf1; Fedora/RHEL: "
            + "dnf install libbpf) or give the path of a libbpf.so.1 of version 0.8 or later in the system property "
            + PATH_PROPERTY + " (agent option libbpf=)";
    private static final Logger LOG = Logger.getLogger(LibBpfLibrary.class.getName());

    private static String loadedFrom;
    /** The binding in use; volatile, as {@link #libbpf()} reads it without the lock. */
    private static volatile LibBpf libbpf;
    private static volatile String version;

    private LibBpfLibrary() {}

    /** Loads libbpf from the system property's path, or the system's {@code libbpf.so.1}; a no-op once loaded. */
    public static void ensureLoaded() {
        if (version == null) {
            String path = System.getProperty(PATH_PROPERTY);
            load(path == null || path.isBlank() ? null : Path.of(path));
        }
    }

    /** libbpf's functions, through the binding {@link #load} chose; loads libbpf if needed. */
    static LibBpf libbpf() {
        LibBpf bound = libbpf;
        if (bound == null) {
            ensureLoaded();
            bound = libbpf;
        }
        return bound;
    }

    /**
     * Loads libbpf from {@code path}, or the system's {@code libbpf.so.1} when null.
     *
     * @throws LibBpfUnavailableException when it is missing, older than 0.8, or a different library is loaded
     */
    public static synchronized void load(Path path) {
        String wanted = path == null ? SYSTEM_NAME : path.toAbsolutePath().toString();
        if (path != null && !Files.isReadable(path)) {
            throw new LibBpfUnavailableException("libbpf not found at " + wanted + " (no such readable file); "
                    + INSTALL_HINT, null);
        }
        if (version != null) {
            if (!loadedFrom.equals(wanted)) {
                throw new LibBpfUnavailableException("libbpf is already loaded from " + loadedFrom
                        + "; cannot switch to " + wanted + " in the same JVM", null);
            }
            return;
        }
        LibBpf bound = bind(wanted);
        String found = bound.libbpf_version_string();
        libbpf = bound;
        loadedFrom = wanted;
        version = found;
        LOG.fine(() -> "libbpf " + found + " loaded from " + wanted + " through " + bound.binding());
    }

    /**
     * Readies, on the calling thread, what the first object's open and load would otherwise pay for on theirs:
     * bpfjmx's print function, and the binding's first links ({@link LibBpf#prepareObjectLoad}). Loads libbpf if
     * needed. For a thread that runs beside the one that will load, as the agent's does.
     */
    public static void prepareObjectLoad() {
        LibBpfLog.prepare();
        libbpf().prepareObjectLoad();
    }

    /** Binds libbpf at {@code wanted} through the JDK on JDK 22 and later, through JNA before. */
    static LibBpf bind(String wanted) {
        return ForeignBinding.wanted() ? ForeignBinding.bind(wanted) : JnaLibBpf.bind(wanted);
    }

    /** {@code JNA} or {@code java.lang.foreign}: which binding makes bpfjmx's native calls; loads libbpf if needed. */
    public static String binding() {
        return libbpf().binding();
    }

    /** libbpf's version, e.g. {@code v1.1}; loads the library if needed. */
    public static String version() {
        ensureLoaded();
        return version;
    }

    /** Where libbpf was loaded from: {@code libbpf.so.1} (the system's) or an absolute path. */
    public static String loadedFrom() {
        ensureLoaded();
        return loadedFrom;
    }

    /**
     * Why this process cannot create BPF maps (the test of CAP_BPF or root), or empty when it can: creates a
     * one-element array map and closes it.
     */
    public static java.util.Optional<String> privilegeProblem() {
        try {
            ensureLoaded();
        } catch (LibBpfUnavailableException e) {
            return java.util.Optional.of(e.getMessage());
        }
        int fd = libbpf().bpf_map_create(MapType.ARRAY.number(), "bpfjmx_probe", 4, 4, 1, 0);
        if (fd < 0) {
            return java.util.Optional.of("cannot create BPF maps: " + Errno.nameOf(-fd) + " ("
                    + Errno.meaningOf(-fd, MapOperation.OPEN) + "); run as root or give the JVM CAP_BPF"
                    + " (with CAP_PERFMON to attach tracing programs)");
        }
        libbpf().close(fd);
        return java.util.Optional.empty();
    }

    /**
     * Refuses a libbpf older than 0.8, asking its version of {@code versionFunction}, which calls the library's
     * function of that name without arguments (or throws {@link UnsatisfiedLinkError} when there is none).
     */
    static void checkVersion(String wanted, ToIntFunction<String> versionFunction) {
        int major;
        int minor;
        try {
            // libbpf_major_version and libbpf_minor_version appeared in 0.6: without them, it is older
            major = versionFunction.applyAsInt("libbpf_major_version");
            minor = versionFunction.applyAsInt("libbpf_minor_version");
        } catch (UnsatisfiedLinkError e) {
            throw new LibBpfUnavailableException("libbpf at " + wanted + " is older than 0.6 (it has no "
                    + "libbpf_major_version); bpfjmx needs 0.8 or later: " + INSTALL_HINT, e);
        }
        if (major < MIN_MAJOR || (major == MIN_MAJOR && minor < MIN_MINOR)) {
            throw new LibBpfUnavailableException("libbpf at " + wanted + " is version " + major + "." + minor
                    + "; bpfjmx needs 0.8 or later: " + INSTALL_HINT, null);
        }
    }

    /** For a binding: the library at {@code wanted} would not load. */
    static LibBpfUnavailableException cannotLoad(String wanted, Throwable cause) {
        return new LibBpfUnavailableException("libbpf could not be loaded from " + wanted + ": "
                + firstLine(cause.getMessage()) + "; " + INSTALL_HINT, cause);
    }

    /** For a binding: the library at {@code wanted} lacks a function bpfjmx calls. */
    static LibBpfUnavailableException lacksFunction(String wanted, UnsatisfiedLinkError cause) {
        return new LibBpfUnavailableException("libbpf at " + wanted + " lacks a function bpfjmx needs ("
                + firstLine(cause.getMessage()) + "); " + INSTALL_HINT, cause);
    }

    static String firstLine(String text) {
        return text == null ? "unknown reason" : text.lines().findFirst().orElse(text);
    }
}
