package io.bpfjmx.libbpf;

/**
 * Whether an operation fits a map's type, checked before any call: the kernel answers a misfit with a bare EINVAL
 * or ENOTSUPP, which says nothing of what to do instead.
 *
 * <p>Queues, stacks and bloom filters have no keys (their key size is 0): values go in by push and come out of a
 * queue or stack by pop and peek; a bloom filter only answers whether it may hold a value. Ring buffers and perf
 * event arrays carry records between BPF programs and a consumer: user space reads or writes none of their
 * elements through the map operations.
 *
 * <p>Maps whose values are file descriptors ({@link FdValue}) take no raw values: the number would name whatever
 * this process has open under it. Programs and maps are written by reference ({@link OpenFd}); the other kinds
 * not at all.
 */
final class MapTypeCheck {
    private final String mapName;
    private final MapType type;
    /** Null for maps whose values are bytes. */
    private final FdValue fdValue;

    MapTypeCheck(String mapName, int typeNumber) {
        this.mapName = mapName;
        this.type = MapType.of(typeNumber);
        this.fdValue = type.fdValue().orElse(null);
    }

    /** For raw values (bytes) of an update or a batch update: refused where values are file descriptors. */
    void rawValues(String action) {
        if (fdValue == null) {
            return;
        }
        if (!fdValue.isWritable()) {
            throw fdRefused(action, fdValue.whyUnwritable(type));
        }
        String one = fdValue.singular();
        throw fdRefused(action, type.withArticle() + "'s values are " + fdValue.plural() + ", which user space "
                + "writes as file descriptors of its own process: raw bytes would be the number of whatever file this "
                + "process has open under it, any " + one + " it holds included; give the " + one + " instead, to the "
                + "typed update, as {\"id\":N}, {\"pinned\":\"/sys/fs/bpf/…\"} or {\"name\":\"<" + one
                + " of this object>\"}");
    }

    /**
     * The kind of the values a map holds that are written by reference (programs, maps); refused for maps whose
     * values are bytes, and for file descriptors bpfjmx cannot give.
     */
    FdValue referenceKind(String action) {
        if (fdValue == null) {
            throw new RejectedMapRequestException(RejectedMapRequestException.Reason.TYPED_VALUE, action + " of map '"
                    + mapName + "' refused: " + type.withArticle() + " holds bytes, not programs or maps; give its "
                    + "value as bytes");
        }
        if (!fdValue.isWritable()) {
            throw fdRefused(action, fdValue.whyUnwritable(type));
        }
        return fdValue;
    }

    /** For a program or map written by reference ({@link OpenFd}): the kind the map holds, and flags it takes. */
    void referenceValues(String action, FdValue given, UpdateFlags flags) {
        FdValue held = referenceKind(action);
        if (given != held) {
            throw new RejectedMapRequestException(RejectedMapRequestException.Reason.TYPED_VALUE, action + " of map '"
                    + mapName + "' refused: " + type.withArticle() + " holds " + held.plural() + ", and a "
                    + given.singular() + " was given");
        }
        boolean hash = type == MapType.HASH_OF_MAPS;
        if (flags.hasLock() || (!hash && (flags.isNoExist() || flags.isExist()))) {
            throw new RejectedMapRequestException(RejectedMapRequestException.Reason.FLAGS, "flags " + flags
                    + " for an update of map '" + mapName + "': " + (hash
                    ? "a HASH_OF_MAPS takes ANY (0), NOEXIST (1) or EXIST (2), and no F_LOCK: its values hold no "
                    + "struct bpf_spin_lock"
                    : type.withArticle() + " takes only ANY (0): each index holds one " + held.singular()
                    + " or none, and an update puts the new one in its place"));
        }
    }

    private RejectedMapRequestException fdRefused(String action, String why) {
        return new RejectedMapRequestException(RejectedMapRequestException.Reason.FD_VALUE,
                action + " of map '" + mapName + "' refused: " + why);
    }

    /** Whether the map has keys to update, look up, delete and walk. */
    boolean hasKeys() {
        return !isQueueOrStack() && type != MapType.BLOOM_FILTER && streamUse() == null;
    }

