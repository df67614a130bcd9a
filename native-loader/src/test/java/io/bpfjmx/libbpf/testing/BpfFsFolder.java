package io.bpfjmx.libbpf.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A folder of a test's own in the BPF file system ({@code /sys/fs/bpf/bpfjmx-test-<pid>-<what>}), removed with
 * everything pinned in it when closed, so that pinned maps do not outlive the test.
 */
public final class BpfFsFolder implements AutoCloseable {
    private final Path path;

    private BpfFsFolder(Path path) {
        this.path = path;
    }

    /** A path for a folder not made yet (the code under test makes it); {@code what} names the test. */
    public static BpfFsFolder named(String what) {
        return new BpfFsFolder(Path.of("/sys/fs/bpf", "bpfjmx-test-" + ProcessHandle.current().pid() + "-" + what));
    }

    public Path path() {
        return path;
    }

    @Override
    public void close() throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            List<Path> deepestFirst = walk.sorted(Comparator.reverseOrder()).toList();
            for (Path pinned : deepestFirst) {
                Files.delete(pinned); // unlinking a pin drops the kernel's reference to the map
            }
        }
    }
}
