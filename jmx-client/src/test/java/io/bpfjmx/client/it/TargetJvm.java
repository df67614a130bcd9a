package io.bpfjmx.client.it;

import io.bpfjmx.libbpf.testing.ProcessOutput;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A JVM running {@link TargetApp} for the CLI to work on; started with the JVM options a test gives. */
final class TargetJvm implements AutoCloseable {
    private final Process process;
    private final ProcessOutput output;

    private TargetJvm(Process process) {
        this.process = process;
        this.output = ProcessOutput.follow(process, "target-jvm-" + process.pid() + "-output");
    }

    /** Starts the target and waits for its "ready" (with -javaagent and failOnError=true: objects loaded). */
    static TargetJvm start(String java, List<String> jvmOptions, String... appArguments)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", testClasses(), TargetApp.class.getName()));
        command.addAll(List.of(appArguments));
        TargetJvm target = new TargetJvm(new ProcessBuilder(command).redirectErrorStream(true).start());
        if (!target.output.await("ready", Duration.ofSeconds(30))) {
            target.close();
            throw new AssertionError("target JVM did not get ready: " + command + "\n" + target.output());
        }
        return target;
    }

    /** A target with the bpfjmx agent, started with {@code agentOptions} and failOnError=true: loaded when ready. */
    static TargetJvm withAgent(String agentOptions) throws IOException, InterruptedException {
        return start(ItPaths.java(), List.of("-javaagent:" + ItPaths.agentJar() + "=" + agentOptions
                + ",failOnError=true"));
    }

    long pid() {
        return process.pid();
    }

    String output() {
        return output.text();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    /** Where TargetApp's class is: the test classes. */
    private static String testClasses() {
        try {
            return Path.of(TargetApp.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
