package io.bpfjmx.libbpf;

import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.lang.invoke.MethodHandle;
import java.lang.reflect.Array;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The hot path's two calls, {@code bpf_map_update_elem} and {@code bpf_map_lookup_elem_flags}, through the JDK's
 * foreign function API ({@code java.lang.foreign}, final since JDK 22) when the JVM has it; JNA otherwise.
 *
 * <p>Why: JNA's direct mapping dispatches every call through generic native code (argument loop, libffi), whose
 * caches the system call has cooled by the next call; a JDK downcall has none of it. On JDK 25 here an update takes
 * ~1.41 µs through JNA and ~1.12 µs through the JDK, against ~1.04 µs from C (BENCHMARKS.md, item 1). bpfjmx is
 * compiled for JDK 17, which lacks the API, so it is
 * reached by reflection once; the handles are constants, so the JIT compiles {@code invokeExact} to a direct call.
 * The functions are the ones JNA resolved in the libbpf {@link LibBpfLibrary} loaded, and pointers are passed as
 * 64-bit integers, which every 64-bit Linux ABI passes the same way.
 *
 * <p>On JDK 24 and later the downcall is a restricted method, like JNA's {@code System.load}: one warning covers
 * both unless the JVM runs with {@code --enable-native-access}. With {@code -Dbpfjmx.ffm=false}, before JDK 22, or
 * when the handles cannot be built (logged at FINE), JNA makes the calls.
 */
final class ForeignCalls {
    /** System property: {@code false} keeps every call on JNA. */
    static final String PROPERTY = "bpfjmx.ffm";
    private static final Logger LOG = Logger.getLogger(ForeignCalls.class.getName());

    private ForeignCalls() {}

    /** Whether to try the JDK's calls: a JDK 22 or later, and not turned off. Builds nothing yet. */
    static boolean wanted() {
        return Runtime.version().feature() >= 22 && !"false".equals(System.getProperty(PROPERTY));
    }

    /** Whether the JDK makes the hot path's calls (else JNA does); the first call builds the handles. */
    static boolean enabled() {
        return Handles.UPDATE != null;
    }

    static int update(int fd, long key, long value, long flags) {
        try {
            return (int) Handles.UPDATE.invokeExact(fd, key, value, flags);
        } catch (Throwable e) {
            throw propagate(e);
        }
    }

    /** Writes the value buffer to the address {@code value}. */
    static int lookup(int fd, long key, long value, long flags) {
        try {
            return (int) Handles.LOOKUP.invokeExact(fd, key, value, flags);
        } catch (Throwable e) {
            throw propagate(e);
        }
    }

    /**
     * The handles, built when first used rather than when a map is opened: building them takes some 45 ms on
     * JDK 25 here, which the agent's start (READY) need not wait for.
     */
    private static final class Handles {
        /** {@code int (int fd, const void *key, void *value, __u64 flags)}, both; null when JNA makes the calls. */
        static final MethodHandle UPDATE;
        static final MethodHandle LOOKUP;

        static {
            MethodHandle update = null;
            MethodHandle lookup = null;
            if (wanted()) {
                try {
                    NativeLibrary library = LibBpfLibrary.library();
                    update = downcall(library, "bpf_map_update_elem");
                    lookup = downcall(library, "bpf_map_lookup_elem_flags");
                } catch (ReflectiveOperationException | RuntimeException e) {
                    LOG.log(Level.FINE, "bpfjmx: map updates and lookups go through JNA, the JDK's foreign "
                            + "function API is unusable here", e);
                    update = null;
                    lookup = null;
                }
            }
            UPDATE = update;
            LOOKUP = lookup;
        }
    }

    /** A downcall handle of type {@code (int, long, long, long) int} for {@code function} of {@code library}. */
    private static MethodHandle downcall(NativeLibrary library, String function) throws ReflectiveOperationException {
        Class<?> linkerType = Class.forName("java.lang.foreign.Linker");
        Class<?> segmentType = Class.forName("java.lang.foreign.MemorySegment");
        Class<?> layoutType = Class.forName("java.lang.foreign.MemoryLayout");
        Class<?> descriptorType = Class.forName("java.lang.foreign.FunctionDescriptor");
        Class<?> optionType = Class.forName("java.lang.foreign.Linker$Option");
        Class<?> valueLayoutType = Class.forName("java.lang.foreign.ValueLayout");
        Object javaInt = valueLayoutType.getField("JAVA_INT").get(null);
        Object javaLong = valueLayoutType.getField("JAVA_LONG").get(null);

        Object arguments = Array.newInstance(layoutType, 4);
        Array.set(arguments, 0, javaInt);
        for (int i = 1; i < 4; i++) {
            Array.set(arguments, i, javaLong);
        }
        Object descriptor = descriptorType.getMethod("of", layoutType, arguments.getClass())
                .invoke(null, javaInt, arguments);
        long address = Pointer.nativeValue(library.getFunction(function));
        Object symbol = segmentType.getMethod("ofAddress", long.class).invoke(null, address);
        Object linker = linkerType.getMethod("nativeLinker").invoke(null);
        Object noOptions = Array.newInstance(optionType, 0);
        return (MethodHandle) linkerType.getMethod("downcallHandle", segmentType, descriptorType, noOptions.getClass())
                .invoke(linker, symbol, descriptor, noOptions);
    }

    private static RuntimeException propagate(Throwable e) {
        if (e instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (e instanceof Error error) {
            throw error;
        }
        return new IllegalStateException(e); // a downcall declares no checked exception
    }
}
