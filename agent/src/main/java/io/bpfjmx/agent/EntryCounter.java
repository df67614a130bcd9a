package io.bpfjmx.agent;

import io.bpfjmx.libbpf.BpfMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A map's {@code EntryCount}: the keys, counted at most once every {@value #REFRESH_SECONDS} seconds by
 * {@link BpfMap#countKeys} (for hash maps the count the kernel keeps, unread, on kernel 6.6 and later; else batch
 * reads of thousands of entries a system call for hashes, an array's max entries, a key-by-key walk for other map
 * types). Reading the attribute is free to anyone who may read (JConsole refreshes it every few
 * seconds, a scraper on every scrape, the read-only role at will), and a count of a large map still reads all of
 * it; so between counts a read gets the last count. A write through bpfjmx makes the count stale, so
 * that the writer sees its own change at the next read; what BPF programs change shows within the interval.
 */
final class EntryCounter {
    static final int REFRESH_SECONDS = 10;
    private static final long REFRESH_NANOS = TimeUnit.SECONDS.toNanos(REFRESH_SECONDS);

    private final BpfMap map;
    private final LongSupplier nanoTime;
    private volatile boolean stale = true;
    private int count;
    private long countedAt;

    /** {@code nanoTime}: {@link System#nanoTime}, or a test's clock. */
    EntryCounter(BpfMap map, LongSupplier nanoTime) {
        this.map = map;
        this.nanoTime = nanoTime;
    }

    /** The last count, or a new one when it is older than the interval or stale; concurrent readers share a walk. */
    synchronized int count() {
        long now = nanoTime.getAsLong();
        if (stale || now - countedAt >= REFRESH_NANOS) {
            stale = false; // before the walk: a write during it makes the next read walk again
            try {
                count = walk();
            } catch (RuntimeException e) {
                stale = true; // the object closed under the walk, say: no count to keep
                throw e;
            }
            countedAt = now;
        }
        return count;
    }

    /** After a write through bpfjmx: the next read walks. */
    void stale() {
        if (!stale) { // read first: a volatile write on every update would cost a fence, most often for nothing
            stale = true;
        }
    }

    /**
     * The keys as {@link BpfMap#countKeys} reads them, up to the map's max
     * entries where it has one (a cgroup storage map has none: 0); -1 for a map without keys (queue, stack, bloom
     * filter, ring buffer, perf event array).
     */
    private int walk() {
        if (!map.hasKeys()) {
            return -1;
        }
        return map.countKeys(map.maxEntries() > 0 ? map.maxEntries() : Integer.MAX_VALUE);
    }
}
