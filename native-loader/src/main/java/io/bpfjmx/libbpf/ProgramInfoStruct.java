package io.bpfjmx.libbpf;

import static io.bpfjmx.libbpf.LibBpfLibrary.libbpf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;

/**
 * {@code struct bpf_prog_info} of uapi {@code linux/bpf.h} (kernel 6.x), as {@code bpf_obj_get_info_by_fd} fills
 * it for a program's fd: the fields bpftool's {@code prog show} prints, read by their offsets in the struct. Every
 * pointer and length the caller leaves 0 makes the kernel copy nothing there; {@link #of} also asks for the ids of
 * the maps the program uses.
 */
final class ProgramInfoStruct {
    /** {@code sizeof(struct bpf_prog_info)} on 6.x; the kernel accepts a longer buffer whose tail is zero. */
    private static final int SIZE = 232;
    private static final int TYPE = 0;
    private static final int ID = 4;
    private static final int TAG = 8;
    private static final int TAG_LENGTH = 8;
    private static final int LOAD_TIME = 40;
    private static final int CREATED_BY_UID = 48;
    /** In: room in the map ids buffer; out: how many maps the program uses. */
    private static final int NR_MAP_IDS = 52;
    /** In: the address of the buffer of u32 map ids for the kernel to fill. */
    private static final int MAP_IDS = 56;
    private static final int NAME = 64;
    private static final int NAME_LENGTH = 16;
    private static final int BTF_ID = 128;

    private final ByteBuffer info;
    /** The map ids the kernel wrote, at most as many as there was room for. */
    private final int[] mapIds;

    private ProgramInfoStruct(ByteBuffer info, int[] mapIds) {
        this.info = info;
        this.mapIds = mapIds;
    }

    /**
     * The info of the program behind {@code fd}, with the ids of the maps it uses: a first call learns how many
     * there are, a second, fresh one (the first wrote lengths the kernel would copy to null pointers) reads them.
     */
    static ProgramInfoStruct of(int fd, String subject) {
        ByteBuffer first = read(fd, request(0, null), subject);
        int count = first.getInt(NR_MAP_IDS);
        if (count == 0) {
            return new ProgramInfoStruct(first, new int[0]);
        }
        ByteBuffer ids = ByteBuffer.allocateDirect(count * Integer.BYTES).order(ByteOrder.nativeOrder());
        ByteBuffer second = read(fd, request(count, ids), subject);
        int[] mapIds = new int[Math.min(second.getInt(NR_MAP_IDS), count)];
        ids.asIntBuffer().get(mapIds);
        return new ProgramInfoStruct(second, mapIds);
    }

    /** A request that asks for up to {@code count} map ids, written to {@code ids} (a direct buffer). */
    private static byte[] request(int count, ByteBuffer ids) {
        ByteBuffer request = ByteBuffer.allocate(SIZE).order(ByteOrder.nativeOrder());
        if (ids != null) {
            request.putInt(NR_MAP_IDS, count);
            request.putLong(MAP_IDS, libbpf().address(ids));
        }
        return request.array();
    }

    private static ByteBuffer read(int fd, byte[] request, String subject) {
        int[] length = {request.length};
        int result = libbpf().bpf_obj_get_info_by_fd(fd, request, length);
        if (result != 0) {
            throw BpfException.of(MapOperation.LIST, subject, result);
        }
        return ByteBuffer.wrap(request).order(ByteOrder.nativeOrder());
    }

    int type() {
        return info.getInt(TYPE);
    }

    int id() {
        return info.getInt(ID);
    }

    /** Nanoseconds since boot ({@code CLOCK_BOOTTIME}). */
    long loadTime() {
        return info.getLong(LOAD_TIME);
    }

    int createdByUid() {
        return info.getInt(CREATED_BY_UID);
    }

    int btfId() {
        return info.getInt(BTF_ID);
    }

    int[] mapIdsRead() {
        return mapIds.clone();
    }

    String nameText() {
        byte[] name = new byte[NAME_LENGTH];
        info.get(NAME, name);
        return KernelMapInfo.cString(name);
    }

    /** The program's tag as bpftool prints it: 16 lower-case hex digits. */
    String tagHex() {
        byte[] tag = new byte[TAG_LENGTH];
        info.get(TAG, tag);
        return HexFormat.of().formatHex(tag);
    }
}
