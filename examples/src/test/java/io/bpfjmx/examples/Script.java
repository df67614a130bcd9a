package io.bpfjmx.examples;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs one of the example scripts with bash, as an operator would, and keeps what it printed. */
final class Script {
    /** What a script did: its exit code, stdout and stderr. */
    record Result(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private Script() {}

    /** {@code examples/<path> args...} with {@code env} added to this process's environment. */
    static Result run(Map<String, String> env, String path, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", ExamplePaths.examplesDir().resolve(path).toString()));
        command.addAll(List.of(args));
        return exec(env, command, Duration.ofSeconds(30));
    }

    /** {@code <repository>/<path>} (the demo) with {@code env} added, given up to {@code timeout} to finish. */
    static Result runFromRepository(Map<String, String> env, String path, Duration timeout) throws IOException,
            InterruptedException {
        Path repository = ExamplePaths.examplesDir().getParent();
        return exec(env, List.of("bash", repository.resolve(path).toString()), timeout);
    }

    /** A shell command line, for what the scripts leave to the operator (bpftool, curl). */
    static Result shell(String commandLine) throws IOException, InterruptedException {
        return exec(Map.of(), List.of("bash", "-c", "set -euo pipefail; " + commandLine), Duration.ofSeconds(30));
    }

    private static Result exec(Map<String, String> env, List<String> command, Duration timeout) throws IOException,
            InterruptedException {
        File out = File.createTempFile("script", ".out");
        File err = File.createTempFile("script", ".err");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out).redirectError(err);
            builder.environment().putAll(env);
            Process process = builder.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(command + " still running after " + timeout.toSeconds() + " s");
            }
            return new Result(process.exitValue(), Files.readString(out.toPath(), StandardCharsets.UTF_8),
                    Files.readString(err.toPath(), StandardCharsets.UTF_8));
        } finally {
            out.delete();
            err.delete();
        }
    }
}
