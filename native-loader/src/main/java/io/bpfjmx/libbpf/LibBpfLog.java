package io.bpfjmx.libbpf;

import com.sun.jna.Pointer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Receives libbpf's own messages (the verifier log among them) through {@code libbpf_set_print}. They go to the
 * {@code io.bpfjmx.libbpf.native} logger, and, while a {@link Capture} is open on the calling thread, the warnings
 * go into that capture, so that a failed open, load or attach carries what libbpf said.
 */
final class LibBpfLog {
    private static final Logger LOG = Logger.getLogger("io.bpfjmx.libbpf.native");
    private static final int LIBBPF_WARN = 0;
    private static final int LIBBPF_INFO = 1;
    private static final ThreadLocal<StringBuilder> CAPTURE = new ThreadLocal<>();

    /** Held for the life of the JVM: libbpf keeps the function pointer. */
    private static final LibBpf.PrintCallback CALLBACK = LibBpfLog::print;

    private LibBpfLog() {}

    static void install() {
        LibBpf.libbpf_set_print(CALLBACK);
    }

    private static int print(int level, String format, Pointer vaList) {
        try {
            String message = format(format, vaList);
            StringBuilder capture = CAPTURE.get();
            if (capture != null && level == LIBBPF_WARN) {
                capture.append(message);
            }
            Level julLevel = level == LIBBPF_WARN ? Level.WARNING : level == LIBBPF_INFO ? Level.FINE : Level.FINEST;
            if (LOG.isLoggable(julLevel)) {
                LOG.log(julLevel, message.stripTrailing());
            }
            return message.length();
        } catch (RuntimeException | Error e) {
            // never let an exception unwind into libbpf's C frames
            return 0;
        }
    }

    private static String format(String format, Pointer vaList) {
        long[] result = new long[1];
        int length = LibC.vasprintf(result, format, vaList);
        if (length < 0 || result[0] == 0) {
            return format;
        }
        try {
            return new Pointer(result[0]).getString(0);
        } finally {
            LibC.free(result[0]);
        }
    }

    /** Collects libbpf's messages on this thread until closed. */
    static final class Capture implements AutoCloseable {
        private final StringBuilder previous = CAPTURE.get();
        private final StringBuilder text = new StringBuilder();

        Capture() {
            CAPTURE.set(text);
        }

        String text() {
            return text.toString();
        }

        @Override
        public void close() {
            CAPTURE.set(previous);
        }
    }
}
