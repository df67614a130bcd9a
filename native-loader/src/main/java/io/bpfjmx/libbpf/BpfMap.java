package io.bpfjmx.libbpf;

import static io.bpfjmx.libbpf.LibBpfLibrary.libbpf;

import io.bpfjmx.libbpf.btf.Btf;
import io.bpfjmx.libbpf.btf.MapCodec;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * One BPF map: its shape (type, key and value sizes, entries, flags, per-CPU layout) and its operations.
 *
 * <p>Every operation checks in Java what would otherwise reach the kernel unchecked (key size, value size and
 * per-CPU layout, flags, {@code BPF_F_LOCK} against the value's BTF, read-only maps) and refuses with a
 * {@link RejectedMapRequestException} that says what was expected. What the kernel refuses comes back as a
 * {@link BpfException} naming the map, the errno and its meaning for maps.
 *
 * <p>Queues, stacks and bloom filters have no keys: {@link #push}, {@link #pop} and {@link #peek()} (for a bloom
 * filter {@link #peek(byte[])}) are theirs, and the key-based operations refuse them, as they refuse ring buffers
 * and perf event arrays, whose records are read by consumers, not map operations
 * ({@link RejectedMapRequestException.Reason#MAP_TYPE}).
 *
 * <p>Maps whose values are file descriptors ({@link FdValue}: program arrays, maps of maps, socket maps…) take no
 * raw values ({@link RejectedMapRequestException.Reason#FD_VALUE}): a program or map is written by reference
 * ({@link FdTarget}, {@link #update(byte[], OpenFd, UpdateFlags)}), and read back as its kernel id.
 *
 * <p>Maps of a {@link BpfObject} live as long as their object; maps opened by {@link #openPinned pin} or
 * {@link #openById id} own their file descriptor and are closed with {@link #close()}. An operation racing a
 * close either completes or ends in {@link IllegalStateException} ("is closed"): every native call, and every read
 * of the file descriptor, happens under the lifecycle's read lock, which the close waits for.
 */
public final class BpfMap implements AutoCloseable {
    private static final int BPF_F_RDONLY = 1 << 3;
    private static final int ENOENT = 2;
    private static final int EPERM = 1;
    private static final int EINVAL = 22;
    private static final int ENOSPC = 28;
    private static final int EOPNOTSUPP = 95;
    private static final int ENOTSUPP = 524;
    private static final int BATCH_OPTS_SIZE = 24;
    /** Entries per batch call when {@link #entries} reads a hash map by buckets (more when a bucket needs it). */
    private static final int BUCKET_READ_CHUNK = 256;
    /** Entries per batch call when {@link #countKeys} counts: the values read are dropped at once. */
    private static final int COUNT_CHUNK = 4096;
    /** The map types the kernel reads by {@code bpf_map_lookup_batch} (5.6+): hashes by buckets, arrays by index. */
    private static final Set<MapType> BATCHED = EnumSet.of(MapType.HASH, MapType.PERCPU_HASH,
            MapType.LRU_HASH, MapType.LRU_PERCPU_HASH, MapType.ARRAY, MapType.PERCPU_ARRAY);
    /** The map types whose elements the kernel counts (6.6+), read by {@link ElementCounts}. */
    private static final Set<MapType> KERNEL_COUNTED = EnumSet.of(MapType.HASH, MapType.PERCPU_HASH,
            MapType.LRU_HASH, MapType.LRU_PERCPU_HASH);

    private final String name;
    private final String kernelName;
    private final int id;
    private final int typeNumber;
    private final int keySize;
    private final int valueSize;
    private final int maxEntries;
    private final int flags;
    private final ValueLayout layout;
    private final SpinLockProbe.Answer spinLock;
    private final MapAccess access;
    private final MapTypeCheck typeCheck;
    private final Lifecycle lifecycle;
    private final boolean ownsFd;
    private final Supplier<Btf> btf;
    private final int keyTypeId;
    private final int valueTypeId;
    private volatile boolean frozen;
    private volatile MapCodec codec;

    private BpfMap(String name, KernelMapInfo info, int typeNumber, int keySize, ValueLayout layout, int maxEntries,
                   int flags, SpinLockProbe.Answer spinLock, MapAccess access, Lifecycle lifecycle, boolean ownsFd,
                   Supplier<Btf> btf, int keyTypeId, int valueTypeId) {
        this.name = name;
        this.kernelName = info.kernelName();
        this.id = info.id();
        this.typeNumber = typeNumber;
        this.keySize = keySize;
        this.valueSize = layout.valueSize();
        this.maxEntries = maxEntries;
        this.flags = flags;
        this.layout = layout;
        this.spinLock = spinLock;
        this.access = access;
        this.typeCheck = new MapTypeCheck(name, typeNumber);
        this.lifecycle = lifecycle;
        this.ownsFd = ownsFd;
        this.btf = btf;
        this.keyTypeId = keyTypeId;
        this.valueTypeId = valueTypeId;
        this.frozen = KernelMapInfo.isFrozen(access.fd());
    }

    /** A map of a loaded object; it shares the object's lifecycle. */
    static BpfMap ofObject(long map, long objectBtf, Supplier<Btf> types, Lifecycle objectLifecycle) {
        String name = libbpf().bpf_map__name(map);
        int typeNumber = libbpf().bpf_map__type(map);
        int keySize = libbpf().bpf_map__key_size(map);
        ValueLayout layout = ValueLayout.of(name, typeNumber, libbpf().bpf_map__value_size(map));
        KernelMapInfo info = KernelMapInfo.of(libbpf().bpf_map__fd(map), "map '" + name + "'");
        int valueTypeId = libbpf().bpf_map__btf_value_type_id(map);
        return new BpfMap(name, info, typeNumber, keySize, layout, libbpf().bpf_map__max_entries(map),
                libbpf().bpf_map__map_flags(map), SpinLockProbe.probe(objectBtf, valueTypeId),
                new MapAccess.OfObject(map, keySize, layout.bufferSize()), objectLifecycle,
                false, types, libbpf().bpf_map__btf_key_type_id(map), valueTypeId);
    }

    /** Opens a map pinned in the BPF file system, e.g. {@code /sys/fs/bpf/my_map}. Close it when done. */
    public static BpfMap openPinned(Path pin) {
        return openPinned(pin, null);
    }

    /**
     * {@link #openPinned(Path)}, the map named {@code name} in bpfjmx's messages and {@link #name()} (e.g. the pin's
     * file name), or by its kernel name when {@code name} is null.
     */
    public static BpfMap openPinned(Path pin, String name) {
        LibBpfLibrary.ensureLoaded();
        String subject = "pinned map " + pin;
        int fd = libbpf().bpf_obj_get(pin.toString());
        if (fd < 0) {
            throw BpfException.of(MapOperation.OPEN, subject, fd);
        }
        return ofFd(fd, subject, name);
    }

    /** Opens a map by its kernel id (as {@code bpftool map list} shows it). Close it when done. */
    public static BpfMap openById(int mapId) {
        return openById(mapId, null);
    }

    /** {@link #openById(int)}, the map named {@code name}, or by its kernel name when {@code name} is null. */
    public static BpfMap openById(int mapId, String name) {
        LibBpfLibrary.ensureLoaded();
        String subject = "map id " + Integer.toUnsignedString(mapId);
        int fd = libbpf().bpf_map_get_fd_by_id(mapId);
        if (fd < 0) {
            throw BpfException.of(MapOperation.OPEN, subject, fd);
        }
        return ofFd(fd, subject, name);
    }

    private static BpfMap ofFd(int fd, String subject, String givenName) {
        try {
            KernelMapInfo info = KernelMapInfo.of(fd, subject);
            String name = givenName == null ? info.kernelName() : givenName;
            ValueLayout layout = ValueLayout.of(name, info.type(), info.valueSize());
            return new BpfMap(name, info, info.type(), info.keySize(), layout, info.maxEntries(),
                    info.flags(), kernelSpinLock(info), new MapAccess.OfFd(fd),
                    new Lifecycle("map '" + name + "'"), true, () -> MapTypes.fromKernel(info.btfId()),
                    info.btfKeyTypeId(), info.btfValueTypeId());
        } catch (RuntimeException e) {
            libbpf().close(fd);
            throw e;
        }
    }

    private static SpinLockProbe.Answer kernelSpinLock(KernelMapInfo info) {
        if (info.btfId() == 0) {
            return SpinLockProbe.Answer.UNKNOWN;
        }
        long btf = libbpf().btf__load_from_kernel_by_id(info.btfId());
        if (btf == 0) {
            return SpinLockProbe.Answer.UNKNOWN;
        }
        try {
            return SpinLockProbe.probe(btf, info.btfValueTypeId());
        } finally {
            libbpf().btf__free(btf);
        }
    }

    /** The name libbpf gives it: the C name, or {@code .data}/{@code .bss}/{@code .rodata} for globals. */
    public String name() {
        return name;
    }

    /**
     * Whether {@code mapName} names this map: its name, or for a global, its section's name ({@code .bss} for
     * {@code fixtures.bss}, as libbpf 1.1 names globals after the kernel). Never the kernel's 15-character name,
     * which two maps can share.
     */
    public boolean answersTo(String mapName) {
        return answersTo(name, mapName);
    }

    /**
     * Whether {@code given} names the map called {@code name}: exactly, or by a global's section ({@code .bss} names
     * {@code fixtures.bss}, not {@code fix.tures.bss}). The one rule for every option and file that names maps.
     */
    public static boolean answersTo(String name, String given) {
        return name.equals(given) || (given.startsWith(".") && name.endsWith(given)
                && name.indexOf('.') == name.length() - given.length());
    }

    /** The kernel's name (at most 15 characters; globals read {@code <object[:8]>.rodata}). */
    public String kernelName() {
        return kernelName;
    }

    /** The kernel's id of the map, as {@code bpftool map show id N} takes it. */
    public int id() {
        return id;
    }

    public MapType type() {
        return MapType.of(typeNumber);
    }

    /** The kernel's {@code enum bpf_map_type} number, also for types newer than {@link MapType}. */
    public int typeNumber() {
        return typeNumber;
    }

    public int keySize() {
        return keySize;
    }

    public int valueSize() {
        return valueSize;
    }

    public int maxEntries() {
        return maxEntries;
    }

    /** The map's creation flags ({@code BPF_F_NO_PREALLOC}, {@code BPF_F_RDONLY_PROG}, …). */
    public int flags() {
        return flags;
    }

    public ValueLayout layout() {
        return layout;
    }

    public boolean isPerCpu() {
        return layout.isPerCpu();
    }

    /** Empty when the map has no BTF to tell; otherwise whether its value holds a {@code bpf_spin_lock}. */
    public Optional<Boolean> valueHoldsSpinLock() {
        return spinLock == SpinLockProbe.Answer.UNKNOWN ? Optional.empty()
                : Optional.of(spinLock == SpinLockProbe.Answer.YES);
    }

    /**
     * The map's keys and values as JSON, from its BTF (read and built on first use); without BTF, a codec that
     * refuses typed values and says why.
     */
    public MapCodec codec() {
        MapCodec built = codec;
        if (built == null) {
            FdValue fdValue = type().fdValue().orElse(null);
            if (fdValue == null) {
                built = MapCodec.of(name, btf.get(), keyTypeId, valueTypeId, keySize, layout);
            } else if (fdValue.isWritable()) {
                built = MapCodec.ofReferences(name, keySize, layout, fdValue.singular(),
                        id -> OpenFd.kernelNameOf(fdValue, id));
            } else {
                built = MapCodec.refusing(name, layout, RejectedMapRequestException.Reason.FD_VALUE,
                        fdValue.whyUnwritable(type()));
            }
            codec = built;
        }
        return built;
    }

    /**
     * Whether the map's values are programs or maps ({@code PROG_ARRAY}, maps of maps), written by reference
     * ({@link #update(byte[], OpenFd, UpdateFlags)}), never as raw bytes; see {@link FdValue}.
     */
    public boolean holdsReferences() {
        return type().fdValue().filter(FdValue::isWritable).isPresent();
    }

    /**
     * Refuses raw values (bytes) on a map whose values are file descriptors, saying what to give instead: for callers
     * that read the bytes first, so that this is the first thing said.
     *
     * @throws RejectedMapRequestException ({@code fd_value}) for such maps
     */
    public void requireRawValues(String action) {
        typeCheck.rawValues(action);
    }

    /** What the map holds that is written by reference; refused for maps of any other values. */
    FdValue referenceKind() {
        return typeCheck.referenceKind("update");
    }

    /** Frozen ({@code .rodata} after load) or created {@code BPF_F_RDONLY}: user space cannot write it. */
    public boolean isReadOnly() {
        return frozen || (flags & BPF_F_RDONLY) != 0;
    }

    /** Inserts or replaces one element: {@code bpf_map__update_elem}. */
    public void update(byte[] key, byte[] value, UpdateFlags updateFlags) {
        typeCheck.keyed("update");
        typeCheck.rawValues("update");
        checkKey(key);
        byte[] buffer = layout.toBuffer(value);
        checkWritable(updateFlags);
        ScratchBuffer scratch = ScratchBuffer.of(keySize + buffer.length);
        long keyAddress = scratch.put(0, key);
        long valueAddress = scratch.put(keySize, buffer);
        int result = lifecycle.call(() -> access.update(keyAddress, valueAddress, updateFlags.bits()));
        if (result != 0) {
            throw failure(MapOperation.UPDATE, result, updateFlags);
        }
    }

    /** {@link #update(byte[], byte[], UpdateFlags)} with flags as a number: 0 ANY, 1 NOEXIST, 2 EXIST, |4 F_LOCK. */
    public void update(byte[] key, byte[] value, long updateFlags) {
        update(key, value, UpdateFlags.of(updateFlags));
    }

    /**
     * Puts a program into a {@code PROG_ARRAY}, or a map into a map of maps, under {@code key}: the value written is
     * {@code value}'s file descriptor, which the kernel resolves to the program or map and keeps a reference of.
     * {@code value} stays open: its opener closes it. Flags: ANY (0) only, for a {@code HASH_OF_MAPS} also NOEXIST
     * (1) and EXIST (2).
     *
     * @throws RejectedMapRequestException for a map that holds other values, a program where a map is needed or the
     *                                     reverse, flags the map type does not take
     * @throws BpfException                when the kernel refuses: EINVAL for a program of another type than the
     *                                     array's, or a map unlike the outer map's inner one (the message compares)
     */
    public void update(byte[] key, OpenFd value, UpdateFlags updateFlags) {
        typeCheck.keyed("update");
        typeCheck.referenceValues("update", value.kind(), updateFlags);
        checkKey(key);
        checkWritable(updateFlags);
        byte[] fd = value.valueBytes();
        ScratchBuffer scratch = ScratchBuffer.of(keySize + fd.length);
        long keyAddress = scratch.put(0, key);
        long valueAddress = scratch.put(keySize, fd);
        int result = lifecycle.call(() -> access.update(keyAddress, valueAddress, updateFlags.bits()));
        if (result == -EINVAL) {
            throw new BpfException(MapOperation.UPDATE, "map '" + name + "'", EINVAL, value.description() + ", "
                    + value.details() + ", does not fit map '" + name + "': " + (value.kind() == FdValue.PROGRAM
                    ? "a PROG_ARRAY takes only programs of one type and JIT state, those of the programs that "
                    + "tail-call through it"
                    : "a map of maps takes only maps like the inner map it was created with: the same type, key and "
                    + "value sizes and flags (arrays: the same max_entries too), and no map of maps"));
        }
        if (result != 0) {
            throw failure(MapOperation.UPDATE, result, updateFlags);
        }
    }

    /**
     * The value buffer stored under {@code key}: {@link ValueLayout#bufferSize()} bytes, one slot per possible CPU
     * for per-CPU maps ({@link ValueLayout#perCpuValues} splits them).
     *
     * @throws BpfException ENOENT when there is no such key
     */
    public byte[] lookup(byte[] key) {
        typeCheck.keyed("lookup");
        checkKey(key);
        byte[] value = find(key);
        if (value == null) {
            throw BpfException.of(MapOperation.LOOKUP, "map '" + name + "'", -ENOENT);
        }
        return value;
    }

    /** The value buffer under {@code key}, or null when there is none; {@code key} is checked already. */
    private byte[] find(byte[] key) {
        ScratchBuffer scratch = ScratchBuffer.of(keySize + layout.bufferSize());
        long keyAddress = scratch.put(0, key);
        long valueAddress = scratch.address(keySize);
        int result = lifecycle.call(() -> access.lookup(keyAddress, valueAddress, 0));
        if (result == -ENOENT) {
            return null;
        }
        if (result != 0) {
            throw failure(MapOperation.LOOKUP, result, null);
        }
        return scratch.get(keySize, layout.bufferSize());
    }

    /** @throws BpfException ENOENT when there is no such key, EINVAL for arrays (which cannot delete) */
    public void delete(byte[] key) {
        typeCheck.keyed("delete");
        checkKey(key);
        checkWritable(null);
        int result = lifecycle.call(() -> access.delete(key, 0));
        if (result != 0) {
            throw failure(MapOperation.DELETE, result, null);
        }
    }

    /** The key after {@code key} in the map's order, or the first key when {@code key} is null; empty at the end. */
    public Optional<byte[]> nextKey(byte[] key) {
        typeCheck.keyed("get next key");
        if (key != null) {
            checkKey(key);
        }
        byte[] next = new byte[keySize];
        int result = lifecycle.call(() -> access.nextKey(key, next));
        if (result == -ENOENT) {
            return Optional.empty();
        }
        if (result != 0) {
            throw failure(MapOperation.NEXT_KEY, result, null);
        }
        return Optional.of(next);
    }

    /**
     * Up to {@code limit} entries. Hash maps (plain, per-CPU, LRU) are read bucket by bucket
     * ({@code bpf_map_lookup_batch}, which reads each bucket whole under its lock), arrays (plain, per-CPU) by the
     * same call index by index; other maps key by key, with get-next-key and lookups (see {@link KeyWalk}); so are
     * hash maps and arrays where the kernel has no batch reads.
     *
     * <p>On a map that changes during the read (a BPF program, or another thread, adding, updating and deleting):
     * no key comes twice; every key that is in the map for the whole read comes once, unless the limit ended the
     * read first; keys added or deleted meanwhile may or may not come; each value is the one read when the read
     * passed its key. The read always ends: should keys be deleted under a key-by-key walk so often that it keeps
     * being sent back to the map's first key, it gives up with a {@link java.util.ConcurrentModificationException}.
     * (A key-by-key walk of a hash map whose elements are replaced meanwhile can miss keys: the kernel's
     * get-next-key may follow a replaced element into another bucket. The bucket reads exist to avoid that.)
     *
     * @throws RejectedMapRequestException for map types without keys to walk (queue, stack, bloom filter, ring
     *                                     buffer, perf event array)
     */
    public List<MapEntry> entries(int limit) {
        List<MapEntry> entries = new ArrayList<>();
        forEachEntry(limit, entries::add);
        return entries;
    }

    /**
     * The entries {@link #entries} reads, with the same guarantees on a changing map, handed to {@code visit} as
     * they are read instead of collected: for a reader that keeps little of each entry, so that reading a large map
     * does not hold all of it at once.
     *
     * @throws RejectedMapRequestException for map types without keys to walk
     */
    public void forEachEntry(int limit, Consumer<MapEntry> visit) {
        typeCheck.keyed("walk of the entries");
        if (!readByBuckets(limit, visit)) {
            walkKeys(limit, visit);
        }
    }

    /**
     * Up to {@code limit} keys, read as {@link #entries} reads them (with the same guarantees on a changing map),
     * for counting a map's keys.
     */
    public List<byte[]> keys(int limit) {
        typeCheck.keyed("walk of the keys");
        List<byte[]> keys = new ArrayList<>();
        if (!readByBuckets(limit, entry -> keys.add(entry.key()))) {
            KeyWalk.walk(name, limit, this::nextKey, keys::add);
        }
        return keys;
    }

    /**
     * The number of keys, up to {@code limit}. A hash map's (plain, per-CPU, LRU) is the count the kernel keeps of
     * its elements (kernel 6.6 and later, see {@link ElementCounts}), the map unread; where that cannot be read, and
     * for the other maps, the keys are read as {@link #entries} reads them but without keeping any:
     * {@value #COUNT_CHUNK} entries a system call where the kernel reads the map by batches, a walk otherwise. An
     * array's count is its max entries, unread.
     */
    public int countKeys(int limit) {
        return countKeys(limit, ElementCounts.KERNEL);
    }

    /** {@link #countKeys(int)}, a hash map's count read from {@code counts} where they are available. */
    int countKeys(int limit, ElementCounts counts) {
        typeCheck.keyed("count of the keys");
        if (limit <= 0) {
            return 0;
        }
        if (type() == MapType.ARRAY || type() == MapType.PERCPU_ARRAY) {
            return Math.min(maxEntries, limit); // an array holds every index below its max entries, always
        }
        if (KERNEL_COUNTED.contains(type())) {
            // the map stays open meanwhile, so its id names it; the per-CPU counters are summed one CPU after
            // another, so that under concurrent inserts and deletes the sum may briefly leave [0, max entries]
            OptionalLong kernel = lifecycle.get(() -> counts.count(id));
            if (kernel.isPresent()) {
                return (int) Math.max(0, Math.min(kernel.getAsLong(), Math.min(maxEntries, limit)));
            }
        }
        int counted = 0;
        try {
            if (BATCHED.contains(type())) {
                byte[] inBatch = null;
                byte[] outBatch = new byte[cursorSize()];
                Batch batch = null;
                while (counted < limit) {
                    // the same buffers for every call: new ones a call were most of the count's garbage, 1.2 MB
                    // at 10^5 entries, and on a heap still growing each fresh 4 KiB of it costs a page fault
                    batch = lookupBatch(inBatch, outBatch, COUNT_CHUNK, false, batch);
                    counted += batch.count(); // a bucket is read whole, once: its keys are counted, not kept
                    if (batch.last()) {
                        break;
                    }
                    inBatch = outBatch.clone();
                }
                return Math.min(counted, limit);
            }
        } catch (BpfException e) {
            if (counted > 0 || !batchUnsupported(e)) {
                throw e;
            }
        }
        return keys(limit).size();
    }

    /**
     * One page of the map's entries: up to {@code limit} of them, from {@code cursor} (null for the first page), and
     * the cursor of the next page ({@link EntryPage#next()}, null after the last). A page is read by
     * {@code bpf_map_lookup_batch} where the map type has it (its cursor is the kernel's batch position: a hash
     * map's bucket, an array's index) and ends at a bucket's end, so it may hold fewer than {@code limit} entries
     * with more to come (and one more than the map's max entries at most), or, when one bucket alone holds more
     * than {@code limit}, that whole bucket; elsewhere it is read key by key after the cursor, the last key read.
     *
     * <p>On a map that changes between pages: every key that is in the map the whole time comes in exactly one page
     * of a batch-read map (a hash bucket is read whole, and its keys stay in it); keys added or deleted meanwhile
     * may or may not come. A key-by-key paged walk (a map type without batch reads) continues after the last key
     * read, and starts over when that key was deleted meanwhile.
     *
     * @throws RejectedMapRequestException for map types without keys, and for a cursor of another length than
     *                                     {@link #cursorSize()}
     */
    public EntryPage page(byte[] cursor, int limit) {
        typeCheck.keyed("paged read of the entries");
        if (cursor != null && cursor.length != cursorSize()) {
            throw new RejectedMapRequestException(RejectedMapRequestException.Reason.KEY_SIZE, "cursor of "
                    + cursor.length + " bytes for map '" + name + "': expected " + cursorSize() + " bytes, the "
                    + "'next' of the previous page as it came; give none for the first page");
        }
        EntryPage read = BATCHED.contains(type()) ? readPage(cursor, Math.max(1, limit)) : null;
        if (read != null) {
            return read;
        }
        List<MapEntry> entries = new ArrayList<>();
        byte[] start = cursor == null ? null : Arrays.copyOf(cursor, keySize);
        KeyWalk.walk(name, Math.max(1, limit), key -> nextKey(key == null ? start : key), key -> {
            byte[] value = find(key);
            return value != null && entries.add(new MapEntry(key, value));
        });
        byte[] next = entries.size() < Math.max(1, limit) ? null
                : Arrays.copyOf(entries.get(entries.size() - 1).key(), cursorSize());
        return EntryPage.of(entries, keySize, layout.bufferSize(), next);
    }

    /** The length of a {@link #page} cursor: room for a key and for the kernel's batch position. */
    public int cursorSize() {
        return Math.max(keySize, 8);
    }

    /** Where the kernel has no batch reads for the map: before 5.6, or a map type it reads only key by key. */
    private static boolean batchUnsupported(BpfException e) {
        return e.errno() == EINVAL || e.errno() == EOPNOTSUPP || e.errno() == ENOTSUPP;
    }

    /** The key-by-key walk of {@link #entries}, whatever the map's type: for tests of the walk itself. */
    List<MapEntry> walkedEntries(int limit) {
        List<MapEntry> entries = new ArrayList<>();
        walkKeys(limit, entries::add);
        return entries;
    }

    /** Visits the entries of the key-by-key walk; a key whose element vanished before its lookup does not count. */
    private void walkKeys(int limit, Consumer<MapEntry> visit) {
        KeyWalk.walk(name, limit, this::nextKey, key -> {
            byte[] value = find(key);
            if (value == null) {
                return false;
            }
            visit.accept(new MapEntry(key, value));
            return true;
        });
    }

    /**
     * Reads up to {@code limit} entries of a hash map bucket by bucket (of an array index by index), each key once;
     * false, having read nothing, for other map types and where the kernel has no batch reads (before 5.6), which
     * the key walk then serves.
     */
    private boolean readByBuckets(int limit, Consumer<MapEntry> visit) {
        if (!BATCHED.contains(type())) {
            return false;
        }
        if (limit <= 0) {
            return true;
        }
        Set<ByteBuffer> met = new HashSet<>(); // a bucket is read whole, once: no repeats, unless a kernel errs
        try {
            readBatches(Math.min(limit, BUCKET_READ_CHUNK), entry -> {
                if (met.add(ByteBuffer.wrap(entry.key()))) {
                    visit.accept(entry);
                }
                return met.size() < limit;
            });
            return true;
        } catch (BpfException e) {
            if (met.isEmpty() && batchUnsupported(e)) {
                return false;
            }
            throw e;
        }
    }

    /** Whether the map has keys: false for queues, stacks, bloom filters, ring buffers and perf event arrays. */
    public boolean hasKeys() {
        return typeCheck.hasKeys();
    }

    /**
     * Refuses {@code action} (an update, a lookup…) on a map without keys, saying what to use instead: for callers
     * that read a key before calling this map, so that the map's type is the first thing said.
     *
     * @throws RejectedMapRequestException for map types without keys
     */
    public void requireKeys(String action) {
        typeCheck.keyed(action);
    }

    /**
     * Adds a value to a {@code QUEUE} or {@code STACK} ({@code bpf_map_update_elem} with no key), or to a
     * {@code BLOOM_FILTER}. Flags: ANY (0); for a queue or stack also EXIST (2), which drops the oldest value
     * when it is full, where ANY fails with E2BIG.
     *
     * @throws RejectedMapRequestException for other map types (which have {@link #update}), and for other flags
     */
    public void push(byte[] value, UpdateFlags pushFlags) {
        typeCheck.push(pushFlags);
        byte[] buffer = layout.toBuffer(value);
        checkWritable(null);
        ScratchBuffer scratch = ScratchBuffer.of(buffer.length);
        long valueAddress = scratch.put(0, buffer);
        int result = lifecycle.call(() -> access.update(0, valueAddress, pushFlags.bits()));
        if (result != 0) {
            throw failure(MapOperation.PUSH, result, null);
        }
    }

    /**
     * Takes the next value out of a {@code QUEUE} (its oldest) or {@code STACK} (its newest):
     * {@code bpf_map_lookup_and_delete_elem} with no key. Empty when there is none.
     *
     * @throws RejectedMapRequestException for other map types
     */
    public Optional<byte[]> pop() {
        typeCheck.takesValues("pop");
        checkWritable(null);
        ScratchBuffer scratch = ScratchBuffer.of(layout.bufferSize());
        long valueAddress = scratch.address(0);
        int result = lifecycle.call(() -> access.lookupAndDelete(0, valueAddress, 0));
        return taken(MapOperation.POP, result, scratch);
    }

    /**
     * The value {@link #pop} would take, left in place: {@code bpf_map_lookup_elem} with no key. Empty when there
     * is none.
     *
     * @throws RejectedMapRequestException for other map types (a bloom filter has {@link #peek(byte[])})
     */
    public Optional<byte[]> peek() {
        typeCheck.takesValues("peek");
        ScratchBuffer scratch = ScratchBuffer.of(layout.bufferSize());
        long valueAddress = scratch.address(0);
        int result = lifecycle.call(() -> access.lookup(0, valueAddress, 0));
        return taken(MapOperation.PEEK, result, scratch);
    }

    /**
     * Whether a {@code BLOOM_FILTER} may hold {@code value}: false means certainly not; true means it was pushed,
     * or is a false positive. The kernel's lookup with no key, the value as its question (0 or ENOENT).
     *
     * @throws RejectedMapRequestException for other map types
     */
    public boolean peek(byte[] value) {
        typeCheck.answersMembership();
        byte[] buffer = layout.toBuffer(value);
        ScratchBuffer scratch = ScratchBuffer.of(buffer.length);
        long valueAddress = scratch.put(0, buffer);
        int result = lifecycle.call(() -> access.lookup(0, valueAddress, 0));
        if (result == -ENOENT) {
            return false;
        }
        if (result != 0) {
            throw failure(MapOperation.PEEK, result, null);
        }
        return true;
    }

    private Optional<byte[]> taken(MapOperation operation, int result, ScratchBuffer scratch) {
        if (result == -ENOENT) {
            return Optional.empty();
        }
        if (result != 0) {
            throw failure(operation, result, null);
        }
        return Optional.of(scratch.get(0, layout.bufferSize()));
    }

    /**
     * Updates many elements in one system call ({@code bpf_map_update_batch}). {@code keys} holds the keys back to
     * back; {@code values} holds, for each key in the same order, a value in either form {@link #update} takes
     * (for per-CPU maps: all single values, or all full layouts).
     *
     * <p>The kernel takes only ANY or F_LOCK for the elements of a batch: NOEXIST and EXIST are refused here.
     *
     * @return the number of elements written (all of them: a partial write throws, saying how many were written)
     */
    public int updateBatch(byte[] keys, byte[] values, UpdateFlags elementFlags) {
        typeCheck.keyed("batch update");
        typeCheck.rawValues("batch update");
        if (elementFlags.isNoExist() || elementFlags.isExist()) {
            throw new RejectedMapRequestException(RejectedMapRequestException.Reason.FLAGS, "flags " + elementFlags
                    + " for a batch update of map '" + name + "': the kernel takes only ANY (0) or F_LOCK (4) for "
                    + "batch elements; use single updates for NOEXIST or EXIST");
        }
        int count = batchCount(keys);
        byte[] buffers = batchValues(values, count);
        checkWritable(elementFlags);
        int[] done = {count};
        byte[] opts = batchOpts(elementFlags.bits());
        int result = lifecycle.call(() -> libbpf().bpf_map_update_batch(access.fd(), keys, buffers, done, opts));
        if (result != 0) {
            throw new BatchUpdateException("map '" + name + "'", -result, done[0], count);
        }
        return done[0];
    }

    /**
     * Every entry, read {@code chunk} elements per system call ({@code bpf_map_lookup_batch}); grows the chunk
     * when a hash bucket holds more than it.
     */
    public List<MapEntry> lookupBatch(int chunk) {
        typeCheck.keyed("batch lookup");
        List<MapEntry> entries = new ArrayList<>();
        readBatches(chunk, entries::add);
        return entries;
    }

    /**
     * Reads the map {@code chunk} entries per call from the start, handing each to {@code visit} until it says stop
     * or the end.
     */
    private void readBatches(int chunk, Predicate<MapEntry> visit) {
        byte[] inBatch = null;
        byte[] outBatch = new byte[cursorSize()];
        int size = Math.max(1, chunk);
        while (true) {
            Batch batch = lookupBatch(inBatch, outBatch, size);
            size = batch.size();
            for (int i = 0; i < batch.count(); i++) {
                if (!visit.test(entry(batch, i))) {
                    return;
                }
            }
            if (batch.last()) {
                return;
            }
            inBatch = outBatch.clone();
        }
    }

    /**
     * Up to {@code limit} entries from {@code cursor} (null: the start), whole buckets only (one bucket alone may
     * exceed the limit), and the cursor after them, null at the map's end. The first batch call's buffers become the
     * page's (later calls, for the room left, are copied in after), and the page has room for one more than the
     * map's max entries at most, so that a page of a small map does not take room for {@code limit} entries (the
     * one more: an array's batch read tells its end only to a call that asks past it).
     *
     * @return null when the first batch call says the kernel has no batch reads for the map (another failure, or any
     *         of a later call, is thrown)
     */
    private EntryPage readPage(byte[] cursor, int limit) {
        int capacity = maxEntries < limit ? maxEntries + 1 : limit;
        byte[] inBatch = cursor;
        byte[] outBatch = new byte[cursorSize()];
        Batch page = null;
        int total = 0;
        while (total < capacity) {
            Batch batch;
            try {
                batch = lookupBatch(inBatch, outBatch, capacity - total, page != null, null);
            } catch (BpfException e) {
                if (page == null && batchUnsupported(e)) {
                    return null;
                }
                throw e;
            }
            if (batch == null) {
                return page(page, total, inBatch); // the next bucket does not fit the room left: it opens the next page
            }
            if (page == null) {
                page = batch; // its buffers have room for the capacity, or for the one bucket larger than it
            } else {
                System.arraycopy(batch.keys(), 0, page.keys(), total * keySize, batch.count() * keySize);
                System.arraycopy(batch.values(), 0, page.values(), total * layout.bufferSize(),
                        batch.count() * layout.bufferSize());
            }
            total += batch.count();
            if (batch.last()) {
                return page(page, total, null);
            }
            inBatch = outBatch.clone();
        }
        return page(page, total, inBatch);
    }

    private EntryPage page(Batch buffers, int count, byte[] next) {
        return new EntryPage(buffers.keys(), keySize, buffers.values(), layout.bufferSize(), count, next);
    }

    private Batch lookupBatch(byte[] inBatch, byte[] outBatch, int size) {
        return lookupBatch(inBatch, outBatch, size, false, null);
    }

    /**
     * One {@code bpf_map_lookup_batch} call of up to {@code size} entries from {@code inBatch}, the kernel's position
     * of the next call left in {@code outBatch}, into {@code reuse}'s buffers where they have room for {@code size}
     * (else new ones). When the next bucket holds more than {@code size} (ENOSPC): null if {@code stopAtBigBucket},
     * else asked again with room for it.
     */
    private Batch lookupBatch(byte[] inBatch, byte[] outBatch, int size, boolean stopAtBigBucket, Batch reuse) {
        byte[] opts = batchOpts(0);
        while (true) {
            boolean fits = reuse != null && reuse.size() >= size;
            byte[] keys = fits ? reuse.keys() : new byte[size * keySize];
            byte[] values = fits ? reuse.values() : new byte[size * layout.bufferSize()];
            int[] count = {size};
            int result = lifecycle.call(() ->
                    libbpf().bpf_map_lookup_batch(access.fd(), inBatch, outBatch, keys, values, count, opts));
            if (result == -ENOSPC && count[0] == 0) {
                if (stopAtBigBucket) {
                    return null;
                }
                size *= 2; // a bucket larger than the chunk: ask again with room for it
                continue;
            }
            if (result != 0 && result != -ENOENT) {
                throw failure(MapOperation.LOOKUP_BATCH, result, null);
            }
            // size: the room asked for, which the buffers have (reused ones may have more)
            return new Batch(keys, values, count[0], fits ? reuse.size() : size, result == -ENOENT);
        }
    }

    /**
     * What one batch call read: {@code count} entries, in buffers with room for {@code size}; {@code last} when the
     * map ended with them.
     */
    private record Batch(byte[] keys, byte[] values, int count, int size, boolean last) {}

    private MapEntry entry(Batch batch, int i) {
        return new MapEntry(slice(batch.keys(), i, keySize), slice(batch.values(), i, layout.bufferSize()));
    }

    /**
     * Pins the map in the BPF file system ({@code bpf_obj_pin}), so other processes (bpftool, {@link #openPinned})
     * find it after this one exits. Remove the file to unpin.
     */
    public void pin(Path pin) {
        int result = lifecycle.call(() -> libbpf().bpf_obj_pin(access.fd(), pin.toString()));
        if (result != 0) {
            throw new BpfException(MapOperation.PIN, "map '" + name + "'", -result, "pin path: " + pin
                    + " (it must be on a mounted BPF file system, usually /sys/fs/bpf, and not exist yet)");
        }
    }

    /**
     * The map's file descriptor, for tools that need it. The number is valid only while the map (or its object) is
     * open: a close frees it for the next file the process opens. Code that may race a close uses {@link #withFd}.
     */
    public int fd() {
        return lifecycle.call(access::fd);
    }

    /**
     * Runs {@code use} with the map's file descriptor, which a close cannot free until {@code use} returns (the
     * close waits for it): keep it short.
     *
     * @throws IllegalStateException when the map is closed
     */
    public <T> T withFd(IntFunction<T> use) {
        return lifecycle.get(() -> use.apply(access.fd()));
    }

    /** Closes a map opened by pin or id; a map of an object is closed with its object, so this does nothing. */
    @Override
    public void close() {
        if (ownsFd) {
            lifecycle.close(() -> libbpf().close(access.fd()));
        }
    }

    @Override
    public String toString() {
        return "BpfMap[" + name + ", " + type() + ", key " + keySize + " B, value " + valueSize + " B, max "
                + maxEntries + "]";
    }

    private void checkKey(byte[] key) {
        if (key == null) {
            throw new RejectedMapRequestException(RejectedMapRequestException.Reason.KEY_SIZE,
                    "no key given for map '" + name + "': expected " + keySize + " bytes");
        }
        if (key.length != keySize) {
            throw new RejectedMapRequestException(RejectedMapRequestException.Reason.KEY_SIZE,
                    "key of " + key.length + " bytes for map '" + name + "': expected " + keySize
                            + " bytes (the map's key size); pad or trim the key to " + keySize + " bytes");
        }
    }

    private void checkWritable(UpdateFlags updateFlags) {
        if (isReadOnly()) {
            throw new RejectedMapRequestException(RejectedMapRequestException.Reason.READ_ONLY, readOnlyMessage());
        }
        if (updateFlags != null && updateFlags.hasLock() && spinLock == SpinLockProbe.Answer.NO) {
            throw new RejectedMapRequestException(RejectedMapRequestException.Reason.NO_SPIN_LOCK,
                    "flags " + updateFlags + " ask for BPF_F_LOCK, but the value of map '" + name + "' holds no "
                            + "struct bpf_spin_lock (per its BTF); drop F_LOCK (4) from the flags");
        }
    }

    private String readOnlyMessage() {
        return frozen
                ? "map '" + name + "' is read-only after load: the kernel froze it (libbpf freezes .rodata once "
                + "the object is loaded); only .data and .bss globals stay writable"
                : "map '" + name + "' was created with BPF_F_RDONLY: user space cannot write it";
    }

    /** The kernel's refusal, with the reading that fits this map and what was asked. */
    private BpfException failure(MapOperation operation, int result, UpdateFlags updateFlags) {
        String subject = "map '" + name + "'";
        if (result == -EPERM && !frozen && lifecycle.get(() -> KernelMapInfo.isFrozen(access.fd()))) {
            frozen = true; // frozen by someone else since we opened it
        }
        if (result == -EPERM && isReadOnly()) {
            return new BpfException(operation, subject, EPERM, readOnlyMessage());
        }
        if (result == -EINVAL && updateFlags != null && updateFlags.hasLock()) {
            return new BpfException(operation, subject, EINVAL, "flags ask for BPF_F_LOCK: the map's value must "
                    + "hold a struct bpf_spin_lock, and the map type must support it; drop F_LOCK (4)");
        }
        return BpfException.of(operation, subject, result);
    }

    private int batchCount(byte[] keys) {
        if (keys == null || keys.length == 0 || keys.length % keySize != 0) {
            throw new RejectedMapRequestException(RejectedMapRequestException.Reason.BATCH_SHAPE,
                    "batch keys of " + (keys == null ? 0 : keys.length) + " bytes for map '" + name
                            + "': expected a positive multiple of the key size, " + keySize + " bytes");
        }
        return keys.length / keySize;
    }

    private byte[] batchValues(byte[] values, int count) {
        int length = values == null ? 0 : values.length;
        if (length == count * layout.bufferSize()) {
            return values;
        }
        if (layout.isPerCpu() && length == count * valueSize) {
            byte[] buffers = new byte[count * layout.bufferSize()];
            for (int i = 0; i < count; i++) {
                byte[] one = layout.toBuffer(slice(values, i, valueSize));
                System.arraycopy(one, 0, buffers, i * layout.bufferSize(), one.length);
            }
            return buffers;
        }
        throw new RejectedMapRequestException(RejectedMapRequestException.Reason.BATCH_SHAPE,
                "batch values of " + length + " bytes for " + count + " keys of map '" + name + "': expected "
                        + count + " values of " + layout.expectation());
    }

    /** {@code struct bpf_map_batch_opts { size_t sz; __u64 elem_flags; __u64 flags; }} */
    private static byte[] batchOpts(long elementFlags) {
        byte[] opts = new byte[BATCH_OPTS_SIZE];
        ByteBuffer.wrap(opts).order(java.nio.ByteOrder.nativeOrder())
                .putLong(0, BATCH_OPTS_SIZE).putLong(8, elementFlags);
        return opts;
    }

    private static byte[] slice(byte[] all, int index, int size) {
        byte[] one = new byte[size];
        System.arraycopy(all, index * size, one, 0, size);
        return one;
    }
}
