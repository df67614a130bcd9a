package io.bpfjmx.agent;

import io.bpfjmx.libbpf.BpfMap;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A map's {@code EntryCount}: the keys, counted by walking the map key by key, at most once every
 * {@value #REFRESH_SECONDS} seconds. Reading the attribute is free to anyone who may read (JConsole refreshes it
 * every few seconds, a scraper on every scrape, the read-only role at will), and a walk of a large map costs one
 * system call a key; so between walks a read gets the last count. A write through bpfjmx makes the count stale, so
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
        stale = true;
    }

    /** At most the map's max entries: a walk restarts when its key is deleted under it. */
    private int walk() {
        int walked = 0;
        for (Optional<byte[]> key = map.nextKey(null); key.isPresent() && walked < map.maxEntries();
             key = map.nextKey(key.get())) {
            walked++;
        }
        return walked;
    }
}
