package io.bpfjmx.libbpf;

import java.nio.ByteBuffer;

/**
 * The native functions bpfjmx calls: libbpf's (only symbols libbpf 1.1, Debian 12's, already exports) and the few
 * C library functions libbpf's API leaves to the caller. Two bindings make them: {@link JnaLibBpf} (JNA's direct
 * mapping, JDK 17-21) and {@code ForeignLibBpf} ({@code java.lang.foreign}, JDK 22 and later, which then never
 * loads JNA); {@link LibBpfLibrary#libbpf()} gives the one in use.
 *
 * <p>Methods carry the C names, so that each reads as the libbpf call it is. Pointers are {@code long} addresses (0
 * is NULL); {@code const char *} arguments are Strings; buffers the call reads or fills are arrays, copied in and
 * out. libbpf 1.x returns {@code -errno} from int functions; a function that returns a pointer returns NULL and
 * leaves the cause in errno, which {@link #errno()} reads on the same thread, as do the C library's.
 */
interface LibBpf {
    /** {@code int (*)(enum libbpf_print_level, const char *format, va_list args)}, implemented in Java. */
    @FunctionalInterface
    interface PrintFunction {
        int print(int level, long format, long vaList);
    }

    /** The binding's name, for logs and tests: {@code JNA} or {@code java.lang.foreign}. */
    String binding();

    /**
     * Readies what opening and loading an object calls first, where the binding links its calls lazily (the JDK's:
     * a link costs ~10 ms of CPU), so that a thread with nothing else to do pays for it rather than the first load.
     */
    void prepareObjectLoad();

    /** The errno the last errno-setting call of this thread left (pointer-returning libbpf calls, the C library). */
    int errno();

    // library
    String libbpf_version_string();
    /** Sets the process's print function (a {@link #printFunction} address, or another's); returns the previous. */
    long libbpf_set_print(long printFunction);
    int libbpf_num_possible_cpus();

    /** A C function pointer that calls {@code function}; it stays valid, and {@code function} reachable, for good. */
    long printFunction(PrintFunction function);

    /** Calls the print function at {@code address} (one libbpf had in place) with the arguments it was given. */
    int callPrintFunction(long address, int level, long format, long vaList);

    // objects
    long bpf_object__open_file(String path, long opts);
    /** An object from the ELF image at {@code buffer} (native memory, which must stay valid until it is loaded). */
    long bpf_object__open_mem(long buffer, long size, long opts);
    int bpf_object__load(long object);
    void bpf_object__close(long object);
    String bpf_object__name(long object);
    long bpf_object__next_map(long object, long previous);
    long bpf_object__next_program(long object, long previous);
    long bpf_object__btf(long object);

    // maps of an object
    String bpf_map__name(long map);
    int bpf_map__type(long map);
    int bpf_map__key_size(long map);
    int bpf_map__value_size(long map);
    int bpf_map__max_entries(long map);
    int bpf_map__map_flags(long map);
    int bpf_map__fd(long map);
    int bpf_map__btf_key_type_id(long map);
    int bpf_map__btf_value_type_id(long map);
    long bpf_map__map_extra(long map);
    boolean bpf_map__is_internal(long map);
    /** Before load: where libbpf reuses a pinned map, or pins the map it creates (libbpf's pin path). */
    int bpf_map__set_pin_path(long map, String path);
    // the hot path: key and value by address (see ScratchBuffer), so that the call passes primitives only
    int bpf_map__update_elem(long map, long key, long keySize, long value, long valueSize, long flags);
    int bpf_map__lookup_elem(long map, long key, long keySize, long value, long valueSize, long flags);
    int bpf_map__delete_elem(long map, byte[] key, long keySize, long flags);
    int bpf_map__get_next_key(long map, byte[] key, byte[] nextKey, long keySize);
    /** The pop of a queue or stack: key 0 (NULL) and key size 0. */
    int bpf_map__lookup_and_delete_elem(long map, long key, long keySize, long value, long valueSize, long flags);

    // maps by file descriptor (pinned, by id, and batches of any map)
    int bpf_obj_get(String path);
    int bpf_obj_pin(int fd, String path);
    int bpf_map_get_fd_by_id(int id);
    int bpf_obj_get_info_by_fd(int fd, byte[] info, int[] infoLength);
    int bpf_map_update_elem(int fd, long key, long value, long flags);
    int bpf_map_lookup_elem_flags(int fd, long key, long value, long flags);
    int bpf_map_delete_elem_flags(int fd, byte[] key, long flags);
    int bpf_map_get_next_key(int fd, byte[] key, byte[] nextKey);
    int bpf_map_lookup_and_delete_elem(int fd, long key, long value);
    int bpf_map_update_batch(int fd, byte[] keys, byte[] values, int[] count, byte[] opts);
    int bpf_map_lookup_batch(int fd, byte[] inBatch, byte[] outBatch, byte[] keys, byte[] values, int[] count,
                             byte[] opts);
    int bpf_map_create(int type, String name, int keySize, int valueSize, int maxEntries, long opts);
    // the programs a program array's values name (by id; by pin through bpf_obj_get)
    int bpf_prog_get_fd_by_id(int id);

    // programs and links
    String bpf_program__name(long program);
    String bpf_program__section_name(long program);
    int bpf_program__fd(long program);
    boolean bpf_program__autoattach(long program);
    long bpf_program__attach(long program);
    int bpf_link__destroy(long link);
    int bpf_link__fd(long link);
    /** A new session of the iterator a link attached: a file descriptor whose {@link #read} runs the program. */
    int bpf_iter_create(int linkFd);

    // BTF: the types of map keys and values (MapTypes), and whether a value holds a bpf_spin_lock
    long btf__load_from_kernel_by_id(int id);
    /** The address of the raw BTF; its size in {@code size[0]}. */
    long btf__raw_data(long btf, int[] size);
    void btf__free(long btf);
    long btf__type_by_id(long btf, int id);
    String btf__name_by_offset(long btf, int offset);

    // the host's maps and programs (SystemBpf): the ids bpftool map show and prog show walk
    int bpf_map_get_next_id(int startId, int[] nextId);
    int bpf_prog_get_next_id(int startId, int[] nextId);

    // the C library
    /** Formats libbpf's log messages, which arrive as a format and a {@code va_list}; allocates exactly. */
    int vasprintf(long[] result, long format, long vaList);
    void free(long memory);
    /**
     * Fills {@code buffer} with the {@code struct statfs} of the file system holding {@code path}; its first field,
     * {@code f_type} (a C long on 64-bit Linux), is the file system's magic number. -1 with errno set when it fails.
     */
    int statfs(String path, byte[] buffer);
    /** Closes descriptors of maps opened by pin or id, which no libbpf object owns. */
    int close(int fd);
    /**
     * A descriptor of our own for the program or map behind {@code fd} (an object's, which libbpf owns), for a write
     * that must not depend on that object staying open; -1 with errno set when it fails.
     */
    int dup(int fd);
    /** Up to {@code count} bytes into {@code buffer}: how many came (0 at the end), or -1 with errno set. */
    long read(int fd, byte[] buffer, long count);

    // native memory that libbpf hands back, and the address of the Java side's own
    int readInt(long address);
    byte[] read(long address, int length);
    /** The NUL-terminated string at {@code address}. */
    String readString(long address);
    /** The native address of a direct buffer's first byte. */
    long address(ByteBuffer direct);
}
