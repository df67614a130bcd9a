package io.bpfjmx.agent;

import io.bpfjmx.agent.OperationMetrics.Outcome;
import io.bpfjmx.libbpf.BpfObject;
import io.bpfjmx.libbpf.BpfProgram;
import io.bpfjmx.libbpf.BpfProgram.AttachState;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Programs of a loaded object turned on and off by name, for the object's MBean ({@code attachProgram},
 * {@code detachProgram}); and the READY status that says which programs are not attached.
 *
 * <p>Both are idempotent: detaching a program that is not attached, or attaching an attached one, changes nothing
 * and says so. Attaching a program whose section names no attach point libbpf knows (MANUAL_ATTACH_ONLY) is
 * refused.
 */
final class ProgramSwitch {
    private ProgramSwitch() {}

    /**
     * What a switch did, for the caller to return (or throw, when refused) and to audit: {@code success} with reason
     * {@code none} when it changed the program, {@code unchanged} when there was nothing to do.
     */
    record Result(String message, Outcome outcome, String reason) {
        static Result changed(String message) {
            return new Result(message, Outcome.SUCCESS, JmxFailure.NO_REASON);
        }

        static Result unchanged(String message) {
            return new Result(message + "; nothing changed", Outcome.SUCCESS, "unchanged");
        }

        boolean changed() {
            return outcome == Outcome.SUCCESS && reason.equals(JmxFailure.NO_REASON);
        }
    }

    /** @throws IllegalArgumentException naming the object's programs, when it has none of that name */
    static BpfProgram find(String object, BpfObject loaded, String programName) {
        return loaded.programs().stream().filter(p -> p.name().equals(programName)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException((programName == null || programName.isEmpty()
                        ? "programName is missing" : "no program '" + programName + "' in object '" + object + "'")
                        + "; its programs are: " + names(loaded.programs())));
    }

    /** Destroys the program's link; the program stays loaded, and its maps keep what it counted. */
    static Result detach(BpfProgram program) {
        AttachState before = program.attachState();
        if (before != AttachState.ATTACHED) {
            return Result.unchanged("program '" + program.name() + "' is not attached (" + before + ")");
        }
        program.detach();
        return Result.changed("program '" + program.name() + "' detached from " + program.section());
    }

    /**
     * Attaches the program where its section says.
     *
     * @return a rejection when libbpf cannot attach it by itself
     * @throws io.bpfjmx.libbpf.BpfException when the kernel or libbpf refuses (the program is then FAILED)
     */
    static Result attach(BpfProgram program) {
        if (program.attachState() == AttachState.ATTACHED) {
            return Result.unchanged("program '" + program.name() + "' is attached already");
        }
        program.attach();
        if (program.attachState() == AttachState.MANUAL_ATTACH_ONLY) {
            return new Result("program '" + program.name() + "' (" + program.section() + ") names no attach point "
                    + "libbpf can attach to by itself (MANUAL_ATTACH_ONLY); nothing attached", Outcome.REJECTED,
                    "manual_attach_only");
        }
        return Result.changed("program '" + program.name() + "' attached at " + program.section());
    }

    /** Whether no program of the object is attached: every one detached, failed, or manual only (or none at all). */
    static boolean noneAttached(List<BpfProgram> programs) {
        return programs.stream().noneMatch(p -> p.attachState() == AttachState.ATTACHED);
    }

    static String attachedNames(List<BpfProgram> programs) {
        return names(programs.stream().filter(p -> p.attachState() == AttachState.ATTACHED).toList());
    }

    /**
     * READY, or READY with the programs that are detached and those that failed to attach (with libbpf's first
     * line), e.g. {@code READY (programs detached: count_exec; not attached: attach of program 'x' … failed: …)}.
     */
    static String status(List<BpfProgram> programs) {
        List<String> notes = new ArrayList<>();
        String detached = names(programs.stream().filter(p -> p.attachState() == AttachState.DETACHED).toList());
        if (!detached.isEmpty()) {
            notes.add("programs detached: " + detached);
        }
        String failed = programs.stream().filter(p -> p.attachState() == AttachState.FAILED)
                .map(p -> p.attachError().lines().findFirst().orElse("")).collect(Collectors.joining("; "));
        if (!failed.isEmpty()) {
            notes.add("not attached: " + failed);
        }
        return notes.isEmpty() ? "READY" : "READY (" + String.join("; ", notes) + ")";
    }

    private static String names(List<BpfProgram> programs) {
        return programs.stream().map(BpfProgram::name).collect(Collectors.joining(", "));
    }
}
