package io.bpfjmx.agent.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A JDK to run host JVMs on. The ITs run on every JDK of {@code bpfjmx.itJavaHomes} (comma-separated java homes;
 * default: Debian's JDK 17 and Temurin 25). A listed home that does not exist fails the test rather than skipping it.
 */
public record Jdk(Path home, int feature) {
    public static final String HOMES_PROPERTY = "bpfjmx.itJavaHomes";
    private static final String DEFAULT_HOMES =
            "/usr/lib/jvm/java-17-openjdk-amd64,/usr/lib/jvm/temurin-25-jdk-amd64";
    private static final Pattern VERSION = Pattern.compile("^JAVA_VERSION=\"(?:1\\.)?(\\d+)", Pattern.MULTILINE);

    /** For {@code @MethodSource("io.bpfjmx.agent.it.Jdk#all")}. */
    public static List<Jdk> all() {
        return Arrays.stream(System.getProperty(HOMES_PROPERTY, DEFAULT_HOMES).split(","))
                .map(String::trim)
                .filter(home -> !home.isEmpty())
                .map(home -> of(Path.of(home)))
                .toList();
    }

    public static Jdk of(Path home) {
        Path release = home.resolve("release");
        if (!Files.isExecutable(home.resolve("bin/java")) || !Files.isRegularFile(release)) {
            throw new IllegalStateException("no JDK at " + home + " (set -D" + HOMES_PROPERTY + "=home,home...)");
        }
        try {
            Matcher matcher = VERSION.matcher(Files.readString(release));
            if (!matcher.find()) {
                throw new IllegalStateException("no JAVA_VERSION in " + release);
            }
            return new Jdk(home, Integer.parseInt(matcher.group(1)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path java() {
        return home.resolve("bin/java");
    }

    @Override
    public String toString() {
        return "JDK " + feature;
    }
}
