package io.bpfjmx.libbpf;

/**
 * Every kernel map type by its {@code enum bpf_map_type} number (uapi {@code linux/bpf.h}), and which keep one
 * value per possible CPU. A number newer than this table reads as {@link #UNKNOWN}; {@link BpfMap#typeNumber()}
 * still has it.
 */
public enum MapType {
    UNSPEC(0), HASH(1), ARRAY(2), PROG_ARRAY(3), PERF_EVENT_ARRAY(4),
    PERCPU_HASH(5, true), PERCPU_ARRAY(6, true), STACK_TRACE(7), CGROUP_ARRAY(8), LRU_HASH(9),
    LRU_PERCPU_HASH(10, true), LPM_TRIE(11), ARRAY_OF_MAPS(12), HASH_OF_MAPS(13), DEVMAP(14), SOCKMAP(15),
    CPUMAP(16), XSKMAP(17), SOCKHASH(18), CGROUP_STORAGE(19), REUSEPORT_SOCKARRAY(20),
    PERCPU_CGROUP_STORAGE(21, true), QUEUE(22), STACK(23), SK_STORAGE(24), DEVMAP_HASH(25), STRUCT_OPS(26),
    RINGBUF(27), INODE_STORAGE(28), TASK_STORAGE(29), BLOOM_FILTER(30), USER_RINGBUF(31), CGRP_STORAGE(32),
    ARENA(33),
    UNKNOWN(-1);

    private static final MapType[] BY_NUMBER = values();

    private final int number;
    private final boolean perCpu;

    MapType(int number) {
        this(number, false);
    }

    MapType(int number, boolean perCpu) {
        this.number = number;
        this.perCpu = perCpu;
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
}
