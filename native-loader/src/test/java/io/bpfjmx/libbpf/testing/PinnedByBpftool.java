package io.bpfjmx.libbpf.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code bpf/types.bpf.o} loaded by bpftool, as a daemon or a C loader would load it, not by bpfjmx: its maps
 * (with their BTF, but {@code raw}, which has none) pinned in {@link #maps()}, where its program {@code types_prog} is
 * pinned too, a pin that is no map. Closing removes every pin; the maps and the program go when nothing else holds
 * them.
 */
public final class PinnedByBpftool implements AutoCloseable {
    private final BpfFsFolder folder;

    private PinnedByBpftool(BpfFsFolder folder) {
        this.folder = folder;
    }

    /** Loads it under {@code /sys/fs/bpf/bpfjmx-test-<pid>-<what>}. */
    public static PinnedByBpftool types(String what) throws IOException, InterruptedException {
        BpfFsFolder folder = BpfFsFolder.named(what);
        Files.createDirectories(folder.path());
        try {
            Bpftool.loadAll(BpfObjects.types(), folder.path().resolve("programs"), folder.path().resolve("maps"));
            Bpftool.pinProgram(folder.path().resolve("programs").resolve("types_prog"),
                    folder.path().resolve("maps").resolve("types_prog"));
        } catch (IOException | InterruptedException | RuntimeException e) {
            folder.close();
            throw e;
        }
        return new PinnedByBpftool(folder);
    }

    /** The folder of the pinned maps (and of one program's pin). */
    public Path maps() {
        return folder.path().resolve("maps");
    }

    /** The pin of map {@code name}: {@code flows}, {@code names}, {@code percpu_stats}, {@code colors}, {@code raw}. */
    public Path pin(String name) {
        return maps().resolve(name);
    }

    /** The kernel id of map {@code name}, as bpftool reads it from its pin. */
    public int mapId(String name) throws IOException, InterruptedException {
        return Bpftool.pinnedMapId(pin(name));
    }

    /** The folder of the test, for more pins of its own. */
    public Path folder() {
        return folder.path();
    }

    @Override
    public void close() throws IOException {
        folder.close();
    }
}
