package io.bpfjmx.libbpf;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.ByteBuffer;

/**
 * {@link LibBpf} through the JDK's foreign function API ({@code java.lang.foreign}, final in JDK 22): the binding of
 * JDK 22 and later, which never loads JNA. Compiled from {@code src/main/java22} with {@code --release 22}, and
 * reached by name from {@link ForeignBinding}.
 *
 * <p>libbpf's own pointers (objects, maps, programs, BTF) pass as {@code long}, as every 64-bit Linux ABI passes a
 * pointer; strings and arrays are copied to native memory of the call's own arena and back. A downcall handle is
 * built when its function is first called, not at load: building one costs a few milliseconds, and the agent's
 * start needs only a dozen of them. The map operations' handles are constants, so the JIT makes each call direct.
 * Calls that leave their cause in errno capture it ({@link Linker.Option#captureCallState}) into a per-thread
 * segment, read by {@link #errno()}.
 */
final class ForeignLibBpf implements LibBpf {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");
    private static final MemoryLayout CAPTURE_LAYOUT = Linker.Option.captureStateLayout();
    private static final long ERRNO_OFFSET =
            CAPTURE_LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("errno"));
    /** Each thread's captured call state, written by the calls that capture errno. */
    private static final ThreadLocal<MemorySegment> CALL_STATE =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(CAPTURE_LAYOUT));
    /** One libbpf per JVM ({@link LibBpfLibrary} refuses a second): the library {@link #bind} opened. */
    private static SymbolLookup library;

    private final SymbolLookup libc = LINKER.defaultLookup();

    private ForeignLibBpf() {}

    /**
     * Opens libbpf at {@code wanted} (a path, or the system's name), checks its version and finds every function.
     *
     * @throws LibBpfUnavailableException when it cannot load, is older than 0.8, or lacks a function
     */
    static LibBpf bind(String wanted) {
        SymbolLookup opened;
        try {
            opened = SymbolLookup.libraryLookup(wanted, Arena.global());
        } catch (IllegalArgumentException e) {
            throw LibBpfLibrary.cannotLoad(wanted, e);
        }
        LibBpfLibrary.checkVersion(wanted, name -> {
            try {
                return (int) LINKER.downcallHandle(symbol(opened, name), FunctionDescriptor.of(JAVA_INT))
                        .invokeExact();
            } catch (Throwable e) {
                throw rethrow(e);
            }
        });
        library = opened;
        try {
            return new ForeignLibBpf();
        } catch (UnsatisfiedLinkError e) {
            throw LibBpfLibrary.lacksFunction(wanted, e);
        }
    }

    private static MemorySegment symbol(SymbolLookup lookup, String name) {
        return lookup.find(name).orElseThrow(() -> new UnsatisfiedLinkError("Error looking up function '" + name
                + "': undefined symbol: " + name));
    }

    /** A libbpf function, found now; its handle is built at the first call. */
    private static Downcall libbpf(String name, FunctionDescriptor descriptor, Linker.Option... options) {
        return new Downcall(symbol(library, name), descriptor, options);
    }

    private Downcall libc(String name, FunctionDescriptor descriptor, Linker.Option... options) {
        return new Downcall(symbol(libc, name), descriptor, options);
    }

    /** A function and how to call it; the handle is built once, when first asked for. */
    private static final class Downcall {
        private final MemorySegment symbol;
        private final FunctionDescriptor descriptor;
        private final Linker.Option[] options;
        private volatile MethodHandle handle;

        Downcall(MemorySegment symbol, FunctionDescriptor descriptor, Linker.Option... options) {
            this.symbol = symbol;
            this.descriptor = descriptor;
            this.options = options;
        }

        MethodHandle handle() {
            MethodHandle built = handle;
            if (built == null) {
                built = LINKER.downcallHandle(symbol, descriptor, options);
                handle = built;
            }
            return built;
        }
    }

    /** The map operations' handles: constants, built when the first map operation runs. */
    private static final class MapCalls {
        static final MethodHandle UPDATE = constant("bpf_map__update_elem");
        static final MethodHandle LOOKUP = constant("bpf_map__lookup_elem");
        static final MethodHandle LOOKUP_AND_DELETE = constant("bpf_map__lookup_and_delete_elem");
        static final MethodHandle FD_UPDATE = LINKER.downcallHandle(symbol(library, "bpf_map_update_elem"),
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG));
        static final MethodHandle FD_LOOKUP = LINKER.downcallHandle(symbol(library, "bpf_map_lookup_elem_flags"),
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG));

        /** {@code int (const struct bpf_map *, const void *key, size_t, void *value, size_t, __u64 flags)}. */
        private static MethodHandle constant(String name) {
            return LINKER.downcallHandle(symbol(library, name), FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG,
                    JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG));
        }
    }

    private static FunctionDescriptor intOf(MemoryLayout... arguments) {
        return FunctionDescriptor.of(JAVA_INT, arguments);
    }

    private static FunctionDescriptor longOf(MemoryLayout... arguments) {
        return FunctionDescriptor.of(JAVA_LONG, arguments);
    }

    private static FunctionDescriptor stringOf(MemoryLayout... arguments) {
        return FunctionDescriptor.of(ADDRESS, arguments);
    }

    // every libbpf function but the map operations' constants; a missing one fails the bind
    private final Downcall versionString = libbpf("libbpf_version_string", stringOf());
    private final Downcall majorVersion = libbpf("libbpf_major_version", intOf());
    private final Downcall minorVersion = libbpf("libbpf_minor_version", intOf());
    private final Downcall setPrint = libbpf("libbpf_set_print", longOf(JAVA_LONG));
    private final Downcall possibleCpus = libbpf("libbpf_num_possible_cpus", intOf());
    private final Downcall openFile = libbpf("bpf_object__open_file", longOf(ADDRESS, JAVA_LONG), CAPTURE_ERRNO);
    private final Downcall loadObject = libbpf("bpf_object__load", intOf(JAVA_LONG));
    private final Downcall closeObject = libbpf("bpf_object__close", FunctionDescriptor.ofVoid(JAVA_LONG));
    private final Downcall objectName = libbpf("bpf_object__name", stringOf(JAVA_LONG));
    private final Downcall nextMap = libbpf("bpf_object__next_map", longOf(JAVA_LONG, JAVA_LONG));
    private final Downcall nextProgram = libbpf("bpf_object__next_program", longOf(JAVA_LONG, JAVA_LONG));
    private final Downcall objectBtf = libbpf("bpf_object__btf", longOf(JAVA_LONG));
    private final Downcall mapName = libbpf("bpf_map__name", stringOf(JAVA_LONG));
    private final Downcall mapType = libbpf("bpf_map__type", intOf(JAVA_LONG));
    private final Downcall keySize = libbpf("bpf_map__key_size", intOf(JAVA_LONG));
    private final Downcall valueSize = libbpf("bpf_map__value_size", intOf(JAVA_LONG));
    private final Downcall maxEntries = libbpf("bpf_map__max_entries", intOf(JAVA_LONG));
    private final Downcall mapFlags = libbpf("bpf_map__map_flags", intOf(JAVA_LONG));
    private final Downcall mapFd = libbpf("bpf_map__fd", intOf(JAVA_LONG));
    private final Downcall keyTypeId = libbpf("bpf_map__btf_key_type_id", intOf(JAVA_LONG));
    private final Downcall valueTypeId = libbpf("bpf_map__btf_value_type_id", intOf(JAVA_LONG));
    private final Downcall mapExtra = libbpf("bpf_map__map_extra", longOf(JAVA_LONG));
    private final Downcall isInternal = libbpf("bpf_map__is_internal", FunctionDescriptor.of(JAVA_BYTE, JAVA_LONG));
    private final Downcall setPinPath = libbpf("bpf_map__set_pin_path", intOf(JAVA_LONG, ADDRESS));
    private final Downcall mapDelete = libbpf("bpf_map__delete_elem", intOf(JAVA_LONG, ADDRESS, JAVA_LONG,
            JAVA_LONG));
    private final Downcall mapNextKey = libbpf("bpf_map__get_next_key", intOf(JAVA_LONG, ADDRESS, ADDRESS,
            JAVA_LONG));
    private final Downcall objGet = libbpf("bpf_obj_get", intOf(ADDRESS));
    private final Downcall objPin = libbpf("bpf_obj_pin", intOf(JAVA_INT, ADDRESS));
    private final Downcall mapFdById = libbpf("bpf_map_get_fd_by_id", intOf(JAVA_INT));
    private final Downcall infoByFd = libbpf("bpf_obj_get_info_by_fd", intOf(JAVA_INT, ADDRESS, ADDRESS));
    private final Downcall fdDelete = libbpf("bpf_map_delete_elem_flags", intOf(JAVA_INT, ADDRESS, JAVA_LONG));
    private final Downcall fdNextKey = libbpf("bpf_map_get_next_key", intOf(JAVA_INT, ADDRESS, ADDRESS));
    private final Downcall fdLookupAndDelete = libbpf("bpf_map_lookup_and_delete_elem", intOf(JAVA_INT, JAVA_LONG,
            JAVA_LONG));
    private final Downcall updateBatch = libbpf("bpf_map_update_batch", intOf(JAVA_INT, ADDRESS, ADDRESS, ADDRESS,
            ADDRESS));
    private final Downcall lookupBatch = libbpf("bpf_map_lookup_batch", intOf(JAVA_INT, ADDRESS, ADDRESS, ADDRESS,
            ADDRESS, ADDRESS, ADDRESS));
    private final Downcall createMap = libbpf("bpf_map_create", intOf(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT,
            JAVA_LONG));
    private final Downcall programFdById = libbpf("bpf_prog_get_fd_by_id", intOf(JAVA_INT));
    private final Downcall programName = libbpf("bpf_program__name", stringOf(JAVA_LONG));
    private final Downcall sectionName = libbpf("bpf_program__section_name", stringOf(JAVA_LONG));
    private final Downcall programFd = libbpf("bpf_program__fd", intOf(JAVA_LONG));
    private final Downcall autoattach = libbpf("bpf_program__autoattach", FunctionDescriptor.of(JAVA_BYTE,
            JAVA_LONG));
    private final Downcall attach = libbpf("bpf_program__attach", longOf(JAVA_LONG), CAPTURE_ERRNO);
    private final Downcall destroyLink = libbpf("bpf_link__destroy", intOf(JAVA_LONG));
    private final Downcall kernelBtf = libbpf("btf__load_from_kernel_by_id", longOf(JAVA_INT));
    private final Downcall rawBtf = libbpf("btf__raw_data", longOf(JAVA_LONG, ADDRESS));
    private final Downcall freeBtf = libbpf("btf__free", FunctionDescriptor.ofVoid(JAVA_LONG));
    private final Downcall typeById = libbpf("btf__type_by_id", longOf(JAVA_LONG, JAVA_INT));
    private final Downcall nameByOffset = libbpf("btf__name_by_offset", stringOf(JAVA_LONG, JAVA_INT));
    private final Downcall nextMapId = libbpf("bpf_map_get_next_id", intOf(JAVA_INT, ADDRESS));
    private final Downcall nextProgramId = libbpf("bpf_prog_get_next_id", intOf(JAVA_INT, ADDRESS));
    // the C library's
    private final Downcall vasprintf = libc("vasprintf", intOf(ADDRESS, JAVA_LONG, JAVA_LONG));
    private final Downcall free = libc("free", FunctionDescriptor.ofVoid(JAVA_LONG));
    private final Downcall statfs = libc("statfs", intOf(ADDRESS, ADDRESS), CAPTURE_ERRNO);
    private final Downcall close = libc("close", intOf(JAVA_INT));
    private final Downcall dup = libc("dup", intOf(JAVA_INT), CAPTURE_ERRNO);
    /** Calls a function by its address: {@code int (*)(int, const char *, va_list)}, a print function. */
    private final MethodHandle printFunctionCall = LINKER.downcallHandle(intOf(JAVA_INT, JAVA_LONG, JAVA_LONG));

    @Override
    public String binding() {
        return "java.lang.foreign";
    }

    @Override
    public int errno() {
        return CALL_STATE.get().get(JAVA_INT, ERRNO_OFFSET);
    }

    @Override
    public int libbpf_major_version() {
        try {
            return (int) majorVersion.handle().invokeExact();
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    @Override
    public int libbpf_minor_version() {
        try {
            return (int) minorVersion.handle().invokeExact();
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    @Override
    public String libbpf_version_string() {
        try {
            return string((MemorySegment) versionString.handle().invokeExact());
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    @Override
    public long libbpf_set_print(long printFunction) {
        try {
            return (long) setPrint.handle().invokeExact(printFunction);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    @Override
    public int libbpf_num_possible_cpus() {
        try {
            return (int) possibleCpus.handle().invokeExact();
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    @Override
    public long printFunction(PrintFunction function) {
        try {
            MethodHandle target = MethodHandles.lookup().findVirtual(PrintFunction.class, "print",
                    MethodType.methodType(int.class, int.class, long.class, long.class)).bindTo(function);
            return LINKER.upcallStub(target, intOf(JAVA_INT, JAVA_LONG, JAVA_LONG), Arena.global()).address();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot make a C function of " + function, e);
        }
    }

    @Override
    public int callPrintFunction(long address, int level, long format, long vaList) {
        try {
            return (int) printFunctionCall.invokeExact(MemorySegment.ofAddress(address), level, format, vaList);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    @Override
    public long bpf_object__open_file(String path, long opts) {
        try (Arena arena = Arena.ofConfined()) {
            return (long) openFile.handle().invokeExact(CALL_STATE.get(), arena.allocateFrom(path), opts);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    @Override
    public int bpf_object__load(long object) {
        return intCall(loadObject, object);
    }

    @Override
    public void bpf_object__close(long object) {
        try {
            closeObject.handle().invokeExact(object);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    @Override
    public String bpf_object__name(long object) {
        return stringCall(objectName, object);
    }

    @Override
    public long bpf_object__next_map(long object, long previous) {
        return pointerCall(nextMap, object, previous);
    }

    @Override
    public long bpf_object__next_program(long object, long previous) {
        return pointerCall(nextProgram, object, previous);
    }

    @Override
    public long bpf_object__btf(long object) {
        return pointerCall(objectBtf, object);
    }

    @Override
    public String bpf_map__name(long map) {
        return stringCall(mapName, map);
    }

    @Override
    public int bpf_map__type(long map) {
        return intCall(mapType, map);
    }

    @Override
    public int bpf_map__key_size(long map) {
        return intCall(keySize, map);
    }

    @Override
    public int bpf_map__value_size(long map) {
        return intCall(valueSize, map);
    }

    @Override
    public int bpf_map__max_entries(long map) {
        return intCall(maxEntries, map);
    }

    @Override
    public int bpf_map__map_flags(long map) {
        return intCall(mapFlags, map);
    }

    @Override
    public int bpf_map__fd(long map) {
        return intCall(mapFd, map);
    }

    @Override
    public int bpf_map__btf_key_type_id(long map) {
        return intCall(keyTypeId, map);
    }

    @Override
    public int bpf_map__btf_value_type_id(long map) {
        return intCall(valueTypeId, map);
    }

    @Override
    public long bpf_map__map_extra(long map) {
        return pointerCall(mapExtra, map);
    }

    @Override
    public boolean bpf_map__is_internal(long map) {
        return boolCall(isInternal, map);
    }

    @Override
    public int bpf_map__set_pin_path(long map, String path) {
        try (Arena arena = Arena.ofConfined()) {
            return (int) setPinPath.handle().invokeExact(map, arena.allocateFrom(path));
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    @Override
    public int bpf_map__update_elem(long map, long key, long keySize, long value, long valueSize, long flags) {
        try {
            return (int) MapCalls.UPDATE.invokeExact(map, key, keySize, value, valueSize, flags);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    @Override
    public int bpf_map__lookup_elem(long map, long key, long keySize, long value, long valueSize, long flags) {
        try {
            return (int) MapCalls.LOOKUP.invokeExact(map, key, keySize, value, valueSize, flags);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    @Override
    public int bpf_map__delete_elem(long map, byte[] key, long keySize, long flags) {
        try (Arena arena = Arena.ofConfined()) {
            return (int) mapDelete.handle().invokeExact(map, in(arena, key), keySize, flags);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    @Override
    public int bpf_map__get_next_key(long map, byte[] key, byte[] nextKey, long keySize) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment next = arena.allocate(nextKey.length);
            int result = (int) mapNextKey.handle().invokeExact(map, in(arena, key), next, keySize);
            copyBack(next, nextKey);
            return result;
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    @Override
    public int bpf_map__lookup_and_delete_elem(long map, long key, long keySize, long value, long valueSize,
                                               long flags) {
        try {
            return (int) MapCalls.LOOKUP_AND_DELETE.invokeExact(map, key, keySize, value, valueSize, flags);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    @Override
    public int bpf_obj_get(String path) {
        try (Arena arena = Arena.ofConfined()) {
            return (int) objGet.handle().invokeExact(arena.allocateFrom(path));
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    @Override
    public int bpf_obj_pin(int fd, String path) {
        try (Arena arena = Arena.ofConfined()) {
            return (int) objPin.handle().invokeExact(fd, arena.allocateFrom(path));
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    @Override
    public int bpf_map_get_fd_by_id(int id) {
        return intCall(mapFdById, id);
    }

    @Override
    public int bpf_obj_get_info_by_fd(int fd, byte[] info, int[] infoLength) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment infoSegment = in(arena, info);
            MemorySegment length = in(arena, infoLength);
            int result = (int) infoByFd.handle().invokeExact(fd, infoSegment, length);
            copyBack(infoSegment, info);
            copyBack(length, infoLength);
            return result;
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    @Override
    public int bpf_map_update_elem(int fd, long key, long value, long flags) {
        try {
            return (int) MapCalls.FD_UPDATE.invokeExact(fd, key, value, flags);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    @Override
    public int bpf_map_lookup_elem_flags(int fd, long key, long value, long flags) {
        try {
            return (int) MapCalls.FD_LOOKUP.invokeExact(fd, key, value, flags);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    @Override
    public int bpf_map_delete_elem_flags(int fd, byte[] key, long flags) {
        try (Arena arena = Arena.ofConfined()) {
            return (int) fdDelete.handle().invokeExact(fd, in(arena, key), flags);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    @Override
    public int bpf_map_get_next_key(int fd, byte[] key, byte[] nextKey) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment next = arena.allocate(nextKey.length);
            int result = (int) fdNextKey.handle().invokeExact(fd, in(arena, key), next);
            copyBack(next, nextKey);
            return result;
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    @Override
    public int bpf_map_lookup_and_delete_elem(int fd, long key, long value) {
        try {
            return (int) fdLookupAndDelete.handle().invokeExact(fd, key, value);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    @Override
    public int bpf_map_update_batch(int fd, byte[] keys, byte[] values, int[] count, byte[] opts) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment countSegment = in(arena, count);
            int result = (int) updateBatch.handle().invokeExact(fd, in(arena, keys), in(arena, values), countSegment,
                    in(arena, opts));
            copyBack(countSegment, count);
            return result;
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    @Override
    public int bpf_map_lookup_batch(int fd, byte[] inBatch, byte[] outBatch, byte[] keys, byte[] values, int[] count,
                                    byte[] opts) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = in(arena, outBatch);
            MemorySegment keySegment = arena.allocate(keys.length);
            MemorySegment valueSegment = arena.allocate(values.length);
            MemorySegment countSegment = in(arena, count);
            int result = (int) lookupBatch.handle().invokeExact(fd, in(arena, inBatch), out, keySegment,
                    valueSegment, countSegment, in(arena, opts));
            copyBack(out, outBatch);
            copyBack(keySegment, keys);
            copyBack(valueSegment, values);
            copyBack(countSegment, count);
            return result;
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    @Override
    public int bpf_map_create(int type, String name, int keySize, int valueSize, int maxEntries, long opts) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment nameSegment = name == null ? MemorySegment.NULL : arena.allocateFrom(name);
            return (int) createMap.handle().invokeExact(type, nameSegment, keySize, valueSize, maxEntries, opts);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    @Override
    public int bpf_prog_get_fd_by_id(int id) {
        return intCall(programFdById, id);
    }

    @Override
    public String bpf_program__name(long program) {
        return stringCall(programName, program);
    }

    @Override
    public String bpf_program__section_name(long program) {
        return stringCall(sectionName, program);
    }

    @Override
    public int bpf_program__fd(long program) {
        return intCall(programFd, program);
    }

    @Override
    public boolean bpf_program__autoattach(long program) {
        return boolCall(autoattach, program);
    }

    @Override
    public long bpf_program__attach(long program) {
        try {
            return (long) attach.handle().invokeExact(CALL_STATE.get(), program);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    @Override
    public int bpf_link__destroy(long link) {
        return intCall(destroyLink, link);
    }

    @Override
    public long btf__load_from_kernel_by_id(int id) {
        try {
            return (long) kernelBtf.handle().invokeExact(id);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    @Override
    public long btf__raw_data(long btf, int[] size) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment sizeSegment = in(arena, size);
            long data = (long) rawBtf.handle().invokeExact(btf, sizeSegment);
            copyBack(sizeSegment, size);
            return data;
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    @Override
    public void btf__free(long btf) {
        try {
            freeBtf.handle().invokeExact(btf);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    @Override
    public long btf__type_by_id(long btf, int id) {
        try {
            return (long) typeById.handle().invokeExact(btf, id);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    @Override
    public String btf__name_by_offset(long btf, int offset) {
        try {
            return string((MemorySegment) nameByOffset.handle().invokeExact(btf, offset));
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    @Override
    public int bpf_map_get_next_id(int startId, int[] nextId) {
        return nextIdCall(nextMapId, startId, nextId);
    }

    @Override
    public int bpf_prog_get_next_id(int startId, int[] nextId) {
        return nextIdCall(nextProgramId, startId, nextId);
    }

    @Override
    public int vasprintf(long[] result, long format, long vaList) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment resultSegment = arena.allocateFrom(JAVA_LONG, result);
            int length = (int) vasprintf.handle().invokeExact(resultSegment, format, vaList);
            MemorySegment.copy(resultSegment, JAVA_LONG, 0, result, 0, result.length);
            return length;
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    @Override
    public void free(long memory) {
        try {
            free.handle().invokeExact(memory);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    @Override
    public int statfs(String path, byte[] buffer) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment bufferSegment = in(arena, buffer);
            int result = (int) statfs.handle().invokeExact(CALL_STATE.get(), arena.allocateFrom(path),
                    bufferSegment);
            copyBack(bufferSegment, buffer);
            return result;
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    @Override
    public int close(int fd) {
        return intCall(close, fd);
    }

    @Override
    public int dup(int fd) {
        try {
            return (int) dup.handle().invokeExact(CALL_STATE.get(), fd);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    @Override
    public int readInt(long address) {
        return MemorySegment.ofAddress(address).reinterpret(Integer.BYTES).get(JAVA_INT, 0);
    }

    @Override
    public byte[] read(long address, int length) {
        return MemorySegment.ofAddress(address).reinterpret(length).toArray(JAVA_BYTE);
    }

    @Override
    public String readString(long address) {
        return string(MemorySegment.ofAddress(address));
    }

    @Override
    public long address(ByteBuffer direct) {
        return MemorySegment.ofBuffer(direct).address();
    }

    // the shapes most functions share: (pointer) -> int, (int) -> int, (pointer[, pointer]) -> pointer, ...

    private static int intCall(Downcall function, long pointer) {
        try {
            return (int) function.handle().invokeExact(pointer);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    private static int intCall(Downcall function, int argument) {
        try {
            return (int) function.handle().invokeExact(argument);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    private static long pointerCall(Downcall function, long pointer) {
        try {
            return (long) function.handle().invokeExact(pointer);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    private static long pointerCall(Downcall function, long first, long second) {
        try {
            return (long) function.handle().invokeExact(first, second);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    private static String stringCall(Downcall function, long pointer) {
        try {
            return string((MemorySegment) function.handle().invokeExact(pointer));
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    private static boolean boolCall(Downcall function, long pointer) {
        try {
            return (byte) function.handle().invokeExact(pointer) != 0;
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    private static int nextIdCall(Downcall function, int startId, int[] nextId) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment next = in(arena, nextId);
            int result = (int) function.handle().invokeExact(startId, next);
            copyBack(next, nextId);
            return result;
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    /** A NUL-terminated string libbpf returned, or null for NULL. */
    private static String string(MemorySegment pointer) {
        return pointer.address() == 0 ? null : pointer.reinterpret(Long.MAX_VALUE).getString(0);
    }

    /** A copy of {@code bytes} in {@code arena}, or NULL for null. */
    private static MemorySegment in(Arena arena, byte[] bytes) {
        return bytes == null ? MemorySegment.NULL : arena.allocateFrom(JAVA_BYTE, bytes);
    }

    private static MemorySegment in(Arena arena, int[] ints) {
        return ints == null ? MemorySegment.NULL : arena.allocateFrom(JAVA_INT, ints);
    }

    /** Copies what the call wrote back into the caller's array. */
    private static void copyBack(MemorySegment segment, byte[] bytes) {
        if (bytes != null) {
            MemorySegment.copy(segment, JAVA_BYTE, 0, bytes, 0, bytes.length);
        }
    }

    private static void copyBack(MemorySegment segment, int[] ints) {
        if (ints != null) {
            MemorySegment.copy(segment, JAVA_INT, 0, ints, 0, ints.length);
        }
    }

    /** A downcall declares no checked exception: what it throws is unchecked, and goes on as it is. */
    private static RuntimeException rethrow(Throwable e) {
        if (e instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (e instanceof Error error) {
            throw error;
        }
        throw new IllegalStateException(e);
    }
}
