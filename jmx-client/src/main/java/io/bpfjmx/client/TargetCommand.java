package io.bpfjmx.client;

import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;

/** A command that talks to the agent in one JVM: connects to the target, runs, disconnects. */
abstract class TargetCommand implements Callable<Integer>, OutputOptions.Owner {
    @Mixin
    TargetOptions target;

    @Mixin
    OutputOptions output;

    @Override
    public OutputOptions output() {
        return output;
    }

    @Override
    public Integer call() {
        try (Connection connection = target.connect()) {
            run(new AgentClient(connection.mbeans()));
        }
        return ExitCode.OK.code();
    }

    abstract void run(AgentClient agent);
}
