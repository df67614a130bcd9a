package io.bpfjmx.libbpf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bpfjmx.libbpf.testing.BpfObjects;
import io.bpfjmx.libbpf.testing.Bpftool;
import io.bpfjmx.libbpf.testing.Le;
import io.bpfjmx.libbpf.testing.RequiresBpf;
import java.util.HexFormat;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Queues, stacks and bloom filters (no keys: push, pop, peek) and ring buffers and perf event arrays (no elements
 * for map operations) against the kernel, with bpftool as the independent reader.
 */
@RequiresBpf
class KeylessMapsTest {
    private static BpfObject object;

    @BeforeAll
    static void load() {
        object = BpfObject.load(BpfObjects.keyless());
    }

    @AfterAll
    static void close() {
        object.close();
    }

    @Test
    void describesTheMapsAsTheKernelCreatedThem() {
        assertShape("queue", MapType.QUEUE, 0, 8, 4);
        assertShape("stack", MapType.STACK, 0, 8, 4);
        assertShape("bloom", MapType.BLOOM_FILTER, 0, 4, 64);
        assertShape("ringbuf", MapType.RINGBUF, 0, 0, 4096);
        assertShape("events", MapType.PERF_EVENT_ARRAY, 4, 4, PossibleCpus.count());
        assertThat(object.maps()).noneMatch(BpfMap::hasKeys);
    }

    @Test
    void aQueueGivesItsValuesBackOldestFirst() throws Exception {
        BpfMap queue = object.map("queue");
        for (long value = 1; value <= 4; value++) {
            queue.push(Le.u64(value), UpdateFlags.of(UpdateFlags.ANY));
        }
        assertThat(Bpftool.keylessValue("peek", queue.id())).isEqualTo(hex(Le.u64(1)));
        assertThatThrownBy(() -> queue.push(Le.u64(5), UpdateFlags.of(UpdateFlags.ANY)))
                .isInstanceOf(BpfException.class)
                .hasMessage("push of map 'queue' failed: E2BIG (the queue or stack is full; push with flags EXIST (2) "
                        + "to drop its oldest value instead)");
        queue.push(Le.u64(5), UpdateFlags.of(UpdateFlags.EXIST)); // drops 1
        assertThat(queue.peek()).hasValueSatisfying(value -> assertThat(Le.readU64(value, 0)).isEqualTo(2));
        for (long expected = 2; expected <= 5; expected++) {
            assertThat(queue.pop()).hasValue(Le.u64(expected));
        }
        assertThat(queue.pop()).isEmpty();
        assertThat(queue.peek()).isEmpty();
        Bpftool.push(queue.id(), Le.u64(42)); // written by another program
        assertThat(queue.pop()).hasValueSatisfying(value -> assertThat(Le.readU64(value, 0)).isEqualTo(42));
        assertThat(Bpftool.keylessValue("peek", queue.id())).as("empty again, as bpftool sees it").isEmpty();
    }

    @Test
    void aStackGivesItsValuesBackNewestFirst() throws Exception {
        BpfMap stack = object.map("stack");
        stack.push(Le.u64(1), UpdateFlags.of(0));
        stack.push(Le.u64(2), UpdateFlags.of(0));
        assertThat(Bpftool.keylessValue("peek", stack.id())).isEqualTo(hex(Le.u64(2)));
        assertThat(stack.peek()).hasValueSatisfying(value -> assertThat(Le.readU64(value, 0)).isEqualTo(2));
        assertThat(stack.pop()).hasValueSatisfying(value -> assertThat(Le.readU64(value, 0)).isEqualTo(2));
        assertThat(Bpftool.keylessValue("pop", stack.id())).isEqualTo(hex(Le.u64(1)));
        assertThat(stack.pop()).isEmpty();
    }

    @Test
    void aBloomFilterAnswersWhetherItMayHoldAValue() throws Exception {
        BpfMap bloom = object.map("bloom");
        assertThat(bloom.peek(Le.u32(7))).isFalse();
        bloom.push(Le.u32(7), UpdateFlags.of(UpdateFlags.ANY));
        Bpftool.push(bloom.id(), Le.u32(9));
        assertThat(bloom.peek(Le.u32(7))).isTrue();
        assertThat(bloom.peek(Le.u32(9))).isTrue();
        // 2 values in 512 bits with 5 hashes: a false positive here has odds of about 1 in 10^8
        assertThat(bloom.peek(Le.u32(123_456))).isFalse();
    }

