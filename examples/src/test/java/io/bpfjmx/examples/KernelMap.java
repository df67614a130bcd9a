package io.bpfjmx.examples;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A map's entries as the kernel holds them, read with bpftool (formatted from the map's BTF) and jq: the check
 * after a script involves neither bpfjmx nor Jolokia.
 */
final class KernelMap {
    private KernelMap() {}

    /** Key (as bpftool formats it, e.g. a char[] as its text) to value, of the map with this kernel id. */
    static Map<String, Long> entries(int mapId) throws IOException, InterruptedException {
        Script.Result dump = Script.shell("bpftool -j map dump id " + mapId
                + " | jq -r '.[].formatted | \"\\(.key)=\\(.value)\"'");
        if (dump.exitCode() != 0) {
            throw new AssertionError("bpftool map dump id " + mapId + " failed (bpftool and jq come with "
                    + "scripts/prerequisites.sh): " + dump);
        }
        Map<String, Long> entries = new LinkedHashMap<>();
        dump.out().lines().forEach(line -> {
            int equals = line.lastIndexOf('=');
            entries.put(line.substring(0, equals), Long.parseLong(line.substring(equals + 1)));
        });
        return entries;
    }
}
