package io.bpfjmx.libbpf;

import static io.bpfjmx.libbpf.LibBpfLibrary.libbpf;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * libbpf's own messages (the verifier log among them) during bpfjmx's calls into libbpf: they go to the
 * {@code io.bpfjmx.libbpf.native} logger, and the warnings into the calling thread's {@link Capture}, so that a
 * failed open, load or attach carries what libbpf said.
 *
 * <p>Why only during those calls: libbpf has one print function per process ({@code libbpf_set_print}), and the
 * host application, or another library in it, may have set its own. bpfjmx puts its function in place when the
 * first {@link Capture} opens and puts back the one it found when the last closes, so between bpfjmx's calls the
 * host's function is in place, untouched. While bpfjmx's is in place, a message from a thread that is not in a
 * bpfjmx call (the host calling libbpf meanwhile) goes on to the function bpfjmx found, its arguments unread, so
 * the host still hears it. A function the host sets while bpfjmx's is in place is kept: bpfjmx sees it when it
 * puts its own away, and leaves the host's there.
 *
 * <p>Only calls that may print take part (open, load, attach, detach, close); the map operations do not, as bpfjmx
 * checks their sizes before libbpf can complain.
 */
final class LibBpfLog {
    private static final Logger LOG = Logger.getLogger("io.bpfjmx.libbpf.native");
    private static final int LIBBPF_WARN = 0;
    private static final int LIBBPF_INFO = 1;
    /** The capture of the bpfjmx call this thread is in; null outside bpfjmx's calls. */
    private static final ThreadLocal<Capture> CAPTURE = new ThreadLocal<>();

    /** Guards the two fields below; held only around {@code libbpf_set_print}, never while waiting on a lock. */
    private static final Object SWAP = new Object();
    /** Threads in a bpfjmx call that may print: bpfjmx's function is in place while this is above zero. */
    private static int users;
    /** The function bpfjmx found in place (0: libbpf silenced), where other threads' messages go meanwhile. */
    private static volatile long host;
    /** bpfjmx's print function, made once and kept for the life of the JVM: libbpf may call it whenever it is set. */
    private static long ours;

    private LibBpfLog() {}

    /** Makes bpfjmx's print function now rather than at the first call that may print. */
    static void prepare() {
        synchronized (SWAP) {
            ourFunction();
        }
    }

    /** bpfjmx's print function, made when first asked for; under {@link #SWAP}. */
    private static long ourFunction() {
        if (ours == 0) {
            ours = libbpf().printFunction(LibBpfLog::print);
        }
        return ours;
    }

    /** Puts bpfjmx's print function in place for the first thread in a call; remembers the one it replaces. */
    private static void enter() {
        synchronized (SWAP) {
            if (users++ == 0) {
                long found = libbpf().libbpf_set_print(ourFunction());
                if (found != ours) { // ours found in place: the host put it back; keep what it replaced
                    host = found;
                }
            }
        }
    }

    /** Puts back the function bpfjmx found once the last thread leaves, unless the host has set another since. */
    private static void exit() {
        synchronized (SWAP) {
            if (--users == 0) {
                long replaced = libbpf().libbpf_set_print(host);
                if (replaced != ours) {
                    libbpf().libbpf_set_print(replaced); // the host set its own meanwhile: it stays
                }
            }
        }
    }

    private static int print(int level, long format, long vaList) {
        try {
            Capture capture = CAPTURE.get();
            if (capture == null) {
                return forward(level, format, vaList);
            }
            String message = format(format, vaList);
            if (level == LIBBPF_WARN) {
                capture.text.append(message);
            }
            Level julLevel = level == LIBBPF_WARN && !capture.quiet ? Level.WARNING
                    : level <= LIBBPF_INFO ? Level.FINE : Level.FINEST;
            if (LOG.isLoggable(julLevel)) {
                LOG.log(julLevel, message.stripTrailing());
            }
            return message.length();
        } catch (RuntimeException | Error e) {
            // never let an exception unwind into libbpf's C frames
            return 0;
        }
    }

    /** Hands a message that is not of bpfjmx's calls to the function bpfjmx found in place, as libbpf would have. */
    private static int forward(int level, long format, long vaList) {
        long target = host;
        return target == 0 ? 0 : libbpf().callPrintFunction(target, level, format, vaList);
    }

    private static String format(long format, long vaList) {
        long[] result = new long[1];
        int length = libbpf().vasprintf(result, format, vaList);
        if (length < 0 || result[0] == 0) {
            return libbpf().readString(format);
        }
        try {
            return libbpf().readString(result[0]);
        } finally {
            libbpf().free(result[0]);
        }
    }

    /**
     * Marks this thread as in a bpfjmx call into libbpf until closed: libbpf's messages on it go to bpfjmx's logger,
     * and its warnings are collected here. Opens before any lock of the call is taken, and holds none itself.
     */
    static final class Capture implements AutoCloseable {
        private final Capture previous = CAPTURE.get();
        private final StringBuilder text = new StringBuilder();
        private final boolean quiet;

        Capture() {
            this(false);
        }

        /**
         * {@code quiet}: libbpf's warnings are logged at FINE, not WARNING, for a call whose failure is expected on
         * some kernels and handled (the caller says what it means, once).
         */
        Capture(boolean quiet) {
            this.quiet = quiet;
            LibBpfLibrary.ensureLoaded();
            enter();
            CAPTURE.set(this);
        }

        String text() {
            return text.toString();
        }

        @Override
        public void close() {
            if (previous == null) {
                CAPTURE.remove();
            } else {
                CAPTURE.set(previous);
            }
            exit();
        }
    }
}
