package io.bpfjmx.libbpf;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import java.util.HexFormat;

/**
 * {@code struct bpf_prog_info} of uapi {@code linux/bpf.h} (kernel 6.x), field by field, as
 * {@code bpf_obj_get_info_by_fd} fills it for a program's fd. Every pointer and length the caller leaves 0 makes the
 * kernel copy nothing there; {@link #withMapIds} asks for the ids of the maps the program uses.
 *
 * <p>Public only because JNA reads and writes a structure's fields by reflection; not part of bpfjmx's API.
 */
@Structure.FieldOrder({"type", "id", "tag", "jitedProgLen", "xlatedProgLen", "jitedProgInsns", "xlatedProgInsns",
    "loadTime", "createdByUid", "nrMapIds", "mapIds", "name", "ifindex", "gplCompatible", "netnsDev", "netnsIno",
    "nrJitedKsyms", "nrJitedFuncLens", "jitedKsyms", "jitedFuncLens", "btfId", "funcInfoRecSize", "funcInfo",
    "nrFuncInfo", "nrLineInfo", "lineInfo", "jitedLineInfo", "nrJitedLineInfo", "lineInfoRecSize",
    "jitedLineInfoRecSize", "nrProgTags", "progTags", "runTimeNs", "runCnt", "recursionMisses", "verifiedInsns",
    "attachBtfObjId", "attachBtfId", "padding"})
public final class ProgramInfoStruct extends Structure {
    public int type;
    public int id;
    public byte[] tag = new byte[8];
    public int jitedProgLen;
    public int xlatedProgLen;
    public long jitedProgInsns;
    public long xlatedProgInsns;
    /** Nanoseconds since boot ({@code CLOCK_BOOTTIME}). */
    public long loadTime;
    public int createdByUid;
    /** In: room in {@link #mapIds}; out: how many maps the program uses. */
    public int nrMapIds;
    /** In: the address of {@link #nrMapIds} u32s for the kernel to fill. */
    public long mapIds;
    public byte[] name = new byte[16];
    public int ifindex;
    /** Bit 0: {@code gpl_compatible}; the other 31 bits pad. */
    public int gplCompatible;
    public long netnsDev;
    public long netnsIno;
    public int nrJitedKsyms;
    public int nrJitedFuncLens;
    public long jitedKsyms;
    public long jitedFuncLens;
    public int btfId;
    public int funcInfoRecSize;
    public long funcInfo;
    public int nrFuncInfo;
    public int nrLineInfo;
    public long lineInfo;
    public long jitedLineInfo;
    public int nrJitedLineInfo;
    public int lineInfoRecSize;
    public int jitedLineInfoRecSize;
    public int nrProgTags;
    public long progTags;
    public long runTimeNs;
    public long runCnt;
    public long recursionMisses;
    public int verifiedInsns;
    public int attachBtfObjId;
    public int attachBtfId;
    public int padding;

    /** The map ids buffer of {@link #withMapIds}, kept reachable until the call has filled it. */
    private transient Memory mapIdBuffer;

    ProgramInfoStruct() {
        super(ALIGN_DEFAULT);
    }

    /**
     * The info of the program behind {@code fd}, with the ids of the maps it uses: a first call learns how many
     * there are, a second, fresh one (the first wrote lengths the kernel would copy to null pointers) reads them.
     */
    static ProgramInfoStruct of(int fd, String subject) {
        ProgramInfoStruct info = read(fd, new ProgramInfoStruct(), subject);
        return info.nrMapIds == 0 ? info : read(fd, withMapIds(info.nrMapIds), subject);
    }

    private static ProgramInfoStruct read(int fd, ProgramInfoStruct request, String subject) {
        int[] length = {request.size()};
        int result = LibBpf.bpf_obj_get_info_by_fd(fd, request, length);
        if (result != 0) {
            throw BpfException.of(MapOperation.LIST, subject, result);
        }
        return request;
    }

    /** A fresh request that asks the kernel for up to {@code count} map ids (the lengths of a first read). */
    private static ProgramInfoStruct withMapIds(int count) {
        ProgramInfoStruct request = new ProgramInfoStruct();
        request.mapIdBuffer = new Memory((long) count * Integer.BYTES);
        request.nrMapIds = count;
        request.mapIds = Pointer.nativeValue(request.mapIdBuffer);
        return request;
    }

    /** The map ids the kernel wrote into the buffer of {@link #withMapIds}, at most as many as there was room for. */
    int[] mapIdsRead() {
        if (mapIdBuffer == null) {
            return new int[0];
        }
        return mapIdBuffer.getIntArray(0, Math.min(nrMapIds, (int) (mapIdBuffer.size() / Integer.BYTES)));
    }

    String nameText() {
        return Native.toString(name);
    }

    /** The program's tag as bpftool prints it: 16 lower-case hex digits. */
    String tagHex() {
        return HexFormat.of().formatHex(tag);
    }
}
