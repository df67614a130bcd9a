package io.bpfjmx.libbpf;

import static io.bpfjmx.libbpf.LibBpfLibrary.libbpf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Maps that outlive their object: before an opened object loads, each of its maps gets the pin path
 * {@code <folder>/<object>/<map>} ({@code bpf_map__set_pin_path}); at load, libbpf reuses the map pinned there, or
 * creates the map and pins it. One folder per object, so that two objects with a map of the same name do not share it.
 *
 * <p>The object's globals ({@code .data}, {@code .bss}, {@code .rodata}, {@code .kconfig}) are not pinned: libbpf
 * would reuse a pinned {@code .rodata} without writing the new object's constants into it, so a rebuilt object
 * would run with the old ones; globals start from the object's initial values on every load.
 *
 * <p>libbpf refuses a pinned map of another shape with a bare EINVAL ("couldn't reuse pinned map"). The shapes are
 * compared here first, on the fields libbpf compares, and the load is refused naming both; the pin is not touched.
 */
final class MapPins {

    private MapPins() {}

    /**
     * Sets the pin path of each of the opened object's maps, creating {@code <folder>/<object>} if needed.
     *
     * @return where each map is pinned, and whether it is there already (and will be reused)
     * @throws IllegalArgumentException when the folder is not on a BPF file system, or cannot be made
     * @throws IllegalStateException when a map pinned there has another shape than the object declares
     */
    static List<MapPin> prepare(long object, String objectName, Path folder) {
        Path objectFolder = objectFolder(folder, objectName);
        List<MapPin> pins = new ArrayList<>();
        for (long map = libbpf().bpf_object__next_map(object, 0); map != 0;
             map = libbpf().bpf_object__next_map(object, map)) {
            if (libbpf().bpf_map__is_internal(map)) {
                continue;
            }
            String name = libbpf().bpf_map__name(map);
            Path pin = objectFolder.resolve(name);
            boolean reused = checkPinned(pin, name, objectName, MapShape.declared(map));
            int result = libbpf().bpf_map__set_pin_path(map, pin.toString());
            if (result != 0) {
                throw BpfException.of(MapOperation.PIN, "map '" + name + "' at " + pin, result);
            }
            pins.add(new MapPin(name, pin, reused));
        }
        return List.copyOf(pins);
    }

    /** {@code <folder>/<object>}, made if missing, once the folder is known to be on a BPF file system. */
    private static Path objectFolder(Path folder, String objectName) {
        Path absolute = folder.toAbsolutePath().normalize();
        Path existing = absolute;
        while (!Files.exists(existing)) {
            existing = existing.getParent(); // the root exists
        }
        if (!onBpfFileSystem(existing)) {
            throw new IllegalArgumentException("cannot pin maps under " + folder + ": " + existing + " is not on the "
                    + "BPF file system (it is on " + fileSystemName(existing) + "); mount one (mount -t bpf bpf "
                    + "/sys/fs/bpf) and name a folder under it, e.g. /sys/fs/bpf/bpfjmx");
        }
        Path objectFolder = absolute.resolve(objectName);
        try {
            return Files.createDirectories(objectFolder);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot pin maps under " + folder + ": cannot create " + objectFolder
                    + ": " + e, e);
        }
    }

    private static boolean onBpfFileSystem(Path path) {
        return BpfFileSystem.holds(path, errno -> new IllegalArgumentException("cannot tell which file system " + path
                + " is on: statfs failed with " + Errno.nameOf(errno)));
    }

    /** The name of the file system holding {@code path} ({@code tmpfs}, {@code ext4}, …), for the message. */
    private static String fileSystemName(Path path) {
        try {
            return Files.getFileStore(path).type();
        } catch (IOException e) {
            return "other";
        }
    }

    /**
     * Whether a map is pinned at {@code pin} already; if one is, its shape must be the declared one.
     *
     * @throws IllegalStateException naming both shapes when they differ
     */
    private static boolean checkPinned(Path pin, String map, String objectName, MapShape declared) {
        if (!Files.exists(pin, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        int fd = libbpf().bpf_obj_get(pin.toString());
        if (fd < 0) {
            throw BpfException.of(MapOperation.OPEN, "pinned map " + pin, fd);
        }
        try {
            MapShape pinned;
            try {
                pinned = MapShape.of(KernelMapInfo.of(fd, "the pin " + pin));
            } catch (IllegalArgumentException notAMap) {
                throw new IllegalStateException("map '" + map + "' of object '" + objectName + "' cannot be pinned at "
                        + pin + ": something other than a map (a program or link) is pinned there; remove it, or "
                        + "name another pin folder", notAMap);
            }
            if (!pinned.equals(declared)) {
                throw new IllegalStateException("map '" + map + "' pinned at " + pin + " is " + pinned
                        + ", but object '" + objectName + "' declares " + declared + "; the pinned map is left as it "
                        + "is: remove the pin (rm " + pin + ") to start that map empty, or load the object it was "
                        + "pinned for");
            }
            return true;
        } finally {
            libbpf().close(fd);
        }
    }
}
