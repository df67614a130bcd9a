package io.bpfjmx.client.it;

import java.io.File;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The CLI run as a real process ({@code java -jar target/bpfjmx.jar ...}, or the launcher script). */
final class Cli {
    /** What one run left: its exit code, stdout and stderr. */
    record Result(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }

        /** The first group of {@code regex} in stdout. */
        String find(String regex) {
            Matcher matcher = Pattern.compile(regex).matcher(out);
            if (!matcher.find()) {
                throw new AssertionError("no " + regex + " in:\n" + this);
            }
            return matcher.group(1);
        }
    }

    private Cli() {}

    static Result run(String... args) {
        return run(Map.of(), args);
    }

    /** {@code bpfjmx <command> --pid <pid> <args>}. */
    static Result byPid(String pid, String command, String... args) {
        List<String> all = new ArrayList<>(List.of(command, "--pid", pid));
        all.addAll(Arrays.asList(args));
        return run(all.toArray(String[]::new));
    }

    static Result run(Map<String, String> environment, String... args) {
        return runWithStdin(new File("/dev/null"), environment, args);
    }

    /** With JVM options, as an operator gives them in BPFJMX_JAVA_OPTS (a trust store, say). */
    static Result run(List<String> jvmOptions, Map<String, String> environment, String... args) {
        return run(jvmOptions, new File("/dev/null"), environment, args);
    }

    /** With {@code stdin} as standard input. */
    static Result runWithStdin(File stdin, Map<String, String> environment, String... args) {
        return run(List.of(), stdin, environment, args);
    }

    private static Result run(List<String> jvmOptions, File stdin, Map<String, String> environment, String... args) {
        List<String> command = new ArrayList<>(List.of(ItPaths.java()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", ItPaths.cliJar().toString()));
        command.addAll(Arrays.asList(args));
        return exec(command, environment, stdin);
    }

    /** Through a symlink to the launcher script, as an operator who put it on the PATH would. */
    static Result runLauncher(Path symlink, String... args) {
        List<String> command = new ArrayList<>(List.of(symlink.toString()));
        command.addAll(Arrays.asList(args));
        return exec(command, Map.of("JAVA_HOME", Path.of(ItPaths.java()).getParent().getParent().toString()),
                new File("/dev/null"));
    }

    private static Result exec(List<String> command, Map<String, String> environment, File stdin) {
        try {
            Path out = Files.createTempFile("bpfjmx-cli-", ".out");
            Path err = Files.createTempFile("bpfjmx-cli-", ".err");
            try {
                ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile())
                        .redirectError(err.toFile()).redirectInput(Redirect.from(stdin));
                builder.environment().putAll(environment);
                Process process = builder.start();
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new AssertionError("bpfjmx " + command + " did not end within 60 s");
                }
                return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted running " + command, e);
        }
    }
}
