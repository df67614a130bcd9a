package io.bpfjmx.agent.foreign;

import io.bpfjmx.agent.options.MapSpec;
import io.bpfjmx.libbpf.BpfException;
import io.bpfjmx.libbpf.BpfMap;
import io.bpfjmx.libbpf.Errno;
import io.bpfjmx.libbpf.SystemBpf;
import io.bpfjmx.libbpf.SystemMap;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Opens the maps of one kind of {@link MapSpec} ({@code pinned}, {@code id} or {@code name}: one MBean object key),
 * and names them so that no two of the kind share a name. Maps the kind has open already (the same kernel id) are
 * not opened twice: specs may name a map twice, and a spec that failed is opened again later.
 *
 * <p>A map is named by its pin's file name ({@code pinned:}), or by its kernel name ({@code id:}, {@code name:}); a
 * name that another map of the kind has already becomes {@code <name>#<id>}. Specs are opened in the order given, and
 * a pinned folder's pins in the order of their names, so the same options give the same names.
 */
public final class MapOpener {
    private final MapSpec.Kind kind;
    /** The maps this kind has open: name → kernel id. */
    private final Map<String, Integer> names = new HashMap<>();

    public MapOpener(MapSpec.Kind kind) {
        this.kind = kind;
    }

    /**
     * Opens the map or maps {@code spec} names, never throwing: what cannot be opened is in the result's failures.
     *
     * @throws IllegalArgumentException when {@code spec} is of another kind than this opener's
     */
    public Opening open(MapSpec spec) {
        if (spec.kind() != kind) {
            throw new IllegalArgumentException("the opener of " + kind.key() + ": maps was given " + spec);
        }
        Opening opening = new Opening(spec);
        try {
            switch (kind) {
                case PINNED -> openPinned(spec.path(), opening);
                case ID -> add(BpfMap.openById(spec.id()), opening);
                case NAME -> openNamed(spec.value(), opening);
            }
        } catch (RuntimeException e) {
            opening.failures.add(failure(spec, e));
        }
        return opening;
    }

    private void openPinned(Path path, Opening opening) {
        if (!Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            add(BpfMap.openPinned(path, path.getFileName().toString()), opening);
            return;
        }
        List<Path> pins;
        try (Stream<Path> files = Files.list(path)) {
            pins = files.sorted().toList();
        } catch (IOException e) {
            throw new IllegalStateException("cannot list the folder " + path + ": " + e, e);
        }
        int maps = 0;
        for (Path pin : pins) {
            if (Files.isDirectory(pin, LinkOption.NOFOLLOW_LINKS)) {
                opening.remarks.add("skipped " + pin + ": a folder (only maps pinned directly in " + path
                        + " are taken; name it as map=pinned:" + pin + " to take its maps)");
                continue;
            }
            try {
                add(BpfMap.openPinned(pin, pin.getFileName().toString()), opening);
                maps++;
            } catch (IllegalArgumentException notAMap) { // a program or a link
                opening.remarks.add("skipped " + pin + ": not a map (a program or link is pinned there)");
            } catch (RuntimeException e) {
                opening.failures.add(failure(new MapSpec(MapSpec.Kind.PINNED, pin.toString()), e));
            }
        }
        if (maps == 0 && opening.failures.isEmpty()) {
            opening.failures.add(new Failure(opening.spec, "no map is pinned in this folder (" + pins.size()
                    + " entries: programs, links or folders); name a folder that holds pinned maps"));
        }
    }

    private void openNamed(String name, Opening opening) {
        List<SystemMap> named = SystemBpf.maps().items().stream().filter(m -> m.name().equals(name)).toList();
        if (named.isEmpty()) {
            opening.failures.add(new Failure(opening.spec, "no map of this host has the kernel name '" + name
                    + "'; bpftool map show lists the maps by name (kernel names keep " + MapSpec.MAX_KERNEL_NAME
                    + " characters)"));
        } else if (named.size() > 1) {
            opening.failures.add(new Failure(opening.spec, named.size() + " maps have the kernel name '" + name
                    + "' (ids " + named.stream().map(m -> Integer.toUnsignedString(m.id()))
                    .collect(Collectors.joining(", ")) + "); name one of them with map=id:<N>"));
        } else {
            add(BpfMap.openById(named.get(0).id()), opening);
        }
    }

    /**
     * Keeps {@code map} under its name, or {@code <name>#<id>} when another map of the kind has that name; closes it
     * when this kind has the same map (kernel id) open already.
     */
    private void add(BpfMap map, Opening opening) {
        String openAs = names.entrySet().stream().filter(e -> e.getValue() == map.id()).map(Map.Entry::getKey)
                .findFirst().orElse(null);
        if (openAs != null) {
            map.close();
            opening.remarks.add("already open: map id " + Integer.toUnsignedString(map.id()) + " is " + kind.key()
                    + "/" + openAs);
            return;
        }
        String name = map.name();
        BpfMap kept = map;
        if (names.containsKey(name)) {
            name = name + "#" + Integer.toUnsignedString(map.id());
            try {
                kept = BpfMap.openById(map.id(), name); // the same map: its fd, still open, keeps the id alive
            } finally {
                map.close();
            }
        }
        names.put(name, kept.id());
        opening.maps.add(kept);
    }

    /** What the kernel or bpfjmx said, and what to do. */
    private static Failure failure(MapSpec spec, RuntimeException e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        String said = message.lines().findFirst().orElse(message);
        String fix = fix(spec, e);
        return new Failure(spec, said + (fix == null ? "" : "; " + fix));
    }

    /** Frees {@code name} (with its map's id) for another map: its map was closed again, e.g. its MBean not registered. */
    public void forget(String name) {
        names.remove(name);
    }

    /** What the operator can do about a map that was not opened; null when the message says it already. */
    private static String fix(MapSpec spec, RuntimeException e) {
        if (!(e instanceof BpfException failed)) {
            return null; // not a map ("give the pin or id of a map"), a folder that cannot be listed
        }
        String errno = Errno.nameOf(failed.errno());
        if (errno.equals("EPERM") || errno.equals("EACCES")) {
            return spec.kind() == MapSpec.Kind.PINNED
                    ? "the JVM's user needs CAP_BPF (or root) and read and write access to the pin, which must be on "
                    + "a BPF file system"
                    : "opening maps by id or name needs CAP_SYS_ADMIN (root), as bpftool map show does";
        }
        if (errno.equals("ENOENT")) {
            return switch (spec.kind()) {
                case PINNED -> "check the path; a map pinned later is opened by the reload operation of "
                        + "io.bpfjmx:type=BpfObject,name=pinned, or by the next attach naming it";
                case ID -> "bpftool map show lists the ids; a map created again gets a new id, so name such a map by "
                        + "pinned: or name: instead";
                case NAME -> "bpftool map show lists the maps by name";
            };
        }
        return null;
    }

    /** What opening one spec gave: its maps (several for a pinned folder), what it skipped, and what failed. */
    public static final class Opening {
        private final MapSpec spec;
        private final List<BpfMap> maps = new ArrayList<>();
        private final List<String> remarks = new ArrayList<>();
        private final List<Failure> failures = new ArrayList<>();

        private Opening(MapSpec spec) {
            this.spec = spec;
        }

        public MapSpec spec() {
            return spec;
        }

        /** The maps opened, named; their caller closes them. */
        public List<BpfMap> maps() {
            return List.copyOf(maps);
        }

        /** Pins skipped (programs, links, folders) and maps open already: for the log. */
        public List<String> remarks() {
            return List.copyOf(remarks);
        }

        /** Each map or pin not opened. */
        public List<Failure> failures() {
            return List.copyOf(failures);
        }
    }

    /**
     * A map or pin not opened: the spec (of one pin, in a pinned folder), the kernel's answer or the refusal, and
     * what to do.
     */
    public record Failure(MapSpec spec, String reason) {
        /** {@code map=id:99: open of map id 99 failed: ENOENT (...); bpftool map show lists the ids; ...}. */
        @Override
        public String toString() {
            return "map=" + spec + ": " + reason;
        }
    }
}
