package io.bpfjmx.client;

import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "bpfjmx", mixinStandardHelpOptions = true, versionProvider = BpfjmxCommand.Version.class,
        description = {"Manage the BPF maps of a JVM that runs the bpfjmx agent, over its JMX interface: by PID "
                + "on this machine, by JMX service URL, or through Jolokia.",
            "Keys and values: str:TEXT, int:N or hex, sized by the map. Every command has --help with examples."},
        subcommands = {AttachCommand.class, JvmsCommand.class, MapsCommand.class, LookupCommand.class,
            DumpCommand.class, UpdateCommand.class, DeleteCommand.class},
        footerHeading = "%nExamples:%n", footer = {
            "  bpfjmx jvms",
            "  bpfjmx attach 4242 --object /opt/bpf/log_syscalls.bpf.o",
            "  bpfjmx maps --pid 4242",
            "  bpfjmx update --pid 4242 syscall_count_map str:cat int:0 --flags noexist",
            "  bpfjmx lookup --pid 4242 syscall_count_map str:cat",
            "  bpfjmx dump --jolokia http://localhost:8778/jolokia/ syscall_count_map --json"})
final class BpfjmxCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "name a command: attach, jvms, maps, lookup, dump, "
                + "update or delete");
    }

    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = BpfjmxCommand.class.getPackage().getImplementationVersion();
            return new String[] {"bpfjmx " + (version == null ? "(development build)" : version)};
        }
    }
}
