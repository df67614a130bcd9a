package io.bpfjmx.libbpf;

import static io.bpfjmx.libbpf.LibBpfLibrary.libbpf;

import io.bpfjmx.libbpf.btf.JsonTree;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The program or map that an element of a {@code PROG_ARRAY} or a map of maps is to hold, named as bpftool names
 * them: by the kernel's id, by the path it is pinned at, or by its name in the map's own object. As JSON:
 * {@code {"id":N}}, {@code {"pinned":"/sys/fs/bpf/…"}}, {@code {"name":"…"}}. {@link #openFor} opens it for one
 * write; the caller closes what it returns.
 */
public sealed interface FdTarget {
    /** Kernel ids are unsigned 32-bit numbers, from 1. */
    long MAX_ID = 0xffff_ffffL;

    /** By the kernel's id ({@code bpftool prog list}, {@code bpftool map list}). */
    record Id(long id) implements FdTarget {
        @Override
        public OpenFd openFor(BpfMap map, BpfObject object) {
            FdValue kind = map.referenceKind();
            int fd = kind == FdValue.PROGRAM ? libbpf().bpf_prog_get_fd_by_id((int) id)
                    : libbpf().bpf_map_get_fd_by_id((int) id);
            if (fd < 0) {
                throw new BpfException(MapOperation.OPEN, kind.singular() + " id " + id + " for map '" + map.name()
                        + "'", -fd, "bpftool " + (kind == FdValue.PROGRAM ? "prog" : "map") + " list shows the ids "
                        + "there are");
            }
            return OpenFd.adopt(fd, kind, toString(), map.name());
        }

        @Override
        public String toString() {
            return "{\"id\":" + id + "}";
        }
    }

    /** By its pin on a BPF file system, e.g. {@code /sys/fs/bpf/my_prog}. */
    record Pinned(Path path) implements FdTarget {
        @Override
        public OpenFd openFor(BpfMap map, BpfObject object) {
            FdValue kind = map.referenceKind();
            String subject = "pin " + path + " for map '" + map.name() + "'";
            if (!BpfFileSystem.holds(path, errno -> new BpfException(MapOperation.OPEN, subject, errno, null))) {
                throw refused(map, this + " is not on a BPF file system: programs and maps are pinned on one, "
                        + "mounted at /sys/fs/bpf usually");
            }
            int fd = libbpf().bpf_obj_get(path.toString());
            if (fd < 0) {
                throw new BpfException(MapOperation.OPEN, subject, -fd, null);
            }
            return OpenFd.adopt(fd, kind, toString(), map.name());
        }

        @Override
        public String toString() {
            return JsonTree.write(Map.of("pinned", path.toString()));
        }
    }

    /** By its name among the programs (for a {@code PROG_ARRAY}) or maps (for a map of maps) of the map's object. */
    record Name(String name) implements FdTarget {
        @Override
        public OpenFd openFor(BpfMap map, BpfObject object) {
            FdValue kind = map.referenceKind();
            if (object == null) {
                throw refused(map, this + " names a " + kind.singular() + " of the map's object, and map '"
                        + map.name() + "' was opened by pin or id, without one: give the id or the pin instead");
            }
            int fd = kind == FdValue.PROGRAM ? programFd(map, object) : mapFd(map, object);
            if (fd < 0) {
                throw new BpfException(MapOperation.OPEN, kind.singular() + " '" + name + "' for map '" + map.name()
                        + "'", libbpf().errno(), null);
            }
            return OpenFd.adopt(fd, kind, toString(), map.name());
        }

        /** A descriptor of our own for the object's program of this name (libbpf keeps the object's). */
        private int programFd(BpfMap map, BpfObject object) {
            for (BpfProgram program : object.programs()) {
                if (program.name().equals(name)) {
                    return program.withFd(fd -> libbpf().dup(fd));
                }
            }
            throw unknown(map, object, FdValue.PROGRAM, object.programs().stream().map(BpfProgram::name));
        }

        /** A descriptor of our own for the object's map of this name, matched exactly (not by kernel name). */
        private int mapFd(BpfMap map, BpfObject object) {
            for (BpfMap candidate : object.maps()) {
                if (candidate.name().equals(name)) {
                    return candidate.withFd(fd -> libbpf().dup(fd));
                }
            }
            throw unknown(map, object, FdValue.MAP, object.maps().stream().map(BpfMap::name));
        }

        private RejectedMapRequestException unknown(BpfMap map, BpfObject object, FdValue kind,
                                                    Stream<String> names) {
            return refused(map, "object '" + object.name() + "' has no " + kind.singular() + " '" + name + "'; its "
                    + kind.plural() + " are: " + names.collect(Collectors.joining(", ")));
        }

        @Override
        public String toString() {
            return JsonTree.write(Map.of("name", name));
        }
    }

    /**
     * Opens the program or map for a write into {@code map}, checking it is the kind the map holds.
     *
     * @param object the map's object, whose programs and maps a {@link Name} names; null for a map opened by pin or
     *               id, which has none
     * @throws RejectedMapRequestException for a map that holds no programs or maps, a target of the wrong kind, a
     *                                     name the object does not have, a pin not on a BPF file system
     * @throws BpfException                when the kernel has no such id or pin (ENOENT)
     */
    OpenFd openFor(BpfMap map, BpfObject object);

    /**
     * The target a typed value names: {@code {"id":N}}, {@code {"pinned":"/sys/fs/bpf/…"}} or {@code {"name":"…"}}.
     *
     * @throws RejectedMapRequestException ({@code typed_value}) for anything else, saying what each form takes
     */
    static FdTarget parse(String json, BpfMap map) {
        FdValue kind = map.referenceKind();
        Object tree;
        try {
            tree = json == null ? null : JsonTree.read(json);
        } catch (IllegalArgumentException e) {
            tree = null;
        }
        if (!(tree instanceof Map<?, ?> object) || object.size() != 1) {
            throw refused(map, (json == null ? "no value" : json) + " is not one of {\"id\":N}, "
                    + "{\"pinned\":\"/sys/fs/bpf/…\"} or {\"name\":\"…\"}: " + map.type().withArticle() + " holds "
                    + kind.plural() + ", given by the kernel's id (bpftool " + (kind == FdValue.PROGRAM ? "prog"
                    : "map") + " list), the path one is pinned at, or the name of one of its object's "
                    + kind.plural());
        }
        Map.Entry<?, ?> member = object.entrySet().iterator().next();
        Object value = member.getValue();
        switch (String.valueOf(member.getKey())) {
            case "id":
                if (value instanceof Long id && id > 0 && id <= MAX_ID) {
                    return new Id(id);
                }
                throw refused(map, json + ": an id is a whole number from 1 to 4294967295");
            case "pinned":
                if (value instanceof String path && path.startsWith("/") && path.indexOf(0) < 0) {
                    return new Pinned(Path.of(path).normalize());
                }
                throw refused(map, json + ": a pin is an absolute path on a BPF file system, e.g. /sys/fs/bpf/x");
            case "name":
                if (value instanceof String name && !name.isEmpty()) {
                    return new Name(name);
                }
                throw refused(map, json + ": a name is the text of a " + kind.singular() + "'s name in the object");
            default:
                throw refused(map, json + " has no member id, pinned or name: give {\"id\":N}, "
                        + "{\"pinned\":\"/sys/fs/bpf/…\"} or {\"name\":\"…\"}");
        }
    }

    private static RejectedMapRequestException refused(BpfMap map, String why) {
        return new RejectedMapRequestException(RejectedMapRequestException.Reason.TYPED_VALUE, "value of map '"
                + map.name() + "': " + why);
    }
}
