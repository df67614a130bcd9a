package io.bpfjmx.libbpf;

import java.lang.reflect.InvocationTargetException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Chooses {@code ForeignLibBpf}, the {@code java.lang.foreign} binding, on JDK 22 and later: it makes every call
 * without JNA, whose start costs ~115 ms of the agent's, and whose generic dispatch costs each map update more than
 * a JDK downcall does (BENCHMARKS.md). {@code ForeignLibBpf} is compiled from {@code src/main/java22} for JDK 22, so
 * JDK 17 classes reach it by name only, and a JDK older than 22 never loads it. A jar built without it (a build
 * with {@code -Dbpfjmx.ffm.skip}), or {@code -Dbpfjmx.ffm=false}, keeps JNA.
 */
final class ForeignBinding {
    /** System property: {@code false} keeps every call on JNA, whatever the JDK. */
    static final String PROPERTY = "bpfjmx.ffm";
    private static final String CLASS = "io.bpfjmx.libbpf.ForeignLibBpf";
    private static final Logger LOG = Logger.getLogger(ForeignBinding.class.getName());

    private ForeignBinding() {}

    /**
     * Whether to bind through the JDK: a JDK 22 or later, on x86-64 or AArch64 (whose calling conventions
     * {@code ForeignLibBpf} relies on: every argument and result in a 64-bit register), and not turned off.
     */
    static boolean wanted() {
        String arch = System.getProperty("os.arch");
        return Runtime.version().feature() >= 22 && ("amd64".equals(arch) || "aarch64".equals(arch))
                && !"false".equals(System.getProperty(PROPERTY));
    }

    /**
     * The JDK's binding of libbpf at {@code wanted}, or JNA's when this build has none.
     *
     * @throws LibBpfUnavailableException as {@link LibBpfLibrary#load} says, and when the JVM denies native access
     */
    static LibBpf bind(String wanted) {
        Class<?> binding;
        try {
            binding = Class.forName(CLASS, true, ForeignBinding.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            LOG.log(Level.INFO, "bpfjmx: this build has no java.lang.foreign binding (built with -Dbpfjmx.ffm.skip);"
                    + " libbpf is called through JNA");
            return JnaLibBpf.bind(wanted);
        }
        try {
            return (LibBpf) binding.getDeclaredMethod("bind", String.class).invoke(null, wanted);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof LibBpfUnavailableException unavailable) {
                throw unavailable;
            }
            if (cause instanceof IllegalCallerException) {
                throw new LibBpfUnavailableException("this JVM denies native access, which bpfjmx needs to call "
                        + "libbpf: start it with --enable-native-access=ALL-UNNAMED (" + cause.getMessage() + ")",
                        cause);
            }
            throw new LibBpfUnavailableException("libbpf could not be bound through java.lang.foreign: " + cause
                    + "; run with -D" + PROPERTY + "=false to call it through JNA instead", cause);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("bpfjmx's " + CLASS + " lacks its bind(String) method", e);
        }
    }
}
