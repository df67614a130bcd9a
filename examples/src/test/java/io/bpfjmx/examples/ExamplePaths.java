package io.bpfjmx.examples;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the ITs find what the build made (system properties set by Failsafe in {@code examples/pom.xml}). */
final class ExamplePaths {
    private ExamplePaths() {}

    /** The {@code examples} folder: its scripts are what the ITs run. */
    static Path examplesDir() {
        return Path.of(required("bpfjmx.examplesDir"));
    }

    static Path agentJar() {
        Path jar = Path.of(required("bpfjmx.agentJar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no agent jar at " + jar + ": build with -pl examples -am");
        }
        return jar;
    }

    /** A committed BPF object ({@code bpf/} at the repository root). */
    static Path bpfObject(String fileName) {
        return Path.of(required("bpfjmx.bpfDir"), fileName);
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + property + " is not set (Failsafe sets it)");
        }
        return value;
    }
}
