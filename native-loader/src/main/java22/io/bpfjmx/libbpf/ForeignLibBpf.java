package io.bpfjmx.libbpf;

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
 * <p>Every function is called as one of integers only: each argument and the result is a {@code long}, and an
 * {@code int} or {@code bool} result is the low bits of that {@code long}. The map operations are called with their
 * own number of arguments; every other function as one of seven, the arguments it does not take being zeros. This
 * holds on x86-64 (System V) and AArch64, the two ABIs {@link ForeignBinding} allows: integer and pointer arguments
 * of up to 64 bits travel in 64-bit registers (the seventh on x86-64 in an 8-byte stack slot the caller reserves and
 * frees), and so does the result; a C function taking an {@code int} reads the low half of its register, and never
 * reads the registers of arguments it does not take. Why: the JDK links each distinct function descriptor once, at
 * ~10 ms of CPU here (it generates a class for it). Exact C types make some 30 descriptors of these functions, 13
 * of them on the way to an object's load and attach; this way makes two (one capturing errno).
 *
 * <p>Strings and arrays are copied to native memory of the call's own arena, and back, and pass by address. A
 * function's handle is built at its first call, not at load, so the start pays for the functions it calls only.
 * The map operations' handles are constants, so the JIT makes each of those calls direct. Calls that leave their
 * cause in errno capture it ({@link Linker.Option#captureCallState}) into a per-thread segment, read by
 * {@link #errno()}.
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
        LibBpfLibrary.checkVersion(wanted, name -> (int) new Downcall(symbol(opened, name)).call());
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

    /** A function of libbpf, found now. */
    private static Downcall libbpf(String name, Linker.Option... options) {
        return new Downcall(symbol(library, name), options);
    }

    /** A function of the C library. */
    private static Downcall libc(String name, Linker.Option... options) {
        return new Downcall(symbol(LINKER.defaultLookup(), name), options);
    }

    /** The most arguments a cold function here takes ({@code bpf_map_lookup_batch}'s). */
    private static final int MOST_ARGUMENTS = 7;

    /** {@code long f(long...)} of {@code arity} arguments (see above). */
    private static FunctionDescriptor integers(int arity) {
        MemoryLayout[] arguments = new MemoryLayout[arity];
        java.util.Arrays.fill(arguments, JAVA_LONG);
        return FunctionDescriptor.of(JAVA_LONG, arguments);
    }

    /**
     * A function and how to call it, as one of {@link #MOST_ARGUMENTS} integers whatever its own count (the
     * arguments it does not take are zeros it never reads), its handle built at the first call. A function that
     * captures errno takes this thread's call state segment first: {@code callCapturingErrno}.
     */
    private static final class Downcall {
        private final MemorySegment symbol;
        private final Linker.Option[] options;
        private volatile MethodHandle handle;

        Downcall(MemorySegment symbol, Linker.Option... options) {
            this.symbol = symbol;
            this.options = options;
        }

        MethodHandle handle() {
            MethodHandle built = handle;
            if (built == null) {
                built = LINKER.downcallHandle(symbol, integers(MOST_ARGUMENTS), options);
                handle = built;
            }
            return built;
        }

        long call() {
            try {
                return (long) handle().invokeExact(0L, 0L, 0L, 0L, 0L, 0L, 0L);
            } catch (Throwable e) {
                throw rethrow(e);
            }
        }

        long call(long a) {
            try {
                return (long) handle().invokeExact(a, 0L, 0L, 0L, 0L, 0L, 0L);
            } catch (Throwable e) {
                throw rethrow(e);
            }
        }

        long call(long a, long b) {
            try {
                return (long) handle().invokeExact(a, b, 0L, 0L, 0L, 0L, 0L);
            } catch (Throwable e) {
                throw rethrow(e);
            }
        }

        long call(long a, long b, long c) {
            try {
                return (long) handle().invokeExact(a, b, c, 0L, 0L, 0L, 0L);
            } catch (Throwable e) {
                throw rethrow(e);
            }
        }

        long call(long a, long b, long c, long d) {
            try {
                return (long) handle().invokeExact(a, b, c, d, 0L, 0L, 0L);
            } catch (Throwable e) {
                throw rethrow(e);
            }
        }

        long callCapturingErrno(long a) {
            try {
                return (long) handle().invokeExact(CALL_STATE.get(), a, 0L, 0L, 0L, 0L, 0L, 0L);
            } catch (Throwable e) {
                throw rethrow(e);
            }
        }

        long callCapturingErrno(long a, long b) {
            try {
                return (long) handle().invokeExact(CALL_STATE.get(), a, b, 0L, 0L, 0L, 0L, 0L);
            } catch (Throwable e) {
                throw rethrow(e);
            }
        }

        long callCapturingErrno(long a, long b, long c) {
            try {
                return (long) handle().invokeExact(CALL_STATE.get(), a, b, c, 0L, 0L, 0L, 0L);
            } catch (Throwable e) {
                throw rethrow(e);
            }
        }

        long call(long a, long b, long c, long d, long e) {
            try {
                return (long) handle().invokeExact(a, b, c, d, e, 0L, 0L);
            } catch (Throwable t) {
                throw rethrow(t);
            }
        }

        long call(long a, long b, long c, long d, long e, long f) {
            try {
                return (long) handle().invokeExact(a, b, c, d, e, f, 0L);
            } catch (Throwable t) {
                throw rethrow(t);
            }
        }

        long call(long a, long b, long c, long d, long e, long f, long g) {
            try {
                return (long) handle().invokeExact(a, b, c, d, e, f, g);
            } catch (Throwable t) {
                throw rethrow(t);
            }
        }
    }

    /** The map operations' handles: constants, built when the first map operation runs. */
    private static final class MapCalls {
        static final MethodHandle UPDATE = constant("bpf_map__update_elem", 6);
        static final MethodHandle LOOKUP = constant("bpf_map__lookup_elem", 6);
        static final MethodHandle LOOKUP_AND_DELETE = constant("bpf_map__lookup_and_delete_elem", 6);
        static final MethodHandle FD_UPDATE = constant("bpf_map_update_elem", 4);
        static final MethodHandle FD_LOOKUP = constant("bpf_map_lookup_elem_flags", 4);

        private static MethodHandle constant(String name, int arity) {
            return LINKER.downcallHandle(symbol(library, name), integers(arity));
        }
    }

    // every function but the map operations' constants, found at bind: a missing one fails it
    private final Downcall versionString = libbpf("libbpf_version_string");
    private final Downcall setPrint = libbpf("libbpf_set_print");
    private final Downcall possibleCpus = libbpf("libbpf_num_possible_cpus");
    private final Downcall openFile = libbpf("bpf_object__open_file", CAPTURE_ERRNO);
    private final Downcall openMemory = libbpf("bpf_object__open_mem", CAPTURE_ERRNO);
    private final Downcall loadObject = libbpf("bpf_object__load");
    private final Downcall closeObject = libbpf("bpf_object__close");
    private final Downcall objectName = libbpf("bpf_object__name");
    private final Downcall nextMap = libbpf("bpf_object__next_map");
    private final Downcall nextProgram = libbpf("bpf_object__next_program");
    private final Downcall objectBtf = libbpf("bpf_object__btf");
    private final Downcall mapName = libbpf("bpf_map__name");
    private final Downcall mapType = libbpf("bpf_map__type");
    private final Downcall keySize = libbpf("bpf_map__key_size");
    private final Downcall valueSize = libbpf("bpf_map__value_size");
    private final Downcall maxEntries = libbpf("bpf_map__max_entries");
    private final Downcall mapFlags = libbpf("bpf_map__map_flags");
    private final Downcall mapFd = libbpf("bpf_map__fd");
    private final Downcall keyTypeId = libbpf("bpf_map__btf_key_type_id");
    private final Downcall valueTypeId = libbpf("bpf_map__btf_value_type_id");
    private final Downcall mapExtra = libbpf("bpf_map__map_extra");
    private final Downcall isInternal = libbpf("bpf_map__is_internal");
    private final Downcall setPinPath = libbpf("bpf_map__set_pin_path");
    private final Downcall mapDelete = libbpf("bpf_map__delete_elem");
    private final Downcall mapNextKey = libbpf("bpf_map__get_next_key");
    private final Downcall objGet = libbpf("bpf_obj_get");
    private final Downcall objPin = libbpf("bpf_obj_pin");
    private final Downcall mapFdById = libbpf("bpf_map_get_fd_by_id");
    private final Downcall infoByFd = libbpf("bpf_obj_get_info_by_fd");
    private final Downcall fdDelete = libbpf("bpf_map_delete_elem_flags");
    private final Downcall fdNextKey = libbpf("bpf_map_get_next_key");
    private final Downcall fdLookupAndDelete = libbpf("bpf_map_lookup_and_delete_elem");
    private final Downcall updateBatch = libbpf("bpf_map_update_batch");
    private final Downcall lookupBatch = libbpf("bpf_map_lookup_batch");
    private final Downcall createMap = libbpf("bpf_map_create");
    private final Downcall programFdById = libbpf("bpf_prog_get_fd_by_id");
    private final Downcall programName = libbpf("bpf_program__name");
    private final Downcall sectionName = libbpf("bpf_program__section_name");
    private final Downcall programFd = libbpf("bpf_program__fd");
    private final Downcall autoattach = libbpf("bpf_program__autoattach");
    private final Downcall attach = libbpf("bpf_program__attach", CAPTURE_ERRNO);
    private final Downcall destroyLink = libbpf("bpf_link__destroy");
    private final Downcall linkFd = libbpf("bpf_link__fd");
    private final Downcall createIterator = libbpf("bpf_iter_create");
    private final Downcall kernelBtf = libbpf("btf__load_from_kernel_by_id");
    private final Downcall rawBtf = libbpf("btf__raw_data");
    private final Downcall freeBtf = libbpf("btf__free");
    private final Downcall typeById = libbpf("btf__type_by_id");
    private final Downcall nameByOffset = libbpf("btf__name_by_offset");
    private final Downcall nextMapId = libbpf("bpf_map_get_next_id");
    private final Downcall nextProgramId = libbpf("bpf_prog_get_next_id");
    private final Downcall vasprintf = libc("vasprintf");
    private final Downcall free = libc("free");
    private final Downcall statfs = libc("statfs", CAPTURE_ERRNO);
    private final Downcall close = libc("close");
    private final Downcall dup = libc("dup", CAPTURE_ERRNO);
    private final Downcall read = libc("read", CAPTURE_ERRNO);

    @Override
    public String binding() {
        return "java.lang.foreign";
    }

    /** Links the errno-capturing descriptor ({@code bpf_object__open_file}'s, and the attach's). */
    @Override
    public void prepareObjectLoad() {
        openFile.handle();
    }

    @Override
    public int errno() {
        return CALL_STATE.get().get(JAVA_INT, ERRNO_OFFSET);
    }

    @Override
    public String libbpf_version_string() {
        return readString(versionString.call());
    }

    @Override
    public long libbpf_set_print(long printFunction) {
        return setPrint.call(printFunction);
    }

    @Override
    public int libbpf_num_possible_cpus() {
        return (int) possibleCpus.call();
    }

    @Override
    public long printFunction(PrintFunction function) {
        try {
            MethodHandle target = MethodHandles.lookup().findVirtual(PrintFunction.class, "print",
                    MethodType.methodType(int.class, int.class, long.class, long.class)).bindTo(function);
            return LINKER.upcallStub(target, FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG),
                    Arena.global()).address();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot make a C function of " + function, e);
        }
    }

    /** Calls a print function by its address, {@code int (*)(int, const char *, va_list)}; linked when first used. */
    private static final class PrintFunctionCall {
        static final MethodHandle HANDLE = LINKER.downcallHandle(integers(3));
    }

    @Override
    public int callPrintFunction(long address, int level, long format, long vaList) {
        try {
            return (int) (long) PrintFunctionCall.HANDLE.invokeExact(MemorySegment.ofAddress(address), (long) level,
                    format, vaList);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    @Override
    public long bpf_object__open_file(String path, long opts) {
        try (Arena arena = Arena.ofConfined()) {
            return openFile.callCapturingErrno(string(arena, path), opts);
        }
    }

    @Override
    public long bpf_object__open_mem(long buffer, long size, long opts) {
        return openMemory.callCapturingErrno(buffer, size, opts);
    }

    @Override
    public int bpf_object__load(long object) {
        return (int) loadObject.call(object);
    }

    @Override
    public void bpf_object__close(long object) {
        closeObject.call(object);
    }

    @Override
    public String bpf_object__name(long object) {
        return readString(objectName.call(object));
    }

    @Override
    public long bpf_object__next_map(long object, long previous) {
        return nextMap.call(object, previous);
    }

    @Override
    public long bpf_object__next_program(long object, long previous) {
        return nextProgram.call(object, previous);
    }

    @Override
    public long bpf_object__btf(long object) {
        return objectBtf.call(object);
    }

    @Override
    public String bpf_map__name(long map) {
        return readString(mapName.call(map));
    }

    @Override
    public int bpf_map__type(long map) {
        return (int) mapType.call(map);
    }

    @Override
    public int bpf_map__key_size(long map) {
        return (int) keySize.call(map);
    }

    @Override
    public int bpf_map__value_size(long map) {
        return (int) valueSize.call(map);
    }

    @Override
    public int bpf_map__max_entries(long map) {
        return (int) maxEntries.call(map);
    }

    @Override
    public int bpf_map__map_flags(long map) {
        return (int) mapFlags.call(map);
    }

    @Override
    public int bpf_map__fd(long map) {
        return (int) mapFd.call(map);
    }

    @Override
    public int bpf_map__btf_key_type_id(long map) {
        return (int) keyTypeId.call(map);
    }

    @Override
    public int bpf_map__btf_value_type_id(long map) {
        return (int) valueTypeId.call(map);
    }

    @Override
    public long bpf_map__map_extra(long map) {
        return mapExtra.call(map);
    }

    @Override
    public boolean bpf_map__is_internal(long map) {
        return (byte) isInternal.call(map) != 0;
    }

    @Override
    public int bpf_map__set_pin_path(long map, String path) {
        try (Arena arena = Arena.ofConfined()) {
            return (int) setPinPath.call(map, string(arena, path));
        }
    }

    @Override
    public int bpf_map__update_elem(long map, long key, long keySize, long value, long valueSize, long flags) {
        try {
            return (int) (long) MapCalls.UPDATE.invokeExact(map, key, keySize, value, valueSize, flags);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    @Override
    public int bpf_map__lookup_elem(long map, long key, long keySize, long value, long valueSize, long flags) {
        try {
            return (int) (long) MapCalls.LOOKUP.invokeExact(map, key, keySize, value, valueSize, flags);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    @Override
    public int bpf_map__delete_elem(long map, byte[] key, long keySize, long flags) {
        try (Arena arena = Arena.ofConfined()) {
            return (int) mapDelete.call(map, in(arena, key), keySize, flags);
        }
    }

    @Override
    public int bpf_map__get_next_key(long map, byte[] key, byte[] nextKey, long keySize) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment next = arena.allocate(nextKey.length);
            int result = (int) mapNextKey.call(map, in(arena, key), next.address(), keySize);
            copyBack(next, nextKey);
            return result;
        }
    }

    @Override
    public int bpf_map__lookup_and_delete_elem(long map, long key, long keySize, long value, long valueSize,
                                               long flags) {
        try {
            return (int) (long) MapCalls.LOOKUP_AND_DELETE.invokeExact(map, key, keySize, value, valueSize, flags);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    @Override
    public int bpf_obj_get(String path) {
        try (Arena arena = Arena.ofConfined()) {
            return (int) objGet.call(string(arena, path));
        }
    }

    @Override
    public int bpf_obj_pin(int fd, String path) {
        try (Arena arena = Arena.ofConfined()) {
            return (int) objPin.call(fd, string(arena, path));
        }
    }

    @Override
    public int bpf_map_get_fd_by_id(int id) {
        return (int) mapFdById.call(id);
    }

    @Override
    public int bpf_obj_get_info_by_fd(int fd, byte[] info, int[] infoLength) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment infoSegment = arena.allocateFrom(JAVA_BYTE, info);
            MemorySegment length = arena.allocateFrom(JAVA_INT, infoLength);
            int result = (int) infoByFd.call(fd, infoSegment.address(), length.address());
            copyBack(infoSegment, info);
            copyBack(length, infoLength);
            return result;
        }
    }

    @Override
    public int bpf_map_update_elem(int fd, long key, long value, long flags) {
        try {
            return (int) (long) MapCalls.FD_UPDATE.invokeExact((long) fd, key, value, flags);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    @Override
    public int bpf_map_lookup_elem_flags(int fd, long key, long value, long flags) {
        try {
            return (int) (long) MapCalls.FD_LOOKUP.invokeExact((long) fd, key, value, flags);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    @Override
    public int bpf_map_delete_elem_flags(int fd, byte[] key, long flags) {
        try (Arena arena = Arena.ofConfined()) {
            return (int) fdDelete.call(fd, in(arena, key), flags);
        }
    }

    @Override
    public int bpf_map_get_next_key(int fd, byte[] key, byte[] nextKey) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment next = arena.allocate(nextKey.length);
            int result = (int) fdNextKey.call(fd, in(arena, key), next.address());
            copyBack(next, nextKey);
            return result;
        }
    }

    @Override
    public int bpf_map_lookup_and_delete_elem(int fd, long key, long value) {
        return (int) fdLookupAndDelete.call(fd, key, value);
    }

    @Override
    public int bpf_map_update_batch(int fd, byte[] keys, byte[] values, int[] count, byte[] opts) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment countSegment = arena.allocateFrom(JAVA_INT, count);
            int result = (int) updateBatch.call(fd, in(arena, keys), in(arena, values), countSegment.address(),
                    in(arena, opts));
            copyBack(countSegment, count);
            return result;
        }
    }

    @Override
    public int bpf_map_lookup_batch(int fd, byte[] inBatch, byte[] outBatch, byte[] keys, byte[] values, int[] count,
                                    byte[] opts) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(outBatch.length);
            MemorySegment keySegment = arena.allocate(keys.length);
            MemorySegment valueSegment = arena.allocate(values.length);
            MemorySegment countSegment = arena.allocateFrom(JAVA_INT, count);
            int result = (int) lookupBatch.call(fd, in(arena, inBatch), out.address(), keySegment.address(),
                    valueSegment.address(), countSegment.address(), in(arena, opts));
            copyBack(out, outBatch);
            copyBack(keySegment, keys);
            copyBack(valueSegment, values);
            copyBack(countSegment, count);
            return result;
        }
    }

    @Override
    public int bpf_map_create(int type, String name, int keySize, int valueSize, int maxEntries, long opts) {
        try (Arena arena = Arena.ofConfined()) {
            return (int) createMap.call(type, name == null ? 0 : string(arena, name), keySize, valueSize, maxEntries,
                    opts);
        }
    }

    @Override
    public int bpf_prog_get_fd_by_id(int id) {
        return (int) programFdById.call(id);
    }

    @Override
    public String bpf_program__name(long program) {
        return readString(programName.call(program));
    }

    @Override
    public String bpf_program__section_name(long program) {
        return readString(sectionName.call(program));
    }

    @Override
    public int bpf_program__fd(long program) {
        return (int) programFd.call(program);
    }

    @Override
    public boolean bpf_program__autoattach(long program) {
        return (byte) autoattach.call(program) != 0;
    }

    @Override
    public long bpf_program__attach(long program) {
        return attach.callCapturingErrno(program);
    }

    @Override
    public int bpf_link__destroy(long link) {
        return (int) destroyLink.call(link);
    }

    @Override
    public int bpf_link__fd(long link) {
        return (int) linkFd.call(link);
    }

    @Override
    public int bpf_iter_create(int linkFd) {
        return (int) createIterator.call(linkFd);
    }

    @Override
    public long btf__load_from_kernel_by_id(int id) {
        return kernelBtf.call(id);
    }

    @Override
    public long btf__raw_data(long btf, int[] size) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment sizeSegment = arena.allocateFrom(JAVA_INT, size);
            long data = rawBtf.call(btf, sizeSegment.address());
            copyBack(sizeSegment, size);
            return data;
        }
    }

    @Override
    public void btf__free(long btf) {
        freeBtf.call(btf);
    }

    @Override
    public long btf__type_by_id(long btf, int id) {
        return typeById.call(btf, id);
    }

    @Override
    public String btf__name_by_offset(long btf, int offset) {
        return readString(nameByOffset.call(btf, offset));
    }

    @Override
    public int bpf_map_get_next_id(int startId, int[] nextId) {
        return nextId(nextMapId, startId, nextId);
    }

    @Override
    public int bpf_prog_get_next_id(int startId, int[] nextId) {
        return nextId(nextProgramId, startId, nextId);
    }

    private static int nextId(Downcall function, int startId, int[] nextId) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment next = arena.allocateFrom(JAVA_INT, nextId);
            int result = (int) function.call(startId, next.address());
            copyBack(next, nextId);
            return result;
        }
    }

    @Override
    public int vasprintf(long[] result, long format, long vaList) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment resultSegment = arena.allocateFrom(JAVA_LONG, result);
            int length = (int) vasprintf.call(resultSegment.address(), format, vaList);
            MemorySegment.copy(resultSegment, JAVA_LONG, 0, result, 0, result.length);
            return length;
        }
    }

    @Override
    public void free(long memory) {
        free.call(memory);
    }

    @Override
    public int statfs(String path, byte[] buffer) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment bufferSegment = arena.allocate(buffer.length);
            int result = (int) statfs.callCapturingErrno(string(arena, path), bufferSegment.address());
            copyBack(bufferSegment, buffer);
            return result;
        }
    }

    @Override
    public int close(int fd) {
        return (int) close.call(fd);
    }

    @Override
    public int dup(int fd) {
        return (int) dup.callCapturingErrno(fd);
    }

    @Override
    public long read(int fd, byte[] buffer, long count) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment bufferSegment = arena.allocate(count);
            long result = read.callCapturingErrno(fd, bufferSegment.address(), count);
            if (result > 0) {
                MemorySegment.copy(bufferSegment, JAVA_BYTE, 0, buffer, 0, (int) result);
            }
            return result;
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

    /** The NUL-terminated string at {@code address}, or null for NULL. */
    @Override
    public String readString(long address) {
        return address == 0 ? null : MemorySegment.ofAddress(address).reinterpret(Long.MAX_VALUE).getString(0);
    }

    @Override
    public long address(ByteBuffer direct) {
        return MemorySegment.ofBuffer(direct).address();
    }

    /** The address of a NUL-terminated copy of {@code text} in {@code arena}. */
    private static long string(Arena arena, String text) {
        return arena.allocateFrom(text).address();
    }

    /** The address of a copy of {@code bytes} in {@code arena}, or NULL for null. */
    private static long in(Arena arena, byte[] bytes) {
        return bytes == null ? 0 : arena.allocateFrom(JAVA_BYTE, bytes).address();
    }

    /** Copies what the call wrote back into the caller's array. */
    private static void copyBack(MemorySegment segment, byte[] bytes) {
        MemorySegment.copy(segment, JAVA_BYTE, 0, bytes, 0, bytes.length);
    }

    private static void copyBack(MemorySegment segment, int[] ints) {
        MemorySegment.copy(segment, JAVA_INT, 0, ints, 0, ints.length);
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
