package io.bpfjmx.client;

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
}
