package io.bpfjmx.client;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/**
 * Which JVMs to talk to ({@code --pid}, {@code --url}, {@code --jolokia}, {@code --targets}, each as often as
 * needed, mixed) and the credentials for the remote ones. With one target a command runs as it always did; with
 * several, {@link Fleet} runs it on each.
 */
final class TargetOptions {
    @ArgGroup(exclusive = true, multiplicity = "1..*", heading = "Targets (one or more, mixed; with several, the "
            + "command runs on each and prints one block of lines per target, in this order):%n")
    List<Given> given;

    @Option(names = "--user", paramLabel = "NAME", description = "User for --url or --jolokia (every such target).")
    String user;

    @Option(names = "--password-file", paramLabel = "FILE",
            description = "File whose first line is the password (keep it chmod 600).")
    Path passwordFile;

    @Option(names = "--password-env", paramLabel = "VARIABLE",
            description = "Environment variable holding the password. Without either, bpfjmx asks for it (once).")
    String passwordEnv;

    @Option(names = "--ssl", description = "TLS for every --url target (and JMX service URL of --targets), registry "
            + "included (bpfjmx's connector with jmxSsl=true, or the JDK's with ssl and registry.ssl). The server's "
            + "certificate must be in the trust store that BPFJMX_JAVA_OPTS names: -Djavax.net.ssl.trustStore=FILE "
            + "-Djavax.net.ssl.trustStorePassword=...")
    boolean ssl;

    /** One target option as given; picocli makes one per occurrence, in command-line order. */
    static final class Given {
        @Option(names = "--pid", paramLabel = "PID", description = "A JVM on this machine, as the same user: "
                + "Attach API and the local JMX connector, no port needed.")
        Long pid;

        @Option(names = "--url", paramLabel = "JMX_URL",
                description = "A JMX service URL, e.g. service:jmx:rmi:///jndi/rmi://host:9010/jmxrmi")
        String url;

        @Option(names = "--jolokia", paramLabel = "URL",
                description = "A Jolokia agent's URL, e.g. http://host:8778/jolokia/")
        String jolokia;

        @Option(names = "--targets", paramLabel = "FILE", description = "A file of targets, one a line: a PID, a "
                + "JMX service URL or a Jolokia URL (# comments; - for stdin).")
        String file;

        List<Target> targets() {
            if (pid != null) {
                return List.of(Target.pid(pid));
            }
            if (url != null) {
                return List.of(Target.jmxUrl(url, "--url"));
            }
            return jolokia != null ? List.of(Target.jolokia(jolokia, "--jolokia")) : TargetsFile.read(file);
        }
    }

    /** Every target in the order given, a file's where the file was named; URLs checked, nothing connected yet. */
    List<Target> targets() {
        List<Target> targets = new ArrayList<>();
        given.forEach(option -> targets.addAll(option.targets()));
        if (!ssl) {
            return targets;
        }
        if (targets.stream().noneMatch(Target::jmxUrl)) {
            throw CliException.badInput("--ssl is for --url", "for Jolokia over TLS give an https:// URL");
        }
        return targets.stream().map(Target::withTls).toList();
    }

    /** Whether a {@code --targets -} reads the targets from standard input. */
    boolean readsStdin() {
        return given.stream().anyMatch(option -> "-".equals(option.file));
    }

    /**
     * {@code {user, password}} for the remote targets, resolved once for all of them (a prompt asks once); null
     * without a user, or when every target is a local PID (which needs none, as ever).
     */
    String[] credentials(List<Target> targets) {
        return targets.stream().allMatch(Target::local) ? null
                : Credentials.resolve(user, passwordFile, passwordEnv);
    }
}