    /** For the key-based operations: update, lookup, delete, the walks and the batches. */
    void keyed(String action) {
        String stream = streamUse();
        if (stream != null) {
            throw refused(action, stream);
        }
        if (isQueueOrStack()) {
            throw refused(action, "a " + type + " has no keys (its key size is 0); use push(value, flags) to add a "
                    + "value, pop() to take the " + next() + " one and peek() to read it without taking it");
        }
        if (type == MapType.BLOOM_FILTER) {
            throw refused(action, "a BLOOM_FILTER has no keys and gives no values back; use push(value, flags) to add"
                    + " a value and peek(value) to ask whether it may hold one");
        }
    }

    /** For push: queues, stacks and bloom filters, with the flags each takes. */
    void push(UpdateFlags flags) {
        String stream = streamUse();
        if (stream != null) {
            throw refused("push", stream);
        }
        if (hasKeys()) {
            throw refused("push", "push, pop and peek are for QUEUE, STACK and BLOOM_FILTER maps, and a " + type
                    + " has keys; use update(key, value, flags)");
        }
        if (type == MapType.BLOOM_FILTER && flags.bits() != UpdateFlags.ANY) {
            throw new RejectedMapRequestException(RejectedMapRequestException.Reason.FLAGS, "flags " + flags
                    + " for a push to map '" + mapName + "': a BLOOM_FILTER takes only ANY (0)");
        }
        if (isQueueOrStack() && (flags.isNoExist() || flags.hasLock())) {
            throw new RejectedMapRequestException(RejectedMapRequestException.Reason.FLAGS, "flags " + flags
                    + " for a push to map '" + mapName + "': a " + type + " takes ANY (0), or EXIST (2) to drop "
                    + "its oldest value when it is full instead of failing with E2BIG");
        }
    }

    /** For pop and peek(): queues and stacks. */
    void takesValues(String action) {
        if (isQueueOrStack()) {
            return;
        }
        String stream = streamUse();
        if (stream != null) {
            throw refused(action, stream);
        }
        if (type == MapType.BLOOM_FILTER) {
            throw refused(action, "a BLOOM_FILTER gives no values back; use peek(value) to ask whether it may "
                    + "hold a value");
        }
        throw refused(action, "pop and peek() are for QUEUE and STACK maps, and a " + type + " has keys; use "
                + "lookup(key) and delete(key)");
    }

    /** For peek(value): bloom filters. */
    void answersMembership() {
        if (type == MapType.BLOOM_FILTER) {
            return;
        }
        String stream = streamUse();
        if (stream != null) {
            throw refused("peek(value)", stream);
        }
        throw refused("peek(value)", "peek with a value asks a BLOOM_FILTER whether it may hold the value; "
                + (isQueueOrStack() ? "a " + type + "'s peek() takes no value and returns its " + next() + " one"
                : "a " + type + " has keys: use lookup(key)"));
    }

    private boolean isQueueOrStack() {
        return type == MapType.QUEUE || type == MapType.STACK;
    }

    private String next() {
        return type == MapType.QUEUE ? "oldest" : "newest";
    }

    /** What a ring buffer or perf event array is for, and what reads it; null for other types. */
    private String streamUse() {
        switch (type) {
            case RINGBUF:
                return "a RINGBUF (ring buffer) carries records from BPF programs to a consumer and has no elements "
                        + "for map operations; read its records with a ring buffer consumer (libbpf's "
                        + "ring_buffer__new and ring_buffer__poll): bpfjmx does not consume ring buffers";
            case USER_RINGBUF:
                return "a USER_RINGBUF carries records from user space to BPF programs and has no elements for map "
                        + "operations; write records with libbpf's user_ring_buffer__reserve and "
                        + "user_ring_buffer__submit: bpfjmx does not produce them";
            case PERF_EVENT_ARRAY:
                return "a PERF_EVENT_ARRAY holds one perf event per CPU, through which BPF programs send records, "
                        + "and no values for map operations; read the records with a perf buffer (libbpf's "
                        + "perf_buffer__new and perf_buffer__poll): bpfjmx does not consume perf buffers";
            default:
                return null;
        }
    }

    private RejectedMapRequestException refused(String action, String why) {
        return new RejectedMapRequestException(RejectedMapRequestException.Reason.MAP_TYPE,
                action + " of map '" + mapName + "' refused: " + why);
    }
}
