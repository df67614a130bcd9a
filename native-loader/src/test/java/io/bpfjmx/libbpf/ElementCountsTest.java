package io.bpfjmx.libbpf;

import static org.assertj.core.api.Assertions.assertThat;

import io.bpfjmx.libbpf.btf.JsonTree;
import io.bpfjmx.libbpf.testing.BpfFsFolder;
import io.bpfjmx.libbpf.testing.BpfObjects;
import io.bpfjmx.libbpf.testing.Bpftool;
import io.bpfjmx.libbpf.testing.Le;
import io.bpfjmx.libbpf.testing.RequiresBpf;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * A hash map's count from the kernel's own element counter ({@link ElementCounts}, read by an iterator) against the
 * real kernel: equal to the count by batch reads and to bpftool's dump for every hash type, after inserts, updates
 * of existing keys, deletes and (LRU) evictions; read by several threads at once; and, where the iterator cannot
 * load, the batch count in its place.
 */
@RequiresBpf
class ElementCountsTest {
    private static final int INSERTED = 1000;
    private static final int DELETED = 300;
    /** Below {@link #INSERTED}: the LRU maps evict to make room. */
    private static final int LRU_MAX_ENTRIES = 512;

    /** An iterator the kernel's verifier rejects: a real failure to load, as on a kernel without the kfunc. */
    private static ElementCounts unloadable() {
        return new ElementCounts("verifier_reject.bpf.o", () -> {
            try {
                return Files.readAllBytes(BpfObjects.verifierReject());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    @Test
    void theKernelsCountIsTheBatchCountForEveryHashTypeAfterInsertsUpdatesDeletesAndEvictions() throws Exception {
        ElementCounts batchOnly = unloadable();
        try (BpfFsFolder folder = BpfFsFolder.named("element-counts")) {
            for (HashMapCase hash : HashMapCase.all()) {
                try (BpfMap map = hash.create(folder.path())) {
                    map.updateBatch(keys(0, INSERTED), values(INSERTED), UpdateFlags.of(UpdateFlags.ANY));
                    map.updateBatch(keys(0, 100), values(100), UpdateFlags.of(UpdateFlags.ANY)); // existing keys
                    for (byte[] key : map.keys(DELETED)) {
                        map.delete(key);
                    }
                    int bpftool = ((List<?>) JsonTree.read(Bpftool.dump(map.id()))).size();

                    assertThat(ElementCounts.KERNEL.count(map.id())).as(hash.name()).hasValue(bpftool);
                    assertThat(map.countKeys(Integer.MAX_VALUE)).as(hash.name()).isEqualTo(bpftool);
                    assertThat(map.countKeys(Integer.MAX_VALUE, batchOnly)).as(hash.name()).isEqualTo(bpftool);
                    assertThat(map.countKeys(10)).as(hash.name() + ": the limit ends the count").isEqualTo(10);
                    if (hash.maxEntries() < INSERTED) { // an LRU map evicts as it needs room, some more at once
                        assertThat(bpftool).as(hash.name()).isPositive().isLessThanOrEqualTo(hash.maxEntries()
                                - DELETED);
                    } else {
                        assertThat(bpftool).as(hash.name()).isEqualTo(INSERTED - DELETED);
                    }

                    for (byte[] key : map.keys(Integer.MAX_VALUE)) {
                        map.delete(key);
                    }
                    assertThat(map.countKeys(Integer.MAX_VALUE)).as(hash.name() + " emptied").isZero();
                }
            }
        }
    }

    @Test
    void severalThreadsCountAtOnce() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try (BpfFsFolder folder = BpfFsFolder.named("element-counts-threads")) {
            List<BpfMap> maps = new ArrayList<>();
            try {
                List<Callable<Boolean>> counts = new ArrayList<>();
                for (HashMapCase hash : HashMapCase.all()) {
                    BpfMap map = hash.create(folder.path());
                    maps.add(map);
                    int size = maps.size() * 10;
                    map.updateBatch(keys(0, size), values(size), UpdateFlags.of(UpdateFlags.ANY));
                    counts.add(() -> {
                        for (int i = 0; i < 200; i++) {
                            if (map.countKeys(Integer.MAX_VALUE) != size) {
                                return false;
                            }
                        }
                        return true;
                    });
                }
                for (Future<Boolean> result : threads.invokeAll(counts)) {
                    assertThat(result.get()).as("every count of every thread right").isTrue();
                }
            } finally {
                for (BpfMap map : maps) {
                    map.close();
                }
            }
        } finally {
            threads.shutdown();
        }
    }

    @Test
    void anIteratorThatCannotLoadLeavesTheBatchCountSaidOnceAtFine() throws Exception {
        ElementCounts counts = unloadable();
        List<LogRecord> said = new ArrayList<>();
        Handler handler = new Handler() {
            @Override
            public synchronized void publish(LogRecord record) {
                said.add(record);
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        Logger logger = Logger.getLogger("io.bpfjmx.libbpf");
        Level level = logger.getLevel();
        logger.setLevel(Level.ALL);
        logger.addHandler(handler);
        try (BpfFsFolder folder = BpfFsFolder.named("element-counts-fallback")) {
            try (BpfMap map = HashMapCase.all().get(0).create(folder.path())) {
                map.updateBatch(keys(0, 77), values(77), UpdateFlags.of(UpdateFlags.ANY));

                assertThat(map.countKeys(Integer.MAX_VALUE, counts)).isEqualTo(77);
                assertThat(map.countKeys(Integer.MAX_VALUE, counts)).isEqualTo(77);
                assertThat(counts.count(map.id())).isEmpty();
            }
        } finally {
            logger.removeHandler(handler);
            logger.setLevel(level);
        }
        List<LogRecord> ours = said.stream()
                .filter(record -> record.getLoggerName().equals(ElementCounts.class.getName())).toList();
        assertThat(ours).singleElement().satisfies(record -> {
            assertThat(record.getLevel()).isEqualTo(Level.FINE);
            assertThat(record.getMessage()).contains("verifier_reject.bpf.o", "load failed with",
                    "counted by reading them");
        });
        assertThat(said).as("libbpf's words on the expected failure, not warnings")
                .noneMatch(record -> record.getLevel().intValue() >= Level.WARNING.intValue());
    }

    /** A fresh hash map of one type (and preallocation), pinned in the test's own folder, opened by bpfjmx. */
    private record HashMapCase(String type, int flags, int maxEntries) {
        static List<HashMapCase> all() {
            return List.of(new HashMapCase("hash", 0, 4096), new HashMapCase("hash", 1, 4096),
                    new HashMapCase("percpu_hash", 0, 4096), new HashMapCase("percpu_hash", 1, 4096),
                    new HashMapCase("lru_hash", 0, LRU_MAX_ENTRIES),
                    new HashMapCase("lru_percpu_hash", 0, LRU_MAX_ENTRIES));
        }

        String name() {
            return type + (flags == 1 ? " (no prealloc)" : "");
        }

        BpfMap create(Path folder) throws IOException, InterruptedException {
            Files.createDirectories(folder);
            Path pin = folder.resolve(type + "_" + flags);
            Bpftool.createPinnedMap(pin, type, 4, 8, maxEntries, "count_" + flags, flags);
            return BpfMap.openPinned(pin);
        }
    }

    private static byte[] keys(int from, int count) {
        byte[] keys = new byte[count * 4];
        for (int i = 0; i < count; i++) {
            System.arraycopy(Le.u32(from + i), 0, keys, i * 4, 4);
        }
        return keys;
    }

    private static byte[] values(int count) {
        byte[] values = new byte[count * 8];
        for (int i = 0; i < count; i++) {
            System.arraycopy(Le.u64(i), 0, values, i * 8, 8);
        }
        return values;
    }
}
