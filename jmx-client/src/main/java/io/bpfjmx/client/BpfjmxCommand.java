package io.bpfjmx.client;

import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "bpfjmx", mixinStandardHelpOptions = true, versionProvider = BpfjmxCommand.Version.class,
        description = {"Manage the BPF maps of a JVM that runs the bpfjmx agent, over its JMX interface: by PID "
                + "on this machine, by JMX service URL, or through Jolokia; or of many JVMs at once (--targets FILE, or "
                + "the target options repeated).",
            "Keys and values: on a map with BTF a bare one is typed, JSON of the map's key or value type (or a "
                + "plain word or number); str:TEXT, int:N or hex:HEX are raw bytes, sized by the map (bare hex too "
                + "on a map without BTF). Every command has --help with examples."},
        subcommands = {AttachCommand.class, JvmsCommand.class, MapsCommand.class, DescribeCommand.class,
            LookupCommand.class, DumpCommand.class, UpdateCommand.class, DeleteCommand.class},
        footerHeading = "%nExamples:%n", footer = {
            "  bpfjmx jvms",
            "  bpfjmx attach 4242 --object /opt/bpf/log_syscalls.bpf.o",
            "  bpfjmx maps --pid 4242",
            "  bpfjmx describe --pid 4242 syscall_count_map",
            "  bpfjmx update --pid 4242 syscall_count_map cat 0 --flags noexist",
            "  bpfjmx lookup --pid 4242 syscall_count_map cat",
            "  bpfjmx dump --jolokia http://localhost:8778/jolokia/ syscall_count_map --json",
            "  bpfjmx update --targets fleet.txt --user ops syscall_count_map cat 0   # one line per JVM"})
final class BpfjmxCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "name a command: attach, jvms, maps, describe, lookup, "
                + "dump, update or delete");
    }

    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = BpfjmxCommand.class.getPackage().getImplementationVersion();
            return new String[] {"bpfjmx " + (version == null ? "(development build)" : version)};
        }
    }
}