    @Test
    void pushChecksTheValueSizeAndTheFlagsEachTypeTakes() {
        assertThatThrownBy(() -> object.map("queue").push(Le.u32(1), UpdateFlags.of(0)))
                .isInstanceOf(RejectedMapRequestException.class)
                .hasMessage("value of 4 bytes for map 'queue': expected 8 bytes (the map's value size)");
        assertRefused(() -> object.map("stack").push(Le.u64(1), UpdateFlags.of(UpdateFlags.NOEXIST)),
                RejectedMapRequestException.Reason.FLAGS, "flags NOEXIST for a push to map 'stack': a STACK takes "
                        + "ANY (0), or EXIST (2) to drop its oldest value when it is full instead of failing with "
                        + "E2BIG");
        assertRefused(() -> object.map("queue").push(Le.u64(1), UpdateFlags.of(UpdateFlags.F_LOCK)),
                RejectedMapRequestException.Reason.FLAGS, "flags ANY|F_LOCK for a push to map 'queue': a QUEUE "
                        + "takes ANY (0), or EXIST (2) to drop its oldest value when it is full instead of failing "
                        + "with E2BIG");
        assertRefused(() -> object.map("bloom").push(Le.u32(1), UpdateFlags.of(UpdateFlags.EXIST)),
                RejectedMapRequestException.Reason.FLAGS, "flags EXIST for a push to map 'bloom': a BLOOM_FILTER "
                        + "takes only ANY (0)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"queue", "stack", "bloom", "ringbuf", "events"})
    void keyBasedOperationsAreRefusedSayingWhatToUse(String name) {
        BpfMap map = object.map(name);
        byte[] key = new byte[map.keySize()];
        byte[] value = new byte[map.valueSize()];
        String why = switch (name) {
            case "queue" -> "a QUEUE has no keys (its key size is 0); use push(value, flags) to add a value, pop() "
                    + "to take the oldest one and peek() to read it without taking it";
            case "stack" -> "a STACK has no keys (its key size is 0); use push(value, flags) to add a value, pop() "
                    + "to take the newest one and peek() to read it without taking it";
            case "bloom" -> "a BLOOM_FILTER has no keys and gives no values back; use push(value, flags) to add a "
                    + "value and peek(value) to ask whether it may hold one";
            case "ringbuf" -> "a RINGBUF (ring buffer) carries records from BPF programs to a consumer and has no "
                    + "elements for map operations; read its records with a ring buffer consumer (libbpf's "
                    + "ring_buffer__new and ring_buffer__poll): bpfjmx does not consume ring buffers";
            default -> "a PERF_EVENT_ARRAY holds one perf event per CPU, through which BPF programs send records, "
                    + "and no values for map operations; read the records with a perf buffer (libbpf's "
                    + "perf_buffer__new and perf_buffer__poll): bpfjmx does not consume perf buffers";
        };
        assertRefused(() -> map.update(key, value, UpdateFlags.of(0)), "update of map '" + name + "' refused: " + why);
        assertRefused(() -> map.lookup(key), "lookup of map '" + name + "' refused: " + why);
        assertRefused(() -> map.delete(key), "delete of map '" + name + "' refused: " + why);
        assertRefused(() -> map.nextKey(null), "get next key of map '" + name + "' refused: " + why);
        assertRefused(() -> map.entries(10), "walk of the entries of map '" + name + "' refused: " + why);
        assertRefused(() -> map.keys(10), "walk of the keys of map '" + name + "' refused: " + why);
        assertRefused(() -> map.lookupBatch(10), "batch lookup of map '" + name + "' refused: " + why);
        assertRefused(() -> map.updateBatch(key, value, UpdateFlags.of(0)),
                "batch update of map '" + name + "' refused: " + why);
    }

    @Test
    void pushPopAndPeekAreRefusedWhereTheyDoNotFit() {
        BpfMap ringbuf = object.map("ringbuf");
        assertRefused(() -> ringbuf.push(new byte[0], UpdateFlags.of(0)), "push of map 'ringbuf' refused: a RINGBUF "
                + "(ring buffer) carries records from BPF programs to a consumer and has no elements for map "
                + "operations; read its records with a ring buffer consumer (libbpf's ring_buffer__new and "
                + "ring_buffer__poll): bpfjmx does not consume ring buffers");
        assertRefused(() -> object.map("events").pop(), "pop of map 'events' refused: a PERF_EVENT_ARRAY holds one "
                + "perf event per CPU, through which BPF programs send records, and no values for map operations; "
                + "read the records with a perf buffer (libbpf's perf_buffer__new and perf_buffer__poll): bpfjmx does "
                + "not consume perf buffers");
        assertRefused(() -> object.map("bloom").pop(), "pop of map 'bloom' refused: a BLOOM_FILTER gives no values "
                + "back; use peek(value) to ask whether it may hold a value");
        assertRefused(() -> object.map("bloom").peek(), "peek of map 'bloom' refused: a BLOOM_FILTER gives no values "
                + "back; use peek(value) to ask whether it may hold a value");
        assertRefused(() -> object.map("queue").peek(Le.u64(1)), "peek(value) of map 'queue' refused: peek with a "
                + "value asks a BLOOM_FILTER whether it may hold the value; a QUEUE's peek() takes no value and "
                + "returns its oldest one");
        try (BpfObject fixtures = BpfObject.load(BpfObjects.fixtures())) {
            BpfMap hash = fixtures.map("hash_map");
            assertRefused(() -> hash.push(Le.u64(1), UpdateFlags.of(0)), "push of map 'hash_map' refused: push, pop "
                    + "and peek are for QUEUE, STACK and BLOOM_FILTER maps, and a HASH has keys; use update(key, "
                    + "value, flags)");
            assertRefused(hash::pop, "pop of map 'hash_map' refused: pop and peek() are for QUEUE and STACK maps, "
                    + "and a HASH has keys; use lookup(key) and delete(key)");
            assertRefused(() -> hash.peek(Le.u64(1)), "peek(value) of map 'hash_map' refused: peek with a value asks "
                    + "a BLOOM_FILTER whether it may hold the value; a HASH has keys: use lookup(key)");
            assertThat(hash.hasKeys()).isTrue();
        }
    }

    @Test
    void aQueueOpenedByIdPushesAndPopsThroughItsDescriptor() {
        BpfMap queue = object.map("queue");
        try (BpfMap byId = BpfMap.openById(queue.id())) {
            assertThat(byId.type()).isEqualTo(MapType.QUEUE);
            assertThat(byId.hasKeys()).isFalse();
            byId.push(Le.u64(11), UpdateFlags.of(0));
            queue.push(Le.u64(12), UpdateFlags.of(0));
            assertThat(byId.peek()).hasValueSatisfying(value -> assertThat(Le.readU64(value, 0)).isEqualTo(11));
            assertThat(byId.pop()).hasValueSatisfying(value -> assertThat(Le.readU64(value, 0)).isEqualTo(11));
            assertThat(byId.pop()).hasValueSatisfying(value -> assertThat(Le.readU64(value, 0)).isEqualTo(12));
            assertThat(byId.pop()).isEmpty();
        }
    }

    @Test
    void aClosedQueueRefusesCleanly() {
        BpfObject closed = BpfObject.load(BpfObjects.keyless());
        BpfMap queue = closed.map("queue");
        closed.close();
        assertThatThrownBy(() -> queue.push(Le.u64(1), UpdateFlags.of(0)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("object 'keyless' is closed; reload its object to use it again");
        assertThatThrownBy(queue::pop).isInstanceOf(IllegalStateException.class);
    }

    private static void assertShape(String name, MapType type, int keySize, int valueSize, int maxEntries) {
        BpfMap map = object.map(name);
        assertThat(map.type()).as(name).isEqualTo(type);
        assertThat(map.keySize()).as(name + " key size").isEqualTo(keySize);
        assertThat(map.valueSize()).as(name + " value size").isEqualTo(valueSize);
        assertThat(map.maxEntries()).as(name + " max entries").isEqualTo(maxEntries);
    }

    private static void assertRefused(ThrowingCallable call, String message) {
        assertRefused(call, RejectedMapRequestException.Reason.MAP_TYPE, message);
    }

    private static void assertRefused(ThrowingCallable call, RejectedMapRequestException.Reason reason,
                                      String message) {
        assertThatThrownBy(call).isInstanceOf(RejectedMapRequestException.class).hasMessage(message)
                .satisfies(e -> assertThat(((RejectedMapRequestException) e).reason()).isEqualTo(reason));
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
