package io.bpfjmx.client;

import java.io.PrintWriter;
import java.util.function.Consumer;
import java.util.function.Supplier;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code --json} and {@code --verbose}, and printing a command's result as a table or as JSON; for one target among
 * several, into that target's {@link TargetReport} instead (see {@link #forTarget}).
 */
final class OutputOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--json", description = "Print one JSON object instead of tables (the shape is stable; errors "
            + "too, as {\"error\":{...}}). With several targets, one JSON line per target: {\"target\":T,"
            + "\"exitCode\":N,\"result\":R} (and \"error\":{...} if it failed).")
    boolean json;

    @Option(names = {"-v", "--verbose"}, description = "On errors, print the stack trace too.")
    boolean verbose;

    /** Whether the result went out already: in JSON mode stdout then holds it, and an error goes to stderr only. */
    boolean printed;

    /** Where one target's result goes when a {@link Fleet} runs the command; null: straight to stdout and stderr. */
    private TargetReport report;

    void print(Consumer<PrintWriter> text, Supplier<Object> jsonValue) {
        if (report != null) {
            if (json) {
                report.result(jsonValue.get());
            } else {
                text.accept(report.text());
            }
        } else {
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(Json.write(jsonValue.get()));
            } else {
                text.accept(out);
            }
            out.flush();
        }
        printed = true;
    }

    /** Whether a result may go out in parts, straight to stdout: not when it goes into a fleet's report. */
    boolean streams() {
        return report == null;
    }

    /** Prints a result in parts as {@code parts} writes them to stdout (see {@link #streams}). */
    void stream(Consumer<PrintWriter> parts) {
        PrintWriter out = spec.commandLine().getOut();
        printed = true; // from the first part on, stdout holds the result: an error goes to stderr only
        parts.accept(out);
        out.flush();
    }

    /** A side remark for people (never in JSON output): on stderr, so that stdout stays the result. */
    void note(String note) {
        if (report != null) {
            report.note(note);
            return;
        }
        PrintWriter err = spec.commandLine().getErr();
        err.println("note: " + note);
        err.flush();
    }

    /** The same options, printing into {@code report}: what one target's run of the command prints through. */
    OutputOptions forTarget(TargetReport report) {
        OutputOptions copy = new OutputOptions();
        copy.spec = spec;
        copy.json = json;
        copy.verbose = verbose;
        copy.report = report;
        return copy;
    }

    /** Commands with these options; the error handler finds them through it. */
    interface Owner {
        OutputOptions output();
    }
}
