package io.bpfjmx.benchmarks;

import io.bpfjmx.libbpf.BpfMap;
import io.bpfjmx.libbpf.BpfObject;
import io.bpfjmx.libbpf.UpdateFlags;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;

/**
 * What touching memory costs right after a map update's system call, against the same reads without it: on a
 * kernel with page-table isolation and no PCID (this VM: {@code pti=on}, no {@code pcid} in {@code /proc/cpuinfo})
 * every system call empties the TLB, so each distinct page the code touches between two calls is a page walk.
 * Reads one byte of each of {@code pages} distinct 4 KB pages after each {@code BpfMap.update}, and alone, and
 * prints the thread's CPU time per iteration of each (BENCHMARKS.md, item 2, "Issue #14").
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.bpfjmx.benchmarks.PagesAfterSyscall bpf/fixtures.bpf.o
 * </pre>
 */
public final class PagesAfterSyscall {
    private static final int PAGE = 4096;
    private static final int PAGES = 1024;
    private static final int ITERATIONS = 300_000;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final byte[] MEMORY = new byte[PAGE * PAGES];
    /** Keeps the reads from being dropped as dead code. */
    private static long sink;

    private PagesAfterSyscall() {}

    public static void main(String[] args) {
        try (BpfObject object = BpfObject.load(Path.of(args.length > 0 ? args[0] : "bpf/fixtures.bpf.o"))) {
            BpfMap map = object.map("hash_map");
            byte[] key = {42, 0, 0, 0};
            byte[] value = {7, 0, 0, 0, 0, 0, 0, 0};
            UpdateFlags any = UpdateFlags.of(UpdateFlags.ANY);
            for (int round = 1; round <= 3; round++) { // the first warms up
                for (int pages : new int[] {0, 16, 64, 256}) {
                    long start = THREADS.getCurrentThreadCpuTime();
                    for (int i = 0; i < ITERATIONS; i++) {
                        map.update(key, value, any);
                        sink += touch(pages, i);
                    }
                    long withCall = THREADS.getCurrentThreadCpuTime() - start;
                    start = THREADS.getCurrentThreadCpuTime();
                    for (int i = 0; i < ITERATIONS; i++) {
                        sink += touch(pages, i);
                    }
                    long alone = THREADS.getCurrentThreadCpuTime() - start;
                    System.out.printf("round %d, %d pages: update and reads %.0f ns, reads alone %.0f ns%n", round,
                            pages, (double) withCall / ITERATIONS, (double) alone / ITERATIONS);
                }
            }
        }
        System.out.println("(checksum " + sink + ")");
    }

    /** One byte of each of {@code pages} distinct pages, starting at a different page each iteration. */
    private static long touch(int pages, int iteration) {
        long sum = 0;
        for (int i = 0; i < pages; i++) {
            sum += MEMORY[((i * 7 + iteration) % PAGES) * PAGE];
        }
        return sum;
    }
}
