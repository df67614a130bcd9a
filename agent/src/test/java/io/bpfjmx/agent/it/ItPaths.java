package io.bpfjmx.agent.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Where the ITs find what Maven built for them (system properties set by Failsafe in {@code agent/pom.xml}). */
public final class ItPaths {
    private ItPaths() {}

    /** {@code target/bpfjmx-agent.jar}. */
    public static Path agentJar() {
        Path jar = Path.of(required("bpfjmx.agentJar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no agent jar at " + jar + ": run the build's package phase first");
        }
        return jar;
    }

    /** The committed BPF objects ({@code bpf/} at the repository root). */
    public static Path bpfObject(String fileName) {
        return Path.of(required("bpfjmx.bpfDir"), fileName);
    }

    /** The jars in {@code target/it-libs} (a host application's own JNA and Micrometer), in a stable order. */
    public static List<Path> itLibs() {
        Path dir = Path.of(required("bpfjmx.itLibs"));
        try (Stream<Path> jars = Files.list(dir)) {
            List<Path> list = jars.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
            if (list.isEmpty()) {
                throw new IllegalStateException("no jars in " + dir);
            }
            return list;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + " (filled in pre-integration-test)", e);
        }
    }

    /** The folder or jar holding {@code type} (the host applications live in the test classes). */
    public static Path locationOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + property + " is not set (Failsafe sets it)");
        }
        return value;
    }
}
