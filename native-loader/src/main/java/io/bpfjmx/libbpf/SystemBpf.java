package io.bpfjmx.libbpf;

import static io.bpfjmx.libbpf.LibBpfLibrary.libbpf;

import java.io.IOException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The host's BPF maps and programs, whoever made them, as {@code bpftool map show}, {@code prog show} and their
 * {@code -f} (pins) list them: walked by id ({@code bpf_map_get_next_id}, {@code bpf_prog_get_next_id}), each opened
 * by id for its info and closed at once. Nothing of a map's contents is read.
 *
 * <p>Walking ids and opening by id needs CAP_SYS_ADMIN (root), as for bpftool. An id freed between the walk and the
 * open is skipped silently (the map or program is gone); one that cannot be opened for another reason is named in
 * the listing's {@link Listing#unreadable()}.
 */
public final class SystemBpf {
    private static final int ENOENT = 2;

    /** What a walk found, and the ids it could not read (e.g. {@code map id 12: EPERM (...)}). */
    public record Listing<T>(List<T> items, List<String> unreadable) {
        public Listing {
            items = List.copyOf(items);
            unreadable = List.copyOf(unreadable);
        }
    }

    /** How the walks name what they walk: a map or a program. */
    private interface IdWalk {
        int nextId(int startId, int[] nextId);

        int fdById(int id);
    }

    private SystemBpf() {}

    /**
     * Every map of the host, by increasing id.
     *
     * @throws BpfException when the ids cannot be walked (EPERM without CAP_SYS_ADMIN)
     */
    public static Listing<SystemMap> maps() {
        LibBpfLibrary.ensureLoaded();
        List<SystemMap> maps = new ArrayList<>();
        List<String> unreadable = new ArrayList<>();
        walk("map", new IdWalk() {
            @Override
            public int nextId(int startId, int[] nextId) {
                return libbpf().bpf_map_get_next_id(startId, nextId);
            }

            @Override
            public int fdById(int id) {
                return libbpf().bpf_map_get_fd_by_id(id);
            }
        }, (id, fd) -> {
            KernelMapInfo info = KernelMapInfo.of(fd, "map id " + Integer.toUnsignedString(id));
            maps.add(new SystemMap(info.id(), info.kernelName(), info.type(), info.keySize(), info.valueSize(),
                    info.maxEntries(), info.flags(), info.btfId()));
        }, unreadable);
        return new Listing<>(maps, unreadable);
    }

    /**
     * Every program of the host, by increasing id, with the ids of the maps it uses.
     *
     * @throws BpfException when the ids cannot be walked (EPERM without CAP_SYS_ADMIN)
     */
    public static Listing<SystemProgram> programs() {
        LibBpfLibrary.ensureLoaded();
        List<SystemProgram> programs = new ArrayList<>();
        List<String> unreadable = new ArrayList<>();
        walk("program", new IdWalk() {
            @Override
            public int nextId(int startId, int[] nextId) {
                return libbpf().bpf_prog_get_next_id(startId, nextId);
            }

            @Override
            public int fdById(int id) {
                return libbpf().bpf_prog_get_fd_by_id(id);
            }
        }, (id, fd) -> {
            ProgramInfoStruct info = ProgramInfoStruct.of(fd, "program id " + Integer.toUnsignedString(id));
            List<Integer> mapIds = new ArrayList<>();
            for (int mapId : info.mapIdsRead()) {
                mapIds.add(mapId);
            }
            programs.add(new SystemProgram(info.id(), info.nameText(), info.type(), info.tagHex(),
                    info.loadTime(), info.createdByUid(), info.btfId(), mapIds));
        }, unreadable);
        return new Listing<>(programs, unreadable);
    }

    /** Reads one map or program from its fd, which the walk closes after. */
    private interface Reader {
        void read(int id, int fd);
    }

