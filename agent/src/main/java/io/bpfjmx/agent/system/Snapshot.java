package io.bpfjmx.agent.system;

import io.bpfjmx.libbpf.BpfPins;
import io.bpfjmx.libbpf.SystemBpf;
import io.bpfjmx.libbpf.SystemMap;
import io.bpfjmx.libbpf.SystemProgram;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The host's maps, programs and pins, read together at one time: what the BpfSystem MBean shows until it reads
 * again.
 *
 * @param problems ids that could not be read, and what the pin walk left out
 */
record Snapshot(List<SystemMap> maps, List<SystemProgram> programs, BpfPins pins, List<String> problems,
                Instant readAt) {
    /** How deep the pin walk goes below each BPF file system's mount point. */
    static final int PIN_DEPTH = 8;
    /** How many files the pin walk opens at most, on all BPF file systems together. */
    static final int PIN_FILES = 10_000;

    static Snapshot read() {
        SystemBpf.Listing<SystemMap> maps = SystemBpf.maps();
        SystemBpf.Listing<SystemProgram> programs = SystemBpf.programs();
        BpfPins pins = SystemBpf.pins(PIN_DEPTH, PIN_FILES);
        List<String> problems = new ArrayList<>(maps.unreadable());
        problems.addAll(programs.unreadable());
        problems.addAll(pins.notes());
        return new Snapshot(maps.items(), programs.items(), pins, problems, Instant.now());
    }
}
