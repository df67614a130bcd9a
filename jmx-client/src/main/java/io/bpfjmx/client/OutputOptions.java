package io.bpfjmx.client;

import java.io.PrintWriter;
import java.util.function.Consumer;
import java.util.function.Supplier;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code --json} and {@code --verbose}, and printing a command's result as a table or as JSON. */
final class OutputOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--json", description = "Print one JSON object instead of tables (the shape is stable; errors "
            + "too, as {\"error\":{...}}).")
    boolean json;

    @Option(names = {"-v", "--verbose"}, description = "On errors, print the stack trace too.")
    boolean verbose;

    /** Whether the result went out already: in JSON mode stdout then holds it, and an error goes to stderr only. */
    boolean printed;

    void print(Consumer<PrintWriter> text, Supplier<Object> jsonValue) {
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.write(jsonValue.get()));
        } else {
            text.accept(out);
        }
        out.flush();
        printed = true;
    }

    /** A side remark for people (never in JSON output): on stderr, so that stdout stays the result. */
    void note(String note) {
        PrintWriter err = spec.commandLine().getErr();
        err.println("note: " + note);
        err.flush();
    }

    /** Commands with these options; the error handler finds them through it. */
    interface Owner {
        OutputOptions output();
    }
}
