package io.bpfjmx.client;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * What {@code attach} tells the agent, as options, and as the agent's argument string: comma-separated
 * {@code key=value} with commas inside values escaped, objects by absolute path (the target's working directory is
 * not ours).
 */
final class AgentOptions {
    @Option(names = "--object", required = true, paramLabel = "FILE", description = "A compiled BPF object "
            + "(.bpf.o) for the agent to load; repeatable.")
    List<Path> objects;

    @Option(names = "--no-programs", description = "Load the maps but do not attach the programs (attach=false).")
    boolean noPrograms;

    @Option(names = "--read-only", description = "Let the agent refuse every write to the maps (readOnly=true).")
    boolean readOnly;

    @Option(names = "--libbpf", paramLabel = "PATH", description = "The libbpf.so.1 to use, in the target's "
            + "file system (default: the system's).")
    String libbpf;

    @Option(names = "--prometheus-port", paramLabel = "PORT", description = "Serve metrics for Prometheus on "
            + "this port of the target.")
    Integer prometheusPort;

    @Option(names = "--agent-option", paramLabel = "KEY=VALUE", description = "Any other agent option, e.g. "
            + "jnaTmpDir=/var/tmp; repeatable.")
    List<String> more = new ArrayList<>();

    /** The objects' absolute paths, each an existing file. */
    List<String> objectPaths() {
        List<String> paths = new ArrayList<>();
        for (Path object : objects) {
            Path path = object.toAbsolutePath().normalize();
            if (!Files.isRegularFile(path)) {
                throw CliException.badInput("no BPF object file " + path, "give the path of a compiled .bpf.o file");
            }
            paths.add(path.toString());
        }
        return paths;
    }

    /** A value as the agent's options take it: its commas and backslashes escaped with a backslash. */
    private static String escaped(String value) {
        return value.replace("\\", "\\\\").replace(",", "\\,");
    }

    /** The agent's argument: {@code object=/a.bpf.o,object=/b.bpf.o,readOnly=true,...}. */
    String argument() {
        List<String> options = new ArrayList<>();
        objectPaths().forEach(path -> options.add("object=" + escaped(path)));
        if (noPrograms) {
            options.add("attach=false");
        }
        if (readOnly) {
            options.add("readOnly=true");
        }
        if (libbpf != null) {
            options.add("libbpf=" + escaped(libbpf));
        }
        if (prometheusPort != null) {
            options.add("prometheusPort=" + prometheusPort);
        }
        for (String option : more) {
            if (!option.matches("[A-Za-z]+=.+")) {
                throw CliException.badInput("--agent-option " + option + " is not KEY=VALUE",
                        "e.g. --agent-option jnaTmpDir=/var/tmp");
            }
            int equals = option.indexOf('=');
            options.add(option.substring(0, equals + 1) + escaped(option.substring(equals + 1)));
        }
        return String.join(",", options);
    }
}
