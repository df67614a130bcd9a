package io.bpfjmx.client;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import net.bytebuddy.agent.ByteBuddyAgent;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "attach", mixinStandardHelpOptions = true,
        description = {"Load the bpfjmx agent (carried inside bpfjmx) into a running JVM on this machine, wait "
                + "until it has loaded the objects, and report what was loaded or why not.",
            "Several PIDs: every JVM, --parallel at a time, with one block of lines per JVM (each given "
                + "--timeout to load plus --target-timeout to attach and answer); the exit code is the worst.",
            "Run it as the JVM's user. Attaching again is harmless: objects already loaded stay as they are, and an "
                + "object that FAILED is loaded again (fix the cause first). The agent runs with the JVM's "
                + "privileges: BPF needs the JVM to be root or to have CAP_BPF."},
        footerHeading = "%nExamples:%n", footer = {
            "  bpfjmx attach 4242 --object /opt/bpf/log_syscalls.bpf.o",
            "  bpfjmx attach 4242 --object a.bpf.o --object b.bpf.o --read-only",
            "  bpfjmx attach $(pgrep -f my-service.jar) --object /opt/bpf/log_syscalls.bpf.o",
            "  bpfjmx attach 4242 --object maps-only.bpf.o --no-programs --json"})
final class AttachCommand implements Callable<Integer>, OutputOptions.Owner {
    @Parameters(index = "0", arity = "1..*", paramLabel = "PID", description = "The JVM, or several (bpfjmx jvms "
            + "lists them).")
    List<Long> pids;

    @Mixin
    AgentOptions agent;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = "How long to wait for the objects to load (default: ${DEFAULT-VALUE}).")
    int timeout;

    @Mixin
    FleetOptions fleet;

    @Mixin
    OutputOptions output;

    @Override
    public OutputOptions output() {
        return output;
    }

    @Override
    public Integer call() throws InterruptedException {
        List<String> paths = agent.objectPaths();
        String options = agent.argument();
        if (pids.size() == 1) {
            attach(pids.get(0), paths, options, output);
            return ExitCode.OK.code();
        }
        Fleet runs = new Fleet(fleet, output);
        pids.forEach(pid -> runs.add(Target.pid(pid).label(), out -> attach(pid, paths, options, out)));
        return runs.run(Duration.ofSeconds(timeout).plus(fleet.targetTimeout()));
    }

    /** Attaches to one JVM, waits for the objects at {@code paths}, and prints through {@code output} what loaded. */
    private void attach(long pid, List<String> paths, String options, OutputOptions output)
            throws InterruptedException {
        LocalJvm.checkIsJvm(pid);
        Path agentJar = AgentJar.extract();
        try {
            ByteBuddyAgent.attach(agentJar.toFile(), Long.toString(pid), options);
        } catch (RuntimeException e) {
            throw LocalJvm.cannotAttach(pid, e);
        }
        try (Connection connection = Target.pid(pid).connect(null)) {
            MBeanServerConnection mbeans = connection.mbeans();
            List<ObjectInfo> loaded = await(new AgentClient(mbeans), paths);
            if (dynamicAgentLoadingWarns(mbeans)) {
                output.note("JVM " + pid + " warns about agents loaded this way (JDK 21+); start it with "
                        + "-XX:+EnableDynamicAgentLoading to allow them silently (later JDKs will refuse without)");
            }
            report(pid, paths, loaded, output);
        }
    }

    /** The objects at {@code paths} once none is LOADING, or what there is when the timeout is up. */
    private List<ObjectInfo> await(AgentClient agent, List<String> paths) throws InterruptedException {
        long deadline = System.nanoTime() + timeout * 1_000_000_000L;
        while (true) {
            Map<String, ObjectInfo> byPath = new LinkedHashMap<>();
            agent.objects().stream().filter(o -> paths.contains(o.path())).forEach(o -> byPath.put(o.path(), o));
            boolean settled = byPath.size() == paths.size()
                    && byPath.values().stream().noneMatch(o -> o.status().equals("LOADING"));
            if (settled || System.nanoTime() > deadline) {
                return new ArrayList<>(byPath.values());
            }
            Thread.sleep(100);
        }
    }

    /**
     * JDK 21+ warns about an agent loaded at run time unless {@code EnableDynamicAgentLoading} was given on its
     * command line (the flag's origin is then no longer DEFAULT). JDK 17 has the flag too, but never warns.
     */
    private static boolean dynamicAgentLoadingWarns(MBeanServerConnection mbeans) {
        try {
            String version = (String) mbeans.getAttribute(new ObjectName("java.lang:type=Runtime"), "SpecVersion");
            CompositeData option = (CompositeData) mbeans.invoke(
                    new ObjectName("com.sun.management:type=HotSpotDiagnostic"), "getVMOption",
                    new Object[] {"EnableDynamicAgentLoading"}, new String[] {String.class.getName()});
            return Integer.parseInt(version.replaceFirst("\\..*", "")) >= 21
                    && "DEFAULT".equals(option.get("origin"));
        } catch (Exception e) {
            return false; // not a HotSpot JVM, or no such flag: nothing to say
        }
    }

    private void report(long pid, List<String> paths, List<ObjectInfo> loaded, OutputOptions output) {
        output.print(out -> {
            out.println("attached the bpfjmx agent to JVM " + pid);
            Table table = new Table("OBJECT", "STATUS", "MAPS", "PATH");
            loaded.forEach(o -> table.row(o.name(), o.status(), o.maps().size(), o.path()));
            table.print(out);
        }, () -> Json.object("pid", pid, "objects", loaded.stream().map(o -> Json.object("name", o.name(),
                "path", o.path(), "status", o.status(), "maps", o.maps().stream().map(MapInfo::name)
                        .collect(Collectors.toList()))).collect(Collectors.toList())));
        List<String> problems = new ArrayList<>();
        for (String path : paths) {
            ObjectInfo object = loaded.stream().filter(o -> o.path().equals(path)).findFirst().orElse(null);
            if (object == null) {
                problems.add(path + " did not appear within " + timeout + " s (an object of the same name may be "
                        + "loaded already)");
            } else if (!object.isReady()) {
                problems.add(AgentClient.failure(object));
            }
        }
        if (!problems.isEmpty()) {
            throw new CliException(ExitCode.CANNOT_CONNECT, String.join("; ", problems), "see the target JVM's "
                    + "log; the JVM must be root or have CAP_BPF, and the file a BPF object for this kernel; fix the "
                    + "cause and attach again: a FAILED object is loaded again");
        }
    }
}
