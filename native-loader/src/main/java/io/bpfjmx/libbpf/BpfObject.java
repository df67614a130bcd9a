package io.bpfjmx.libbpf;

import static io.bpfjmx.libbpf.LibBpfLibrary.libbpf;

import io.bpfjmx.libbpf.btf.Btf;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * A compiled BPF object ({@code *.bpf.o}) opened and loaded by libbpf, with its maps and programs. Closing it
 * destroys the programs' links and releases the object; its maps are unusable afterwards.
 *
 * <pre>{@code
 * try (BpfObject object = BpfObject.load(Path.of("log_syscalls.bpf.o"))) {
 *     object.map("syscall_count_map").update(key, value, UpdateFlags.of(UpdateFlags.NOEXIST));
 *     object.attach();
 * }
 * }</pre>
 */
public final class BpfObject implements AutoCloseable {
    private final Path path;
    private final long object;
    private final String name;
    private final Lifecycle lifecycle;
    private final List<BpfMap> maps;
    private final List<BpfProgram> programs;
    private final List<MapPin> pins;

    private BpfObject(Path path, long object, List<MapPin> pins) {
        this.path = path;
        this.object = object;
        this.pins = pins;
        this.name = libbpf().bpf_object__name(object);
        this.lifecycle = new Lifecycle("object '" + name + "'");
        this.maps = readMaps();
        this.programs = readPrograms();
    }

    /**
     * Opens and loads the object: maps are created, programs verified and loaded. Programs are not attached yet:
     * see {@link #attach()}.
     *
     * @throws BpfException with libbpf's messages (the verifier's log included) when open or load fails
     */
    public static BpfObject load(Path path) {
        return load(path, null);
    }

    /**
     * Loads the object with its maps pinned in the BPF file system, at {@code <pinFolder>/<object>/<map>}: a map
     * pinned there by an earlier load is reused, entries and all, instead of being created empty; the others are
     * created and pinned. Pins stay after {@link #close()}: remove the files to drop the maps. Globals
     * ({@code .data}, {@code .bss}, {@code .rodata}) are not pinned and start from the object's values each time.
     *
     * @param pinFolder a folder on a BPF file system (made if missing), or null to pin nothing
     * @throws IllegalArgumentException when {@code pinFolder} is not on a BPF file system
     * @throws IllegalStateException when a map pinned there differs in shape from the object's (both named; the pin
     *         is left as it is)
     * @throws BpfException with libbpf's messages when open or load fails
     */
    public static BpfObject load(Path path, Path pinFolder) {
        LibBpfLibrary.ensureLoaded();
        String subject = "object '" + path + "'";
        try (LibBpfLog.Capture log = new LibBpfLog.Capture()) {
            long object = libbpf().bpf_object__open_file(path.toString(), 0);
            if (object == 0) {
                throw new BpfException(MapOperation.OPEN, subject, libbpf().errno(), log.text());
            }
            try {
                List<MapPin> pins = pinFolder == null ? List.of()
                        : MapPins.prepare(object, libbpf().bpf_object__name(object), pinFolder);
                int result = libbpf().bpf_object__load(object);
                if (result != 0) {
                    throw new BpfException(MapOperation.LOAD, subject, -result, log.text());
                }
                return new BpfObject(path, object, pins);
            } catch (RuntimeException e) {
                libbpf().bpf_object__close(object);
                throw e;
            }
        }
    }

    private List<BpfMap> readMaps() {
        long btf = libbpf().bpf_object__btf(object);
        Supplier<Btf> types = MapTypes.parsedOnce(MapTypes.raw(btf)); // shared by the maps, parsed on first use
        List<BpfMap> found = new ArrayList<>();
        for (long map = libbpf().bpf_object__next_map(object, 0); map != 0;
             map = libbpf().bpf_object__next_map(object, map)) {
            found.add(BpfMap.ofObject(map, btf, types, lifecycle));
        }
        return List.copyOf(found);
    }

    private List<BpfProgram> readPrograms() {
        List<BpfProgram> found = new ArrayList<>();
        for (long program = libbpf().bpf_object__next_program(object, 0); program != 0;
             program = libbpf().bpf_object__next_program(object, program)) {
            found.add(new BpfProgram(program, lifecycle));
        }
        return List.copyOf(found);
    }

    /** The object's name: its file name without {@code .bpf.o} / {@code .o}, as libbpf derives it. */
    public String name() {
        return name;
    }

    public Path path() {
        return path;
    }

    public List<BpfMap> maps() {
        return maps;
    }

    /**
     * The map of that name. Globals answer to their section's name too: libbpf 1.1 names them after the kernel
     * ({@code fixtures.rodata}), and {@code .rodata} finds the same map.
     */
    public Optional<BpfMap> findMap(String mapName) {
        return maps.stream()
                .filter(map -> map.answersTo(mapName) || map.kernelName().equals(mapName))
                .findFirst();
    }

    /** @throws IllegalArgumentException naming the maps there are, when there is no such map */
    public BpfMap map(String mapName) {
        return findMap(mapName).orElseThrow(() -> new IllegalArgumentException("no map '" + mapName
                + "' in object '" + name + "'; its maps are: "
                + maps.stream().map(BpfMap::name).collect(Collectors.joining(", "))));
    }

    public List<BpfProgram> programs() {
        return programs;
    }

    /** Where its maps are pinned, when it was loaded with a pin folder; else empty. */
    public List<MapPin> pins() {
        return pins;
    }

    /**
     * Attaches every program whose section names an attach point; programs that libbpf cannot attach by
     * themselves are left as {@link BpfProgram.AttachState#MANUAL_ATTACH_ONLY}.
     *
     * @throws BpfException for the first program that fails (the others are still tried)
     */
    public void attach() {
        BpfException first = null;
        for (BpfProgram program : programs) {
            try {
                program.attach();
            } catch (BpfException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }

    public boolean isClosed() {
        return lifecycle.isClosed();
    }

    /** Destroys links and releases the object once calls in flight have finished; idempotent. */
    @Override
    public void close() {
        try (LibBpfLog.Capture log = new LibBpfLog.Capture()) {
            lifecycle.close(() -> {
                programs.forEach(BpfProgram::destroyLink);
                libbpf().bpf_object__close(object);
            });
        }
    }

    @Override
    public String toString() {
        return "BpfObject[" + name + ", " + path + ", " + maps.size() + " maps, " + programs.size() + " programs]";
    }
}
