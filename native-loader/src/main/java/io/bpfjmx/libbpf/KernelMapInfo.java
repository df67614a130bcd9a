package io.bpfjmx.libbpf;

import static io.bpfjmx.libbpf.LibBpfLibrary.libbpf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * What the kernel says of a map fd: {@code struct bpf_map_info} (from {@code bpf_obj_get_info_by_fd}) and the
 * {@code /proc/self/fdinfo} lines (which also tell whether the fd is a map at all, and whether it is frozen).
 */
record KernelMapInfo(int type, int id, int keySize, int valueSize, int maxEntries, int flags, String kernelName,
                     int btfId, int btfKeyTypeId, int btfValueTypeId, long mapExtra) {

    // Larger than any struct bpf_map_info so far: the kernel accepts a longer buffer whose tail is zero.
    private static final int INFO_BUFFER = 256;

    static KernelMapInfo of(int fd, String subject) {
        if (!fdInfo(fd).containsKey("map_type")) {
            throw new IllegalArgumentException(subject + " is not a BPF map (its fd has no map_type in fdinfo); "
                    + "give the pin or id of a map, not of a program or link");
        }
        byte[] info = new byte[INFO_BUFFER];
        int[] length = {INFO_BUFFER};
        int result = libbpf().bpf_obj_get_info_by_fd(fd, info, length);
        if (result != 0) {
            throw BpfException.of(MapOperation.OPEN, subject, result);
        }
        ByteBuffer buffer = ByteBuffer.wrap(info).order(ByteOrder.nativeOrder());
        byte[] name = new byte[16];
        buffer.position(24);
        buffer.get(name);
        // type, id, key_size, value_size, max_entries, map_flags, name[16], ..., btf_id at 64, btf_key_type_id,
        // btf_value_type_id, a 4-byte pad, map_extra (u64) at 80
        return new KernelMapInfo(buffer.getInt(0), buffer.getInt(4), buffer.getInt(8), buffer.getInt(12),
                buffer.getInt(16), buffer.getInt(20), cString(name), buffer.getInt(64), buffer.getInt(68),
                buffer.getInt(72), buffer.getLong(80));
    }

    /** Whether the kernel has frozen the map: no more writes from user space ({@code BPF_MAP_FREEZE}). */
    static boolean isFrozen(int fd) {
        return "1".equals(fdInfo(fd).get("frozen"));
    }

    /** What a map of maps compares with its inner maps, for messages: {@code ARRAY, key 4 B, value 8 B, max 2}. */
    String shape() {
        return MapType.of(type) + ", key " + keySize + " B, value " + valueSize + " B, max_entries " + maxEntries
                + ", flags 0x" + Integer.toHexString(flags);
    }

    /** The {@code /proc/self/fdinfo} lines of {@code fd}: {@code map_type} of a map, {@code prog_type} of a program. */
    static Map<String, String> fdInfo(int fd) {
        Map<String, String> fields = new HashMap<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/fdinfo/" + fd))) {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    fields.put(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /proc/self/fdinfo/" + fd, e);
        }
        return fields;
    }

    static String cString(byte[] bytes) {
        int end = 0;
        while (end < bytes.length && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, 0, end, StandardCharsets.UTF_8);
    }
}
