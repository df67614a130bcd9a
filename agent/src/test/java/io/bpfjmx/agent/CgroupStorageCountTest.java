package io.bpfjmx.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.bpfjmx.libbpf.testing.BpfObjects;
import io.bpfjmx.libbpf.testing.Bpftool;
import io.bpfjmx.libbpf.testing.RequiresBpf;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * A cgroup storage map has {@code max_entries} 0: the kernel makes one entry per cgroup its program is attached
 * to. Its {@code EntryCount} counts them (it once read 0 whatever the map held, capped at max entries).
 */
@RequiresBpf
class CgroupStorageCountTest {
    @Test
    void countsOneEntryPerCgroupItsProgramIsAttachedTo() throws Exception {
        try (ManagedFixtures cgroups = new ManagedFixtures(BpfObjects.path("cgroups.bpf.o"), "attach=false")) {
            MapOperations storage = cgroups.operations("egress_packets");
            int program = Bpftool.programUsing(storage.map().id());
            Path cgroup = Files.createDirectory(cgroupV2().resolve("bpfjmx-test-" + ProcessHandle.current().pid()
                    + "-" + System.nanoTime()));
            try {
                Bpftool.cgroup("attach", cgroup, "egress", program);
                try {
                    assertThat(storage.count()).isEqualTo(1);
                } finally {
                    Bpftool.cgroup("detach", cgroup, "egress", program);
                }
            } finally {
                Files.delete(cgroup);
            }
        }
    }

    /** Where the cgroup v2 hierarchy is mounted: /sys/fs/cgroup, or /sys/fs/cgroup/unified on a hybrid system. */
    private static Path cgroupV2() throws IOException {
        return Files.readAllLines(Path.of("/proc/self/mounts")).stream().map(line -> line.split(" "))
                .filter(fields -> fields[2].equals("cgroup2")).map(fields -> Path.of(fields[1])).findFirst()
                .orElseThrow(() -> new AssertionError("no cgroup2 file system is mounted; mount one: "
                        + "mount -t cgroup2 none /sys/fs/cgroup/unified"));
    }
}
