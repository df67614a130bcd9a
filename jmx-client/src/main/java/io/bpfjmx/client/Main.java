package io.bpfjmx.client;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;

/** {@code bpfjmx}: the operator's CLI for the bpfjmx agent. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        ErrorHandler errors = new ErrorHandler();
        CommandLine commandLine = new CommandLine(new BpfjmxCommand())
                .setExecutionExceptionHandler(errors)
                .setParameterExceptionHandler(errors);
        Map<String, String> exitCodes = new LinkedHashMap<>();
        for (ExitCode code : ExitCode.values()) {
            exitCodes.put(String.format("%3d", code.code()), code.meaning());
        }
        addExitCodes(commandLine, exitCodes);
        return commandLine;
    }

    private static void addExitCodes(CommandLine command, Map<String, String> exitCodes) {
        command.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(exitCodes);
        command.getSubcommands().values().forEach(sub -> addExitCodes(sub, exitCodes));
    }
}
