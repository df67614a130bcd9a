package io.bpfjmx.libbpf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bpfjmx.libbpf.testing.BpfObjects;
import io.bpfjmx.libbpf.testing.Le;
import io.bpfjmx.libbpf.testing.RequiresBpf;
import org.junit.jupiter.api.Test;

/** The seed's example end to end: insert "cat" with NOEXIST, attach, run cat, read the count. */
@RequiresBpf
class LogSyscallsTest {
    @Test
    void countsTheSyscallsOfCat() throws Exception {
        try (BpfObject object = BpfObject.load(BpfObjects.logSyscalls())) {
            BpfMap counts = object.map("syscall_count_map");
            byte[] cat = Le.cString("cat", 128);
            counts.update(cat, Le.u32(0), UpdateFlags.of(UpdateFlags.NOEXIST));
            assertThatThrownBy(() -> counts.update(cat, Le.u32(0), UpdateFlags.of(UpdateFlags.NOEXIST)))
                    .isInstanceOf(BpfException.class)
                    .hasMessage("update of map 'syscall_count_map' failed: EEXIST (key exists and flags=NOEXIST)");

            object.attach();
            assertThat(object.programs().get(0).attachState()).isEqualTo(BpfProgram.AttachState.ATTACHED);
            Process process = new ProcessBuilder("cat", "/proc/version").redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            assertThat(process.waitFor()).isZero();

            assertThat(Le.readU32(counts.lookup(cat), 0)).isPositive();
            assertThat(counts.entries(100)).as("the program never inserts keys").hasSize(1);
        }
    }
}
