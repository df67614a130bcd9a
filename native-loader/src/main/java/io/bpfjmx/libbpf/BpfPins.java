package io.bpfjmx.libbpf;

import java.util.List;
import java.util.Map;

/**
 * Where the host's maps and programs are pinned: the files of every mounted BPF file system, by kernel id, as
 * {@code bpftool -f} finds them ({@link SystemBpf#pins}).
 *
 * @param maps     pin paths by map id
 * @param programs pin paths by program id
 * @param notes    what the walk left out and why (a bound reached, a folder it could not read); empty when complete
 */
public record BpfPins(Map<Integer, List<String>> maps, Map<Integer, List<String>> programs, List<String> notes) {
    public BpfPins {
        maps = Map.copyOf(maps);
        programs = Map.copyOf(programs);
        notes = List.copyOf(notes);
    }

    public List<String> ofMap(int id) {
        return maps.getOrDefault(id, List.of());
    }

    public List<String> ofProgram(int id) {
        return programs.getOrDefault(id, List.of());
    }
}
