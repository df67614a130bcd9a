package io.bpfjmx.libbpf;

import java.util.Optional;

/**
 * Every kernel map type by its {@code enum bpf_map_type} number (uapi {@code linux/bpf.h}), which keep one
 * value per possible CPU, and which take file descriptors as values ({@link FdValue}). A number newer than this
 * table reads as {@link #UNKNOWN}; {@link BpfMap#typeNumber()} still has it.
 */
public enum MapType {
    UNSPEC(0), HASH(1), ARRAY(2), PROG_ARRAY(3, FdValue.PROGRAM), PERF_EVENT_ARRAY(4, FdValue.PERF_EVENT),
    PERCPU_HASH(5, true), PERCPU_ARRAY(6, true), STACK_TRACE(7), CGROUP_ARRAY(8, FdValue.CGROUP), LRU_HASH(9),
    LRU_PERCPU_HASH(10, true), LPM_TRIE(11), ARRAY_OF_MAPS(12, FdValue.MAP), HASH_OF_MAPS(13, FdValue.MAP),
    DEVMAP(14, FdValue.NET_DEVICE), SOCKMAP(15, FdValue.SOCKET), CPUMAP(16, FdValue.CPU),
    XSKMAP(17, FdValue.XDP_SOCKET), SOCKHASH(18, FdValue.SOCKET), CGROUP_STORAGE(19),
    REUSEPORT_SOCKARRAY(20, FdValue.SOCKET), PERCPU_CGROUP_STORAGE(21, true), QUEUE(22), STACK(23), SK_STORAGE(24),
    DEVMAP_HASH(25, FdValue.NET_DEVICE), STRUCT_OPS(26), RINGBUF(27), INODE_STORAGE(28), TASK_STORAGE(29),
    BLOOM_FILTER(30), USER_RINGBUF(31), CGRP_STORAGE(32), ARENA(33),
    UNKNOWN(-1);

    private static final MapType[] BY_NUMBER = values();

    private final int number;
    private final boolean perCpu;
    private final FdValue fdValue;

    MapType(int number) {
        this(number, false, null);
    }

    MapType(int number, boolean perCpu) {
        this(number, perCpu, null);
    }

    MapType(int number, FdValue fdValue) {
        this(number, false, fdValue);
    }

    MapType(int number, boolean perCpu, FdValue fdValue) {
        this.number = number;
        this.perCpu = perCpu;
        this.fdValue = fdValue;
    }

    public static MapType of(int number) {
        // the constants above are declared in kernel order, so the number is the ordinal
        return number >= 0 && number < BY_NUMBER.length - 1 ? BY_NUMBER[number] : UNKNOWN;
    }

    public int number() {
        return number;
    }

    /** Whether lookups and updates carry one value slot per possible CPU. */
    public boolean isPerCpu() {
        return perCpu;
    }

    /** {@code a PROG_ARRAY}, {@code an ARRAY_OF_MAPS}: the name with its article, for messages. */
    String withArticle() {
        return ("AEIOU".indexOf(name().charAt(0)) >= 0 ? "an " : "a ") + name();
    }

    /**
     * What user space writes as this type's values when they are file descriptors (see {@link FdValue}); empty for
     * types whose values are plain bytes.
     */
    public Optional<FdValue> fdValue() {
        return Optional.ofNullable(fdValue);
    }
}
