package io.bpfjmx.libbpf;

import com.sun.jna.Callback;
import com.sun.jna.CallbackReference;
import com.sun.jna.Function;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link LibBpf} through JNA's direct mapping ({@link Native#register}), several times cheaper per call than its
 * interface mapping, which matters on the update path. The binding of JDK 17 to 21, and of any JDK with
 * {@code -Dbpfjmx.ffm=false}.
 */
final class JnaLibBpf implements LibBpf {
    /** Why JNA's native part did not load: a class that failed to initialise stays failed, so it is told again. */
    private static String jnaFailure;

    /** Held for the life of the JVM: the C side may call a function pointer made from them at any time. */
    private final List<Callback> printFunctions = new ArrayList<>();

    private JnaLibBpf() {}

    /**
     * Loads JNA's native part, then libbpf from {@code wanted} (a path, or the system's name), checks its version and
     * binds every function.
     *
     * @throws LibBpfUnavailableException when JNA or libbpf cannot load, libbpf is older than 0.8, or lacks a function
     */
    static LibBpf bind(String wanted) {
        startJna();
        NativeLibrary library;
        try {
            library = NativeLibrary.getInstance(wanted);
        } catch (UnsatisfiedLinkError e) {
            throw LibBpfLibrary.cannotLoad(wanted, e);
        }
        LibBpfLibrary.checkVersion(wanted, name -> library.getFunction(name).invokeInt(new Object[0]));
        try {
            Native.register(Natives.class, library);
        } catch (UnsatisfiedLinkError e) {
            throw LibBpfLibrary.lacksFunction(wanted, e);
        }
        Native.register(C.class, NativeLibrary.getInstance(Platform.C_LIBRARY_NAME));
        return new JnaLibBpf();
    }

    /**
     * Loads JNA's own native library (unpacked to a temporary file), or says why it cannot: a JVM that denies native
     * access ({@code --illegal-native-access=deny}), a temporary directory mounted {@code noexec}.
     */
    private static synchronized void startJna() {
        if (jnaFailure == null) {
            try {
                Class.forName("com.sun.jna.Native", true, JnaLibBpf.class.getClassLoader());
                return;
            } catch (ClassNotFoundException | LinkageError | RuntimeException e) {
                Throwable cause = e instanceof ExceptionInInitializerError && e.getCause() != null ? e.getCause() : e;
                jnaFailure = "JNA could not load its native part: " + LibBpfLibrary.firstLine(cause.toString())
                        + (cause instanceof IllegalCallerException
                        ? "; this JVM denies native access: start it with --enable-native-access=ALL-UNNAMED"
                        : "; if the temporary directory is mounted noexec, name another in the agent option jnaTmpDir"
                        + " (system property jna.tmpdir)");
            }
        }
        throw new LibBpfUnavailableException(jnaFailure, null);
    }

    /** libbpf's functions, registered against the library {@link #bind} loaded. */
    private static final class Natives {
        static native String libbpf_version_string();
        static native long libbpf_set_print(long printFunction);
        static native int libbpf_num_possible_cpus();
        static native long bpf_object__open_file(String path, long opts);
        static native long bpf_object__open_mem(long buffer, long size, long opts);
        static native int bpf_object__load(long object);
        static native void bpf_object__close(long object);
        static native String bpf_object__name(long object);
        static native long bpf_object__next_map(long object, long previous);
        static native long bpf_object__next_program(long object, long previous);
        static native long bpf_object__btf(long object);
        static native String bpf_map__name(long map);
        static native int bpf_map__type(long map);
        static native int bpf_map__key_size(long map);
        static native int bpf_map__value_size(long map);
        static native int bpf_map__max_entries(long map);
        static native int bpf_map__map_flags(long map);
        static native int bpf_map__fd(long map);
        static native int bpf_map__btf_key_type_id(long map);
        static native int bpf_map__btf_value_type_id(long map);
        static native long bpf_map__map_extra(long map);
        static native byte bpf_map__is_internal(long map);
        static native int bpf_map__set_pin_path(long map, String path);
        static native int bpf_map__update_elem(long map, long key, long keySize, long value, long valueSize,
                                               long flags);
        static native int bpf_map__lookup_elem(long map, long key, long keySize, long value, long valueSize,
                                               long flags);
        static native int bpf_map__delete_elem(long map, byte[] key, long keySize, long flags);
        static native int bpf_map__get_next_key(long map, byte[] key, byte[] nextKey, long keySize);
        static native int bpf_map__lookup_and_delete_elem(long map, long key, long keySize, long value,
                                                          long valueSize, long flags);
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
        static native int bpf_map_create(int type, String name, int keySize, int valueSize, int maxEntries, long opts);
        static native int bpf_prog_get_fd_by_id(int id);
        static native String bpf_program__name(long program);
        static native String bpf_program__section_name(long program);
        static native int bpf_program__fd(long program);
        static native byte bpf_program__autoattach(long program);
        static native long bpf_program__attach(long program);
        static native int bpf_link__destroy(long link);
        static native int bpf_link__fd(long link);
        static native int bpf_iter_create(int linkFd);
        static native long btf__load_from_kernel_by_id(int id);
        static native long btf__raw_data(long btf, int[] size);
        static native void btf__free(long btf);
        static native long btf__type_by_id(long btf, int id);
        static native String btf__name_by_offset(long btf, int offset);
        static native int bpf_map_get_next_id(int startId, int[] nextId);
        static native int bpf_prog_get_next_id(int startId, int[] nextId);
    }

