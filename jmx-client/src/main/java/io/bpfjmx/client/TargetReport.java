package io.bpfjmx.client;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What one target among several answered: the command's result (its text, or its JSON value), its notes, and its
 * failure if it failed. {@link Fleet} prints it as that target's lines, each starting with the target.
 */
final class TargetReport {
    private final String target;
    private final StringWriter text = new StringWriter();
    private final PrintWriter textWriter = new PrintWriter(text);
    private final List<String> notes = new ArrayList<>();
    private boolean hasResult;
    private Object result;
    private CliException failure;

    TargetReport(String target) {
        this.target = target;
    }

    /** The report of a target that did not finish in time: its run goes on unseen, and nothing of it is shown. */
    static TargetReport timedOut(String target, Duration timeout) {
        TargetReport report = new TargetReport(target);
        report.failed(new CliException(ExitCode.CANNOT_CONNECT, "no answer within " + timeout.toSeconds() + " s",
                "is that JVM hung, or the network slow? A long operation (update --from a big file, dump of a big map) "
                        + "may need a longer --target-timeout"));
        return report;
    }

    /** Where the command prints its result as text. */
    PrintWriter text() {
        return textWriter;
    }

    /** The command's result as a JSON value (with {@code --json}). */
    void result(Object json) {
        hasResult = true;
        result = json;
    }

    void note(String note) {
        notes.add(note);
    }

    void failed(CliException e) {
        failure = e;
    }

    ExitCode exitCode() {
        return failure == null ? ExitCode.OK : failure.exitCode();
    }

    /**
     * As text: every line of the result, then a failure's line, on {@code out}, each after {@code TARGET:}; notes
     * and a failure's hint on {@code err}, the same way. As JSON: one line {@code {"target":T,"exitCode":N,
     * "result":R,"error":{...}}} on {@code out} (result and error as there are), notes, message and hint on
     * {@code err}.
     */
    void print(PrintWriter out, PrintWriter err, boolean json, boolean verbose) {
        String prefix = target + ":";
        notes.forEach(note -> err.println(prefix + " note: " + note));
        textWriter.flush();
        if (json) {
            Map<String, Object> line = Json.object("target", target, "exitCode", exitCode().code());
            if (hasResult) {
                line.put("result", result);
            }
            if (failure != null) {
                line.put("error", failure.json());
                err.println(prefix + " " + failure.getMessage());
            }
            out.println(Json.write(line));
        } else {
            text.toString().lines().forEach(line -> out.println(line.isEmpty() ? prefix : prefix + " " + line));
            if (failure != null) {
                out.println(prefix + " failed (exit " + failure.exitCode().code() + "): " + failure.getMessage());
            }
        }
        if (failure != null && failure.hint() != null) {
            err.println(prefix + "   " + failure.hint());
        }
        if (failure != null && verbose) {
            (failure.getCause() != null ? failure.getCause() : failure).printStackTrace(err);
        }
    }
}
