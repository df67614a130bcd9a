package io.bpfjmx.libbpf;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.jna.NativeLibrary;
import io.bpfjmx.libbpf.testing.BpfObjects;
import io.bpfjmx.libbpf.testing.Le;
import io.bpfjmx.libbpf.testing.RequiresBpf;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Closing a map (or its object) while other threads use it: every call either completes, or ends in the clean
 * "is closed" {@link IllegalStateException}; none reads the map's file descriptor (or, through libbpf, its freed
 * {@code struct bpf_map}) after the close released it.
 */
@RequiresBpf
class CloseRaceTest {
    private static final String CLOSED = "is closed; reload its object to use it again";
    private static final int BPF_MAP_TYPE_ARRAY = 2;

    /**
     * A write refused with EPERM makes bpfjmx ask the kernel whether someone froze the map since it was opened
     * (through the map's fd). A close landing between the refused call and that question must not make it read a
     * closed (or reused) descriptor.
     */
    @Test
    void aWriteRefusedAsTheMapClosesEndsInEpermOrIsClosed() throws Exception {
        int writers = 3;
        CyclicBarrier start = new CyclicBarrier(writers + 1);
        ConcurrentLinkedQueue<Throwable> unexpected = new ConcurrentLinkedQueue<>();
        for (int round = 0; round < 600 && unexpected.isEmpty(); round++) {
            int fd = LibBpfLibrary.libbpf().bpf_map_create(BPF_MAP_TYPE_ARRAY, "close_race", 4, 8, 1, 0);
            assertThat(fd).as("bpf_map_create").isNotNegative();
            try {
                BpfMap map = BpfMap.openById(KernelMapInfo.of(fd, "close_race").id());
                freeze(fd); // behind bpfjmx's back: it learns of it from the kernel's EPERM
                List<Thread> threads = new ArrayList<>();
                for (int i = 0; i < writers; i++) {
                    threads.add(start("writer-" + i, () -> {
                        await(start);
                        try {
                            map.update(Le.u32(0), Le.u64(1), UpdateFlags.of(UpdateFlags.ANY));
                            unexpected.add(new AssertionError("an update of a frozen map succeeded"));
                        } catch (BpfException refused) {
                            if (refused.errno() != 1) {
                                unexpected.add(refused);
                            }
                        } catch (RejectedMapRequestException readOnly) {
                            // another writer's EPERM taught bpfjmx that the map is frozen: refused in Java
                        } catch (IllegalStateException closed) {
                            if (!closed.getMessage().endsWith(CLOSED)) {
                                unexpected.add(closed);
                            }
                        } catch (Throwable e) {
                            unexpected.add(e);
                        }
                    }));
                }
                await(start);
                spin(ThreadLocalRandom.current().nextInt(40_000));
                map.close();
                for (Thread thread : threads) {
                    thread.join();
                }
            } finally {
                LibBpfLibrary.libbpf().close(fd);
            }
        }
        assertThat(unexpected).isEmpty();
    }

    /** Every operation on every kind of map of an object, and of a map opened by id, racing the close. */
    @Test
    void everyOperationRacingACloseCompletesOrSaysClosed() throws Exception {
        ConcurrentLinkedQueue<Throwable> unexpected = new ConcurrentLinkedQueue<>();
        for (int round = 0; round < 40 && unexpected.isEmpty(); round++) {
            BpfObject object = BpfObject.load(BpfObjects.fixtures());
            BpfMap byId = BpfMap.openById(object.map("array_map").id());
            List<BpfMap> maps = List.of(object.map("hash_map"), object.map("percpu_hash"), object.map(".rodata"),
                    byId);
            AtomicBoolean running = new AtomicBoolean(true);
            List<Thread> threads = new ArrayList<>();
            for (BpfMap map : maps) {
                threads.add(start("ops-" + map.name(), () -> hammer(map, running, unexpected)));
            }
            Thread.sleep(ThreadLocalRandom.current().nextInt(1, 20));
            if (round % 2 == 0) {
                object.close();
                byId.close();
            } else {
                byId.close();
                object.close();
            }
            running.set(false);
            for (Thread thread : threads) {
                thread.join(10_000);
            }
        }
        assertThat(unexpected).isEmpty();
    }

    private static void hammer(BpfMap map, AtomicBoolean running, ConcurrentLinkedQueue<Throwable> unexpected) {
        boolean closed = false;
        for (int i = 0; !closed || running.get(); i++) {
            try {
                int key = i % 4;
                switch (i % 8) {
                    case 0 -> map.update(Le.u32(key), new byte[map.valueSize()], UpdateFlags.of(0));
                    case 1 -> map.lookup(Le.u32(key));
                    case 2 -> map.nextKey(Le.u32(key));
                    case 3 -> map.entries(16);
                    case 4 -> map.fd();
                    case 5 -> map.lookupBatch(8);
                    case 6 -> map.delete(Le.u32(key));
                    default -> map.updateBatch(Le.u32(key), new byte[map.valueSize()], UpdateFlags.of(0));
                }
            } catch (IllegalStateException e) {
                if (!e.getMessage().endsWith(CLOSED)) {
                    unexpected.add(e);
                }
                closed = true;
                if (!running.get()) {
                    return;
                }
            } catch (BpfException | RejectedMapRequestException expected) {
                // ENOENT, EINVAL (arrays do not delete), EPERM and read-only: the map's own answers
            } catch (Throwable e) {
                unexpected.add(e);
                return;
            }
        }
    }

    private static void freeze(int fd) {
        int result = NativeLibrary.getInstance(LibBpfLibrary.SYSTEM_NAME).getFunction("bpf_map_freeze")
                .invokeInt(new Object[] {fd});
        assertThat(result).as("bpf_map_freeze").isZero();
    }

    private static Thread start(String name, Runnable action) {
        Thread thread = new Thread(action, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void spin(long nanos) {
        long end = System.nanoTime() + nanos;
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }
    }
}
