package io.bpfjmx.client.it;

import io.bpfjmx.libbpf.testing.FreePort;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A JVM running {@link TargetApp} for the CLI to work on; started with the JVM options a test gives. */
final class TargetJvm implements AutoCloseable {
    private final Process process;
    private final Path log;

    private TargetJvm(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts the target and waits for its "ready" (with -javaagent and failOnError=true: objects loaded). */
    static TargetJvm start(String java, List<String> jvmOptions, String... appArguments)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", testClasses(), TargetApp.class.getName()));
        command.addAll(List.of(appArguments));
        Path log = Files.createTempFile("bpfjmx-target-", ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        TargetJvm target = new TargetJvm(process, log);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!target.output().contains("ready")) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                target.close();
                throw new AssertionError("target JVM did not get ready: " + command + "\n" + target.output());
            }
            Thread.sleep(50);
        }
        return target;
    }

    long pid() {
        return process.pid();
    }

    String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
        Files.deleteIfExists(log);
    }

    /** A port nothing listens on right now, on the loopback interface. */
    private static String testClasses() {
        try {
            return Path.of(TargetApp.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