    /** The C library's. */
    private static final class C {
        static native int vasprintf(long[] result, long format, long vaList);
        static native void free(long memory);
        static native int statfs(String path, byte[] buffer);
        static native int close(int fd);
        static native int dup(int fd);
        static native long read(int fd, byte[] buffer, long count);
    }

    /** The shape of libbpf's print function, for JNA to make a C function pointer of. */
    private interface JnaPrintFunction extends Callback {
        int invoke(int level, long format, long vaList);
    }

    @Override
    public String binding() {
        return "JNA";
    }

    /** Nothing: {@link #bind} registered every function. */
    @Override
    public void prepareObjectLoad() {
    }

    @Override
    public int errno() {
        return Native.getLastError();
    }

    @Override
    public synchronized long printFunction(PrintFunction function) {
        JnaPrintFunction callback = function::print;
        printFunctions.add(callback);
        return Pointer.nativeValue(CallbackReference.getFunctionPointer(callback));
    }

    @Override
    public int callPrintFunction(long address, int level, long format, long vaList) {
        return Function.getFunction(new Pointer(address)).invokeInt(new Object[] {level, new Pointer(format),
            new Pointer(vaList)});
    }

    @Override
    public int readInt(long address) {
        return new Pointer(address).getInt(0);
    }

    @Override
    public byte[] read(long address, int length) {
        return new Pointer(address).getByteArray(0, length);
    }

    @Override
    public String readString(long address) {
        return new Pointer(address).getString(0);
    }

    @Override
    public long address(ByteBuffer direct) {
        return Pointer.nativeValue(Native.getDirectBufferPointer(direct));
    }

