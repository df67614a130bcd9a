package io.bpfjmx.client;

import java.util.List;

/** The CLI's exit codes: one per kind of outcome, so a script can tell them apart. Shown in every command's help. */
enum ExitCode {
    OK(0, "success"),
    FAILURE(1, "unexpected failure: an agent of another version, or a bug (run again with --verbose to see where)"),
    BAD_INPUT(2, "bad input: unknown command, option or map, or a key, value or flag that does not fit the map"),
    KERNEL_REFUSED(3, "the kernel refused the operation (EEXIST, ENOENT, E2BIG, ...): the message names the errno"),
    CANNOT_CONNECT(4, "cannot connect or attach to the JVM, or the agent could not load an object there"),
    AGENT_NOT_PRESENT(5, "the bpfjmx agent is not in that JVM, or the object is not loaded (LOADING or FAILED)"),
    NOT_PERMITTED(6, "not permitted: the agent runs read-only, or the JMX user's role may not invoke operations");

    /**
     * From the mildest outcome to the worst, for the exit code of a command on several targets. The further a
     * request got before it failed, the more is known of that target and the milder the failure: a kernel refusal
     * (the request reached the map, which is as it was) before bad input (it does not fit that target's maps), a
     * refusal by the agent's or the JMX server's policy, no agent there, no connection at all (nothing is known of
     * that JVM); an unexpected failure, which does not even explain itself, is the worst.
     */
    private static final List<ExitCode> BY_SEVERITY = List.of(OK, KERNEL_REFUSED, BAD_INPUT, NOT_PERMITTED,
            AGENT_NOT_PRESENT, CANNOT_CONNECT, FAILURE);

    private final int code;
    private final String meaning;

    ExitCode(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    int code() {
        return code;
    }

    String meaning() {
        return meaning;
    }

    /** The worse of the two, by {@link #BY_SEVERITY}. */
    static ExitCode worst(ExitCode a, ExitCode b) {
        return BY_SEVERITY.indexOf(a) >= BY_SEVERITY.indexOf(b) ? a : b;
    }
}
