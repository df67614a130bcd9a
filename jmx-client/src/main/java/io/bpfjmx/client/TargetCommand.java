package io.bpfjmx.client;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;

/**
 * A command that talks to the agent in a JVM: connects to the target, runs, disconnects. Given several targets, it
 * runs on each through a {@link Fleet}, every run on a copy of this command (see {@link #copyFor}).
 */
abstract class TargetCommand implements Callable<Integer>, OutputOptions.Owner, Cloneable {
    @Mixin
    TargetOptions target;

    @Mixin
    FleetOptions fleet;

    @Mixin
    OutputOptions output;

    @Override
    public OutputOptions output() {
        return output;
    }

    @Override
    public Integer call() {
        if (target.readsStdin() && readsStdin()) {
            throw CliException.badInput("--targets - and this command's input both read standard input",
                    "give the targets or the input as a file");
        }
        List<Target> targets = target.targets();
        prepare();
        String[] credentials = target.credentials(targets);
        if (targets.size() == 1) {
            runOn(targets.get(0), credentials);
            return ExitCode.OK.code();
        }
        Fleet runs = new Fleet(fleet, output);
        targets.forEach(each -> runs.add(each.label(), out -> copyFor(out).runOn(each, credentials)));
        return runs.run(fleet.targetTimeout());
    }

    /** Checks and reads, before any target is touched, what the runs on all targets share (once, however many). */
    void prepare() {}

    /** Whether {@link #prepare} reads standard input, which a {@code --targets -} reads as well. */
    boolean readsStdin() {
        return false;
    }

    abstract void run(AgentClient agent);

    private void runOn(Target each, String[] credentials) {
        try (Connection connection = each.connect(credentials)) {
            run(new AgentClient(connection.mbeans()));
        }
    }

    /**
     * This command as parsed, for one target's run among several: a shallow copy, so the options (read only) are
     * shared, while what a run keeps in fields of its own (a dump's Entries, what was printed) is the copy's alone;
     * it prints into that target's {@code output}.
     */
    private TargetCommand copyFor(OutputOptions targetOutput) {
        try {
            TargetCommand copy = (TargetCommand) clone();
            copy.output = targetOutput;
            return copy;
        } catch (CloneNotSupportedException e) {
            throw new AssertionError("TargetCommand is Cloneable", e);
        }
    }
}
