package io.bpfjmx.libbpf;

import static org.assertj.core.api.Assertions.assertThat;

import io.bpfjmx.libbpf.testing.BpfObjects;
import io.bpfjmx.libbpf.testing.Le;
import io.bpfjmx.libbpf.testing.RequiresBpf;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * {@link BpfMap#entries} on a hash map that another thread changes during the walk: a get-next-key walk restarts
 * from the first key when its current key is deleted, and a hash map re-inserts an updated element at the head of
 * its bucket; neither may make a key come twice, or cost a key that was there all along.
 */
@RequiresBpf
class ChangingMapWalkTest {
    private static final int STABLE = 600;
    private static final int CHURNED = 600;

    @Test
    void aWalkReturnsEveryKeyOnceWhileAnotherThreadDeletesAndReAddsKeys() throws Exception {
        whileChanging(ChangingMapWalkTest::churn, map -> {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
            int walks = 0;
            while (walks < 40 || System.nanoTime() < deadline && walks < 400) {
                List<MapEntry> entries = map.entries(10_000);
                Set<Integer> keys = new HashSet<>();
                for (MapEntry entry : entries) {
                    int key = Le.readU32(entry.key(), 0);
                    assertThat(keys.add(key)).as("walk %d returned key %d twice", walks, key).isTrue();
                }
                for (int key = 0; key < STABLE; key++) {
                    assertThat(keys).as("walk %d: key %d was in the map throughout", walks, key).contains(key);
                }
                assertThat(keys).allMatch(key -> key < STABLE + CHURNED);
                walks++;
            }
        });
    }

    /** The key-by-key walk (what maps other than hashes get) when keys are deleted under it and come back. */
    @Test
    void theKeyWalkReturnsEveryKeyOnceWhileAnotherThreadDeletesAndReAddsKeys() throws Exception {
        whileChanging(ChangingMapWalkTest::deleteAndReAdd, map -> {
            for (int walk = 0; walk < 100; walk++) {
                Set<Integer> keys = new HashSet<>();
                for (MapEntry entry : map.walkedEntries(10_000)) {
                    int key = Le.readU32(entry.key(), 0);
                    assertThat(keys.add(key)).as("walk %d returned key %d twice", walk, key).isTrue();
                }
                for (int key = 0; key < STABLE; key++) {
                    assertThat(keys).as("walk %d: key %d was in the map throughout", walk, key).contains(key);
                }
            }
        });
    }

    @Test
    void aLimitedWalkOfAChangingMapStopsAtTheLimitWithoutRepeats() throws Exception {
        whileChanging(ChangingMapWalkTest::churn, map -> {
            for (int walk = 0; walk < 100; walk++) {
                List<MapEntry> entries = map.entries(300);
                assertThat(entries).hasSize(300);
                assertThat(entries.stream().map(entry -> Le.readU32(entry.key(), 0)).distinct().count())
                        .as("distinct keys of walk %d", walk).isEqualTo(300);
            }
        });
    }

    /** What changes the map while a test reads it, until {@code walking} turns false; its failure, if any. */
    private interface Writer {
        void write(BpfMap map, AtomicBoolean walking, AtomicReference<Throwable> failure);
    }

    /** What a test reads while the writer changes the map. */
    private interface Reads {
        void read(BpfMap map) throws Exception;
    }

    /**
     * Fills the fixtures' {@code hash_map} with keys 0 to STABLE + CHURNED, runs {@code reads} while another thread
     * runs {@code writer}, then checks the writer did not fail.
     */
    private static void whileChanging(Writer writer, Reads reads) throws Exception {
        try (BpfObject object = BpfObject.load(BpfObjects.fixtures())) {
            BpfMap map = object.map("hash_map");
            for (int key = 0; key < STABLE + CHURNED; key++) {
                map.update(Le.u32(key), Le.u64(key), UpdateFlags.of(UpdateFlags.ANY));
            }
            AtomicBoolean walking = new AtomicBoolean(true);
            AtomicReference<Throwable> writerFailure = new AtomicReference<>();
            Thread writing = new Thread(() -> writer.write(map, walking, writerFailure), "changing-the-map");
            writing.start();
            try {
                reads.read(map);
            } finally {
                walking.set(false);
                writing.join();
            }
            assertThat(writerFailure.get()).isNull();
        }
    }

    private static void deleteAndReAdd(BpfMap map, AtomicBoolean walking, AtomicReference<Throwable> failure) {
        try {
            for (long round = 0; walking.get(); round++) {
                for (int key = STABLE; key < STABLE + CHURNED && walking.get(); key++) {
                    map.delete(Le.u32(key));
                    map.update(Le.u32(key), Le.u64(round), UpdateFlags.of(UpdateFlags.NOEXIST));
                }
            }
        } catch (Throwable e) {
            failure.set(e);
        }
    }

    /**
     * Deletes and re-adds the churned keys, and rewrites the stable keys' values (which moves them to the head of
     * their bucket without ever removing them), until told to stop.
     */
    private static void churn(BpfMap map, AtomicBoolean walking, AtomicReference<Throwable> failure) {
        try {
            for (long round = 0; walking.get(); round++) {
                for (int key = STABLE; key < STABLE + CHURNED && walking.get(); key++) {
                    map.delete(Le.u32(key));
                    map.update(Le.u32(key), Le.u64(round), UpdateFlags.of(UpdateFlags.NOEXIST));
                    int stable = (int) ((key * 7 + round) % STABLE);
                    map.update(Le.u32(stable), Le.u64(round), UpdateFlags.of(UpdateFlags.EXIST));
                }
            }
        } catch (Throwable e) {
            failure.set(e);
        }
    }
}
