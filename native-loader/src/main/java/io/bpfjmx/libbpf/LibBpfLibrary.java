package io.bpfjmx.libbpf;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Logger;

/**
 * Finds {@code libbpf.so.1} (on the system, or at a path the user gives), checks it is at least 0.8 and binds
 * {@link LibBpf} to it. Happens once per class loader; everything in this package calls {@link #ensureLoaded()}
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

    /** Why JNA's native part did not load: a class that failed to initialise stays failed, so it is told again. */
    private static String jnaFailure;
    private static String loadedFrom;
    private static NativeLibrary library;
    private static volatile String version;

    private LibBpfLibrary() {}

    /** Loads libbpf from the system property's path, or the system's {@code libbpf.so.1}; a no-op once loaded. */
    public static void ensureLoaded() {
        if (version == null) {
            String path = System.getProperty(PATH_PROPERTY);
            load(path == null || path.isBlank() ? null : Path.of(path));
        }
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
        startJna();
        NativeLibrary library;
        try {
            library = NativeLibrary.getInstance(wanted);
        } catch (UnsatisfiedLinkError e) {
            throw new LibBpfUnavailableException("libbpf could not be loaded from " + wanted + ": "
                    + firstLine(e.getMessage()) + "; " + INSTALL_HINT, e);
        }
        String found = checkVersion(library, wanted);
        try {
            LibBpf.register(library);
        } catch (UnsatisfiedLinkError e) {
            throw new LibBpfUnavailableException("libbpf " + found + " at " + wanted + " lacks a function bpfjmx "
                    + "needs (" + firstLine(e.getMessage()) + "); " + INSTALL_HINT, e);
        }
        LibBpfLibrary.library = library;
        loadedFrom = wanted;
        version = found;
        LOG.fine(() -> "libbpf " + found + " loaded from " + wanted);
    }

    /**
     * Loads JNA's own native library (unpacked to a temporary file), or says why it cannot: a JVM that denies native
     * access ({@code --illegal-native-access=deny}), a temporary directory mounted {@code noexec}.
     */
    private static void startJna() {
        if (jnaFailure == null) {
            try {
                Class.forName("com.sun.jna.Native", true, LibBpfLibrary.class.getClassLoader());
                return;
            } catch (ClassNotFoundException | LinkageError | RuntimeException e) {
                Throwable cause = e instanceof ExceptionInInitializerError && e.getCause() != null ? e.getCause() : e;
                jnaFailure = "JNA could not load its native part: " + firstLine(cause.toString())
                        + (cause instanceof IllegalCallerException
                        ? "; this JVM denies native access: start it with --enable-native-access=ALL-UNNAMED"
                        : "; if the temporary directory is mounted noexec, name another in the agent option jnaTmpDir"
                        + " (system property jna.tmpdir)");
            }
        }
        throw new LibBpfUnavailableException(jnaFailure, null);
    }

    /** libbpf's version, e.g. {@code v1.1}; loads the library if needed. */
    public static String version() {
        ensureLoaded();
        return version;
    }

    /** The loaded library, for {@link ForeignCalls} to find functions in; loads it if needed. */
    static synchronized NativeLibrary library() {
        ensureLoaded();
        return library;
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
        int fd = LibBpf.bpf_map_create(MapType.ARRAY.number(), "bpfjmx_probe", 4, 4, 1, null);
        if (fd < 0) {
            return java.util.Optional.of("cannot create BPF maps: " + Errno.nameOf(-fd) + " ("
                    + Errno.meaningOf(-fd, MapOperation.OPEN) + "); run as root or give the JVM CAP_BPF"
                    + " (with CAP_PERFMON to attach tracing programs)");
        }
        LibC.close(fd);
        return java.util.Optional.empty();
    }

    static String checkVersion(NativeLibrary library, String wanted) {
        int major;
        int minor;
        try {
            // libbpf_major_version and libbpf_minor_version appeared in 0.6: without them, it is older
            major = library.getFunction("libbpf_major_version").invokeInt(new Object[0]);
            minor = library.getFunction("libbpf_minor_version").invokeInt(new Object[0]);
        } catch (UnsatisfiedLinkError e) {
            throw new LibBpfUnavailableException("libbpf at " + wanted + " is older than 0.6 (it has no "
                    + "libbpf_major_version); bpfjmx needs 0.8 or later: " + INSTALL_HINT, e);
        }
        String found = major + "." + minor;
        if (major < MIN_MAJOR || (major == MIN_MAJOR && minor < MIN_MINOR)) {
            throw new LibBpfUnavailableException("libbpf at " + wanted + " is version " + found
                    + "; bpfjmx needs 0.8 or later: " + INSTALL_HINT, null);
        }
        Function versionString = library.getFunction("libbpf_version_string");
        return versionString.invokeString(new Object[0], false);
    }

    private static String firstLine(String text) {
        return text == null ? "unknown reason" : text.lines().findFirst().orElse(text);
    }
}
