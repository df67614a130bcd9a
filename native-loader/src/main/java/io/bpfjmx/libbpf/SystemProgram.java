package io.bpfjmx.libbpf;

import java.util.List;

/**
 * One program of the host as {@code bpftool prog show} lists it, whoever loaded it: read from the kernel by id
 * ({@link SystemBpf#programs()}).
 *
 * @param tag          the hash of its instructions, 16 hex digits, as bpftool prints it
 * @param loadTimeNanos when it was loaded, in nanoseconds since boot ({@link SystemBpf#wallClock} converts it)
 * @param uid          the user that loaded it
 * @param btfId        the kernel's id of its BTF, 0 without one
 * @param mapIds       the maps it uses
 */
public record SystemProgram(int id, String name, int typeNumber, String tag, long loadTimeNanos, int uid, int btfId,
                            List<Integer> mapIds) {
    public SystemProgram {
        mapIds = List.copyOf(mapIds);
    }

    public ProgramType type() {
        return ProgramType.of(typeNumber);
    }
}
