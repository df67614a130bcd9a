package io.bpfjmx.libbpf;

import static io.bpfjmx.libbpf.LibBpfLibrary.libbpf;

import java.util.function.IntFunction;

/**
 * One program of a loaded {@link BpfObject}, and its link once attached.
 *
 * <p>Its state is guarded by its monitor, always taken inside the object's lifecycle lock (see {@link Lifecycle}):
 * closing the object holds that lock's write side while it destroys each program's link, so an attach that took
 * the monitor first and then waited for the lock would wait forever on the close, and the close on it.
 */
public final class BpfProgram {
    private static final int EOPNOTSUPP = 95;

    /** Where a program stands with respect to its attach point. */
    public enum AttachState {
        /** Not asked to attach yet, or detached. */
        DETACHED,
        ATTACHED,
        /** Its section names no attach point libbpf can attach to by itself (e.g. {@code tc}, {@code socket}). */
        MANUAL_ATTACH_ONLY,
        /** Attaching was tried and failed; {@link #attachError()} says why. */
        FAILED
    }

    private final long program;
    private final Lifecycle lifecycle;
    private final String name;
    private final String section;
    private long link;
    private AttachState state = AttachState.DETACHED;
    private String attachError = "";

    BpfProgram(long program, Lifecycle lifecycle) {
        this.program = program;
        this.lifecycle = lifecycle;
        this.name = libbpf().bpf_program__name(program);
        this.section = libbpf().bpf_program__section_name(program);
    }

    public String name() {
        return name;
    }

    /** The ELF section, e.g. {@code tracepoint/raw_syscalls/sys_enter}: it tells libbpf where to attach. */
    public String section() {
        return section;
    }

    /**
     * Runs {@code use} with the program's file descriptor, which libbpf owns and a close of the object frees: valid
     * only until {@code use} returns (the close waits for it).
     *
     * @throws IllegalStateException when the object is closed
     */
    <T> T withFd(IntFunction<T> use) {
        return lifecycle.get(() -> use.apply(libbpf().bpf_program__fd(program)));
    }

    public synchronized AttachState attachState() {
        return state;
    }

    /** Why the last attach failed, libbpf's own words included; empty otherwise. */
    public synchronized String attachError() {
        return attachError;
    }

    /**
     * Attaches at the point its section names ({@code bpf_program__attach}). A program libbpf cannot attach by
     * itself becomes {@link AttachState#MANUAL_ATTACH_ONLY}; attaching an attached program does nothing.
     *
     * @throws BpfException when the kernel or libbpf refuses (e.g. tracefs not mounted for a tracepoint)
     * @throws IllegalStateException when the object is closed
     */
    public void attach() {
        try (LibBpfLog.Capture log = new LibBpfLog.Capture()) {
            BpfException failure = lifecycle.get(() -> attachUnderLifecycle(log));
            if (failure != null) {
                throw failure;
            }
        }
    }

    /** The attach itself, under the lifecycle's read lock; returns the failure to throw, if any. */
    private synchronized BpfException attachUnderLifecycle(LibBpfLog.Capture log) {
        if (state == AttachState.ATTACHED || state == AttachState.MANUAL_ATTACH_ONLY) {
            return null;
        }
        long attached = libbpf().bpf_program__attach(program);
        if (attached != 0) {
            link = attached;
            state = AttachState.ATTACHED;
            attachError = "";
            return null;
        }
        int errno = libbpf().errno();
        if (errno == EOPNOTSUPP || !libbpf().bpf_program__autoattach(program)) {
            state = AttachState.MANUAL_ATTACH_ONLY;
            return null;
        }
        BpfException failure = new BpfException(MapOperation.ATTACH, "program '" + name + "' (" + section + ")",
                errno, log.text());
        state = AttachState.FAILED;
        attachError = failure.getMessage();
        return failure;
    }

    /** Destroys the link, if any; the program stays loaded. Does nothing once the object is closed. */
    public void detach() {
        try (LibBpfLog.Capture log = new LibBpfLog.Capture()) {
            lifecycle.runIfOpen(this::detachUnderLifecycle);
        }
    }

    private synchronized void detachUnderLifecycle() {
        if (link != 0) {
            libbpf().bpf_link__destroy(link);
            link = 0;
        }
        if (state == AttachState.ATTACHED) {
            state = AttachState.DETACHED;
        }
    }

    /** Called by the object's close, under its lifecycle's write lock: the same order as attach and detach. */
    synchronized void destroyLink() {
        if (link != 0) {
            libbpf().bpf_link__destroy(link);
            link = 0;
            state = AttachState.DETACHED;
        }
    }

    @Override
    public String toString() {
        return "BpfProgram[" + name + ", " + section + ", " + attachState() + "]";
    }
}
