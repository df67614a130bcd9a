package io.bpfjmx.libbpf;

import com.sun.jna.Native;
import com.sun.jna.Pointer;

/** One program of a loaded {@link BpfObject}, and its link once attached. */
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

    private final Pointer program;
    private final Lifecycle lifecycle;
    private final String name;
    private final String section;
    private Pointer link;
    private AttachState state = AttachState.DETACHED;
    private String attachError = "";

    BpfProgram(Pointer program, Lifecycle lifecycle) {
        this.program = program;
        this.lifecycle = lifecycle;
        this.name = LibBpf.bpf_program__name(program);
        this.section = LibBpf.bpf_program__section_name(program);
    }

    public String name() {
        return name;
    }

    /** The ELF section, e.g. {@code tracepoint/raw_syscalls/sys_enter}: it tells libbpf where to attach. */
    public String section() {
        return section;
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
     */
    public synchronized void attach() {
        if (state == AttachState.ATTACHED || state == AttachState.MANUAL_ATTACH_ONLY) {
            return;
        }
        try (LibBpfLog.Capture log = new LibBpfLog.Capture()) {
            int[] errno = {0};
            lifecycle.call(() -> {
                link = LibBpf.bpf_program__attach(program);
                errno[0] = link == null ? Native.getLastError() : 0;
                return 0;
            });
            if (link != null) {
                state = AttachState.ATTACHED;
                attachError = "";
            } else if (errno[0] == EOPNOTSUPP || LibBpf.bpf_program__autoattach(program) == 0) {
                state = AttachState.MANUAL_ATTACH_ONLY;
            } else {
                BpfException failure = new BpfException(MapOperation.ATTACH, "program '" + name + "' (" + section
                        + ")", errno[0], log.text());
                state = AttachState.FAILED;
                attachError = failure.getMessage();
                throw failure;
            }
        }
    }

    /** Destroys the link, if any; the program stays loaded. */
    public synchronized void detach() {
        if (link != null) {
            Pointer attached = link;
            link = null;
            lifecycle.call(() -> LibBpf.bpf_link__destroy(attached));
        }
        if (state == AttachState.ATTACHED) {
            state = AttachState.DETACHED;
        }
    }

    /** Called by the object's close, which already holds its lifecycle's write lock. */
    synchronized void destroyLink() {
        if (link != null) {
            LibBpf.bpf_link__destroy(link);
            link = null;
            state = AttachState.DETACHED;
        }
    }

    @Override
    public String toString() {
        return "BpfProgram[" + name + ", " + section + ", " + attachState() + "]";
    }
}