    @Override public String libbpf_version_string() { return Natives.libbpf_version_string(); }
    @Override public long libbpf_set_print(long printFunction) { return Natives.libbpf_set_print(printFunction); }
    @Override public int libbpf_num_possible_cpus() { return Natives.libbpf_num_possible_cpus(); }
    @Override public long bpf_object__open_file(String path, long opts) {
        return Natives.bpf_object__open_file(path, opts);
    }
    @Override public long bpf_object__open_mem(long buffer, long size, long opts) {
        return Natives.bpf_object__open_mem(buffer, size, opts);
    }
    @Override public int bpf_object__load(long object) { return Natives.bpf_object__load(object); }
    @Override public void bpf_object__close(long object) { Natives.bpf_object__close(object); }
    @Override public String bpf_object__name(long object) { return Natives.bpf_object__name(object); }
    @Override public long bpf_object__next_map(long object, long previous) {
        return Natives.bpf_object__next_map(object, previous);
    }
    @Override public long bpf_object__next_program(long object, long previous) {
        return Natives.bpf_object__next_program(object, previous);
    }
    @Override public long bpf_object__btf(long object) { return Natives.bpf_object__btf(object); }
    @Override public String bpf_map__name(long map) { return Natives.bpf_map__name(map); }
    @Override public int bpf_map__type(long map) { return Natives.bpf_map__type(map); }
    @Override public int bpf_map__key_size(long map) { return Natives.bpf_map__key_size(map); }
    @Override public int bpf_map__value_size(long map) { return Natives.bpf_map__value_size(map); }
    @Override public int bpf_map__max_entries(long map) { return Natives.bpf_map__max_entries(map); }
    @Override public int bpf_map__map_flags(long map) { return Natives.bpf_map__map_flags(map); }
    @Override public int bpf_map__fd(long map) { return Natives.bpf_map__fd(map); }
    @Override public int bpf_map__btf_key_type_id(long map) { return Natives.bpf_map__btf_key_type_id(map); }
    @Override public int bpf_map__btf_value_type_id(long map) { return Natives.bpf_map__btf_value_type_id(map); }
    @Override public long bpf_map__map_extra(long map) { return Natives.bpf_map__map_extra(map); }
    @Override public boolean bpf_map__is_internal(long map) { return Natives.bpf_map__is_internal(map) != 0; }
    @Override public int bpf_map__set_pin_path(long map, String path) {
        return Natives.bpf_map__set_pin_path(map, path);
    }
    @Override
    public int bpf_map__update_elem(long map, long key, long keySize, long value, long valueSize, long flags) {
        return Natives.bpf_map__update_elem(map, key, keySize, value, valueSize, flags);
    }
    @Override
    public int bpf_map__lookup_elem(long map, long key, long keySize, long value, long valueSize, long flags) {
        return Natives.bpf_map__lookup_elem(map, key, keySize, value, valueSize, flags);
    }
    @Override public int bpf_map__delete_elem(long map, byte[] key, long keySize, long flags) {
        return Natives.bpf_map__delete_elem(map, key, keySize, flags);
    }
    @Override public int bpf_map__get_next_key(long map, byte[] key, byte[] nextKey, long keySize) {
        return Natives.bpf_map__get_next_key(map, key, nextKey, keySize);
    }
    @Override
    public int bpf_map__lookup_and_delete_elem(long map, long key, long keySize, long value, long valueSize,
                                               long flags) {
        return Natives.bpf_map__lookup_and_delete_elem(map, key, keySize, value, valueSize, flags);
    }
    @Override public int bpf_obj_get(String path) { return Natives.bpf_obj_get(path); }
    @Override public int bpf_obj_pin(int fd, String path) { return Natives.bpf_obj_pin(fd, path); }
    @Override public int bpf_map_get_fd_by_id(int id) { return Natives.bpf_map_get_fd_by_id(id); }
    @Override public int bpf_obj_get_info_by_fd(int fd, byte[] info, int[] infoLength) {
        return Natives.bpf_obj_get_info_by_fd(fd, info, infoLength);
    }
    @Override public int bpf_map_update_elem(int fd, long key, long value, long flags) {
        return Natives.bpf_map_update_elem(fd, key, value, flags);
    }
    @Override public int bpf_map_lookup_elem_flags(int fd, long key, long value, long flags) {
        return Natives.bpf_map_lookup_elem_flags(fd, key, value, flags);
    }
    @Override public int bpf_map_delete_elem_flags(int fd, byte[] key, long flags) {
        return Natives.bpf_map_delete_elem_flags(fd, key, flags);
    }
    @Override public int bpf_map_get_next_key(int fd, byte[] key, byte[] nextKey) {
        return Natives.bpf_map_get_next_key(fd, key, nextKey);
    }
    @Override public int bpf_map_lookup_and_delete_elem(int fd, long key, long value) {
        return Natives.bpf_map_lookup_and_delete_elem(fd, key, value);
    }
    @Override public int bpf_map_update_batch(int fd, byte[] keys, byte[] values, int[] count, byte[] opts) {
        return Natives.bpf_map_update_batch(fd, keys, values, count, opts);
    }
    @Override
    public int bpf_map_lookup_batch(int fd, byte[] inBatch, byte[] outBatch, byte[] keys, byte[] values, int[] count,
                                    byte[] opts) {
        return Natives.bpf_map_lookup_batch(fd, inBatch, outBatch, keys, values, count, opts);
    }
    @Override public int bpf_map_create(int type, String name, int keySize, int valueSize, int maxEntries, long opts) {
        return Natives.bpf_map_create(type, name, keySize, valueSize, maxEntries, opts);
    }
    @Override public int bpf_prog_get_fd_by_id(int id) { return Natives.bpf_prog_get_fd_by_id(id); }
    @Override public String bpf_program__name(long program) { return Natives.bpf_program__name(program); }
    @Override public String bpf_program__section_name(long program) {
        return Natives.bpf_program__section_name(program);
    }
    @Override public int bpf_program__fd(long program) { return Natives.bpf_program__fd(program); }
    @Override public boolean bpf_program__autoattach(long program) {
        return Natives.bpf_program__autoattach(program) != 0;
    }
    @Override public long bpf_program__attach(long program) { return Natives.bpf_program__attach(program); }
    @Override public int bpf_link__destroy(long link) { return Natives.bpf_link__destroy(link); }
    @Override public int bpf_link__fd(long link) { return Natives.bpf_link__fd(link); }
    @Override public int bpf_iter_create(int linkFd) { return Natives.bpf_iter_create(linkFd); }
    @Override public long btf__load_from_kernel_by_id(int id) { return Natives.btf__load_from_kernel_by_id(id); }
    @Override public long btf__raw_data(long btf, int[] size) { return Natives.btf__raw_data(btf, size); }
    @Override public void btf__free(long btf) { Natives.btf__free(btf); }
    @Override public long btf__type_by_id(long btf, int id) { return Natives.btf__type_by_id(btf, id); }
    @Override public String btf__name_by_offset(long btf, int offset) {
        return Natives.btf__name_by_offset(btf, offset);
    }
    @Override public int bpf_map_get_next_id(int startId, int[] nextId) {
        return Natives.bpf_map_get_next_id(startId, nextId);
    }
    @Override public int bpf_prog_get_next_id(int startId, int[] nextId) {
        return Natives.bpf_prog_get_next_id(startId, nextId);
    }
    @Override public int vasprintf(long[] result, long format, long vaList) {
        return C.vasprintf(result, format, vaList);
    }
    @Override public void free(long memory) { C.free(memory); }
    @Override public int statfs(String path, byte[] buffer) { return C.statfs(path, buffer); }
    @Override public int close(int fd) { return C.close(fd); }
    @Override public int dup(int fd) { return C.dup(fd); }
    @Override public long read(int fd, byte[] buffer, long count) { return C.read(fd, buffer, count); }
}
