package io.bpfjmx.client;

import java.util.Map;

/**
 * A failure the operator can act on: what went wrong, what to do next, and the exit code that says which kind of
 * failure it was. The message never carries a stack trace; {@code --verbose} prints the cause's.
 */
final class CliException extends RuntimeException {
    private final ExitCode exitCode;
    private final String hint;
    private final String errno;

    CliException(ExitCode exitCode, String message, String hint) {
        this(exitCode, message, hint, null, null);
    }

    CliException(ExitCode exitCode, String message, String hint, String errno, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
        this.hint = hint;
        this.errno = errno;
    }

    static CliException badInput(String message, String hint) {
        return new CliException(ExitCode.BAD_INPUT, message, hint);
    }

    /** What a command threw, as a failure to report: a CliException as it is, anything else as a bug. */
    static CliException of(Exception e) {
        return e instanceof CliException c ? c : new CliException(ExitCode.FAILURE, e.toString(), "run again with "
                + "--verbose and report the stack trace", null, e);
    }

    ExitCode exitCode() {
        return exitCode;
    }

    /** What to do next, or null when the message says it all. */
    String hint() {
        return hint;
    }

    /** The kernel's errno name (EEXIST, ...) for {@link ExitCode#KERNEL_REFUSED}, else null. */
    String errno() {
        return errno;
    }

    /** {@code {"exitCode":N,"errno":...,"message":...,"hint":...}}, as {@code --json} shows it. */
    Map<String, Object> json() {
        return Json.object("exitCode", exitCode.code(), "errno", errno, "message", getMessage(), "hint", hint);
    }
}
