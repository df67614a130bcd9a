package io.bpfjmx.client;

import com.sun.tools.attach.VirtualMachine;
import com.sun.tools.attach.VirtualMachineDescriptor;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "jvms", mixinStandardHelpOptions = true,
        description = {"List the JVMs on this machine that this user can attach to (like jps), and whether the "
                + "bpfjmx agent is in them.",
            "AGENT is yes, no, or ? when /proc does not let this user look (another user's JVM). Nothing is "
                + "attached to find out."},
        footerHeading = "%nExamples:%n", footer = {"  bpfjmx jvms", "  bpfjmx jvms --json"})
final class JvmsCommand implements Callable<Integer>, OutputOptions.Owner {
    @Mixin
    OutputOptions output;

    /** One JVM; {@code agent} is null when this user may not look. */
    private record Jvm(long pid, Boolean agent, String main) {}

    @Override
    public OutputOptions output() {
        return output;
    }

    @Override
    public Integer call() {
        long self = ProcessHandle.current().pid();
        AgentDetector detector = new AgentDetector();
        List<Jvm> jvms = new ArrayList<>();
        for (VirtualMachineDescriptor descriptor : VirtualMachine.list()) {
            long pid = Long.parseLong(descriptor.id());
            if (pid != self) {
                jvms.add(new Jvm(pid, detector.hasAgent(pid).orElse(null), descriptor.displayName()));
            }
        }
        jvms.sort(Comparator.comparingLong(Jvm::pid));
        output.print(out -> {
            Table table = new Table("PID", "AGENT", "MAIN");
            for (Jvm jvm : jvms) {
                table.row(jvm.pid(), jvm.agent() == null ? "?" : jvm.agent() ? "yes" : "no", jvm.main());
            }
            table.print(out);
        }, () -> {
            List<Object> list = new ArrayList<>();
            for (Jvm jvm : jvms) {
                list.add(Json.object("pid", jvm.pid(), "agent", jvm.agent(), "main", jvm.main()));
            }
            return Json.object("jvms", list);
        });
        return ExitCode.OK.code();
    }
}
