package io.bpfjmx.libbpf;

import static io.bpfjmx.libbpf.LibBpfLibrary.libbpf;

/**
 * The number of <em>possible</em> CPUs ({@code /sys/devices/system/cpu/possible}, as libbpf reads it): the
 * count that sizes per-CPU values. Online or present CPUs can be fewer, and sizing by them overflows.
 */
public final class PossibleCpus {
    private static volatile int count;

    private PossibleCpus() {}

    public static int count() {
        int cached = count;
        if (cached == 0) {
            LibBpfLibrary.ensureLoaded();
            int result = libbpf().libbpf_num_possible_cpus();
            if (result <= 0) {
                throw new BpfException(MapOperation.OPEN, "/sys/devices/system/cpu/possible", -result,
                        "libbpf could not count the possible CPUs");
            }
            count = cached = result;
        }
        return cached;
    }
}
