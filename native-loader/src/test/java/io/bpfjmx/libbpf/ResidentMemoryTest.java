package io.bpfjmx.libbpf;

import static org.assertj.core.api.Assertions.assertThat;

import io.bpfjmx.libbpf.testing.BpfObjects;
import io.bpfjmx.libbpf.testing.Le;
import io.bpfjmx.libbpf.testing.RequiresBpf;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Native buffers are exact and released: a million updates and lookups must not grow the process. Surefire gives
 * this module a fixed, pre-touched heap, so what resident memory does here is native memory.
 */
@RequiresBpf
class ResidentMemoryTest {
    private static final int UPDATES = 1_000_000;

    @Test
    void aMillionUpdatesLeaveResidentMemoryFlat() throws Exception {
        try (BpfObject object = BpfObject.load(BpfObjects.fixtures())) {
            BpfMap plain = object.map("hash_map");
            BpfMap perCpu = object.map("percpu_hash");
            run(plain, perCpu, 200_000); // warm up: JIT, heap sizing
            long before = residentKiB();
            run(plain, perCpu, UPDATES);
            long after = residentKiB();
            System.out.printf("resident memory: %d KiB before, %d KiB after %d updates and lookups (%+d KiB)%n",
                    before, after, UPDATES, after - before);
            // a leak of even 16 bytes per call would show as 16 MB; allow for heap and JIT noise
            assertThat(after - before).isLessThan(8 * 1024);
        }
    }

    private static void run(BpfMap plain, BpfMap perCpu, int count) {
        byte[] value = Le.u64(1);
        byte[] triple = Le.triple(1, 2, 3);
        for (int i = 0; i < count; i++) {
            byte[] key = Le.u32(i & 1023);
            plain.update(key, value, UpdateFlags.of(0));
            if ((i & 7) == 0) {
                perCpu.update(key, triple, UpdateFlags.of(0));
                perCpu.lookup(key);
            }
        }
    }

    private static long residentKiB() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }
}
