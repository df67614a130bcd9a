package io.bpfjmx.client;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Every failure as a short message on stderr (what went wrong, then what to do next) and its exit code; the stack
 * trace only with {@code --verbose}; in JSON mode, also {@code {"error":{...}}} on stdout.
 */
final class ErrorHandler implements IExecutionExceptionHandler, IParameterExceptionHandler {

    @Override
    public int handleParseException(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        PrintWriter err = command.getErr();
        err.println(command.getCommandSpec().qualifiedName() + ": " + e.getMessage());
        UnmatchedArgumentException.printSuggestions(e, err);
        err.println("Run '" + command.getCommandSpec().qualifiedName() + " --help' for usage and examples.");
        err.flush();
        return ExitCode.BAD_INPUT.code();
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine command, ParseResult parseResult) {
        CliException failure = CliException.of(e);
        OutputOptions output = command.getCommand() instanceof OutputOptions.Owner owner ? owner.output() : null;
        PrintWriter err = command.getErr();
        err.println(command.getCommandSpec().qualifiedName() + ": " + failure.getMessage());
        if (failure.hint() != null) {
            err.println("  " + failure.hint());
        }
        if (output != null && output.verbose) {
            (failure.getCause() != null ? failure.getCause() : failure).printStackTrace(err);
        }
        err.flush();
        if (output != null && output.json && !output.printed) {
            PrintWriter out = command.getOut();
            out.println(Json.write(Json.object("error", failure.json())));
            out.flush();
        }
        return failure.exitCode().code();
    }
}