    private static void walk(String kind, IdWalk ids, Reader reader, List<String> unreadable) {
        int[] next = new int[1];
        for (int id = 0; ; id = next[0]) {
            int result = ids.nextId(id, next);
            if (result == -ENOENT) {
                return; // past the last id
            }
            if (result != 0) {
                throw BpfException.of(MapOperation.LIST, "the host's " + kind + "s", result);
            }
            int fd = ids.fdById(next[0]);
            if (fd == -ENOENT) {
                continue; // freed since the walk saw its id
            }
            if (fd < 0) {
                unreadable.add(BpfException.of(MapOperation.LIST, kind + " id " + Integer.toUnsignedString(next[0]),
                        fd).getMessage());
                continue;
            }
            try {
                reader.read(next[0], fd);
            } catch (BpfException e) {
                if (e.errno() != ENOENT) { // ENOENT: freed meanwhile
                    unreadable.add(e.getMessage());
                }
            } catch (RuntimeException e) { // its fdinfo unreadable, say
                unreadable.add(kind + " id " + Integer.toUnsignedString(next[0]) + ": " + e.getMessage());
            } finally {
                libbpf().close(fd);
            }
        }
    }

    /**
     * The pins of every mounted BPF file system ({@code /proc/self/mounts}, type {@code bpf}), at most
     * {@code maxDepth} folders deep and {@code maxFiles} files in all; what the bounds left out is said in
     * {@link BpfPins#notes()}. Each file is opened ({@code bpf_obj_get}) to learn the id of the map or program pinned
     * there, and closed; links and files that cannot be opened are left out.
     */
    public static BpfPins pins(int maxDepth, int maxFiles) {
        LibBpfLibrary.ensureLoaded();
        Map<Integer, List<String>> maps = new LinkedHashMap<>();
        Map<Integer, List<String>> programs = new LinkedHashMap<>();
        List<String> notes = new ArrayList<>();
        int[] files = {0};
        for (Path mount : ProcFiles.bpfMounts()) {
            try {
                Files.walkFileTree(mount, Set.<FileVisitOption>of(), maxDepth, new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                        if (attributes.isDirectory()) { // a folder at the depth bound: the walk goes no deeper
                            notes.add("pins: not below " + file + " (more than " + maxDepth + " folders deep)");
                            return FileVisitResult.CONTINUE;
                        }
                        if (!attributes.isRegularFile()) {
                            return FileVisitResult.CONTINUE;
                        }
                        if (++files[0] > maxFiles) {
                            notes.add("pins: stopped after " + maxFiles + " files; pins beyond are not listed");
                            return FileVisitResult.TERMINATE;
                        }
                        identify(file, maps, programs);
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFileFailed(Path file, IOException e) {
                        if (Files.exists(file)) { // else removed meanwhile: nothing to tell
                            notes.add("pins: cannot read " + file + ": " + e);
                        }
                        return FileVisitResult.CONTINUE;
                    }
                });
            } catch (IOException e) {
                notes.add("pins: cannot walk " + mount + ": " + e);
            }
            if (files[0] > maxFiles) {
                break;
            }
        }
        return new BpfPins(maps, programs, notes);
    }

    /** Adds the pin {@code file} to the map or program it holds; a link, or a file that cannot be opened, is left. */
    private static void identify(Path file, Map<Integer, List<String>> maps, Map<Integer, List<String>> programs) {
        int fd = libbpf().bpf_obj_get(file.toString());
        if (fd < 0) {
            return;
        }
        try {
            Map<String, String> fdInfo = KernelMapInfo.fdInfo(fd);
            if (fdInfo.containsKey("map_type")) {
                maps.computeIfAbsent(KernelMapInfo.of(fd, "pin " + file).id(), id -> new ArrayList<>())
                        .add(file.toString());
            } else if (fdInfo.containsKey("prog_type")) {
                programs.computeIfAbsent(ProgramInfoStruct.of(fd, "pin " + file).id(), id -> new ArrayList<>())
                        .add(file.toString());
            }
        } catch (RuntimeException e) {
            // gone or unreadable since the walk listed it: not a pin to report
        } finally {
            libbpf().close(fd);
        }
    }

    /**
     * The wall-clock time of {@code bootNanos} (nanoseconds since boot, as the kernel stamps a program's load), to
     * the hundredth of a second that {@code /proc/uptime} tells.
     */
    public static Instant wallClock(long bootNanos) {
        long uptimeMillis = ProcFiles.uptimeMillis();
        return Instant.ofEpochMilli(System.currentTimeMillis() - uptimeMillis + bootNanos / 1_000_000);
    }
}
