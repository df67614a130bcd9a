package io.bpfjmx.libbpf;

import com.sun.jna.Callback;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;

/**
 * Direct-mapped bindings to {@code libbpf.so.1}: only symbols that libbpf 1.1 (Debian 12) already exports.
 *
 * <p>Direct mapping ({@link Native#register}) is several times cheaper per call than interface mapping, which
 * matters on the update path. libbpf 1.x returns {@code -errno} from int functions; functions that return a
 * pointer return NULL and leave the cause in errno, read with {@link Native#getLastError()}.
 *
 * <p>Registration happens once, against the library {@link LibBpfLibrary} located and version-checked.
 */
final class LibBpf {
    private LibBpf() {}

    static void register(NativeLibrary library) {
        Native.register(LibBpf.class, library);
    }

    /**
     * {@code int (*)(enum libbpf_print_level, const char *format, va_list args)}; the format stays a pointer, so
     * that a message handed on to another print function is passed exactly as libbpf gave it.
     */
    interface PrintCallback extends Callback {
        int invoke(int level, Pointer format, Pointer vaList);
    }

    // library
    /** Sets the process's print function (a {@link PrintCallback}'s pointer, or another's); returns the previous. */
    static native Pointer libbpf_set_print(Pointer printFunction);
    static native int libbpf_num_possible_cpus();

    // objects
    static native Pointer bpf_object__open_file(String path, Pointer opts);
    static native int bpf_object__load(Pointer object);
    static native void bpf_object__close(Pointer object);
    static native String bpf_object__name(Pointer object);
    static native Pointer bpf_object__next_map(Pointer object, Pointer previous);
    static native Pointer bpf_object__next_program(Pointer object, Pointer previous);
    static native Pointer bpf_object__btf(Pointer object);

    // maps of an object
    static native String bpf_map__name(Pointer map);
    static native int bpf_map__type(Pointer map);
    static native int bpf_map__key_size(Pointer map);
    static native int bpf_map__value_size(Pointer map);
    static native int bpf_map__max_entries(Pointer map);
    static native int bpf_map__map_flags(Pointer map);
    static native int bpf_map__fd(Pointer map);
    static native int bpf_map__btf_key_type_id(Pointer map);
    static native int bpf_map__btf_value_type_id(Pointer map);
    static native long bpf_map__map_extra(Pointer map);
    static native byte bpf_map__is_internal(Pointer map); // C bool: one byte
    /** Before load: where libbpf reuses a pinned map, or pins the map it creates (libbpf's pin path). */
    static native int bpf_map__set_pin_path(Pointer map, String path);
    // the hot path: the map, key and value by address (see ScratchBuffer), so JNA passes primitives only
    static native int bpf_map__update_elem(long map, long key, long keySize, long value, long valueSize, long flags);
    static native int bpf_map__lookup_elem(long map, long key, long keySize, long value, long valueSize, long flags);
    static native int bpf_map__delete_elem(Pointer map, byte[] key, long keySize, long flags);
    static native int bpf_map__get_next_key(Pointer map, byte[] key, byte[] nextKey, long keySize);
    // pop of a queue or stack: key 0 (NULL) and key size 0
    static native int bpf_map__lookup_and_delete_elem(long map, long key, long keySize, long value, long valueSize,
                                                      long flags);

    // maps by file descriptor (pinned, by id, and batches of any map)
    static native int bpf_obj_get(String path);
    static native int bpf_obj_pin(int fd, String path);
    static native int bpf_map_get_fd_by_id(int id);
    static native int bpf_obj_get_info_by_fd(int fd, byte[] info, int[] infoLength);
    static native int bpf_map_update_elem(int fd, long key, long value, long flags);
    static native int bpf_map_lookup_elem_flags(int fd, long key, long value, long flags);
    static native int bpf_map_delete_elem_flags(int fd, byte[] key, long flags);
    static native int bpf_map_get_next_key(int fd, byte[] key, byte[] nextKey);
    static native int bpf_map_lookup_and_delete_elem(int fd, long key, long value);
    static native int bpf_map_update_batch(int fd, byte[] keys, byte[] values, int[] count, byte[] opts);
    static native int bpf_map_lookup_batch(int fd, byte[] inBatch, byte[] outBatch, byte[] keys, byte[] values,
                                           int[] count, byte[] opts);
    static native int bpf_map_create(int type, String name, int keySize, int valueSize, int maxEntries, Pointer opts);
    // the programs a program array's values name (by id; by pin through bpf_obj_get)
    static native int bpf_prog_get_fd_by_id(int id);

    // programs and links
    static native String bpf_program__name(Pointer program);
    static native String bpf_program__section_name(Pointer program);
    static native int bpf_program__fd(Pointer program);
    static native byte bpf_program__autoattach(Pointer program); // C bool: one byte
    static native Pointer bpf_program__attach(Pointer program);
    static native int bpf_link__destroy(Pointer link);

    // BTF: the types of map keys and values (MapTypes), and whether a value holds a bpf_spin_lock
    static native Pointer btf__load_from_kernel_by_id(int id);
    static native Pointer btf__raw_data(Pointer btf, int[] size);
    static native void btf__free(Pointer btf);
    static native Pointer btf__type_by_id(Pointer btf, int id);
    static native String btf__name_by_offset(Pointer btf, int offset);

    // the host's maps and programs (SystemBpf): the ids bpftool map show and prog show walk, and a program's info
    static native int bpf_map_get_next_id(int startId, int[] nextId);
    static native int bpf_prog_get_next_id(int startId, int[] nextId);
    static native int bpf_obj_get_info_by_fd(int fd, ProgramInfoStruct info, int[] infoLength);
}
