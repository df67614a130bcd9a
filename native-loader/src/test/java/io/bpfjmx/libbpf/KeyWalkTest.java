package io.bpfjmx.libbpf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.ConcurrentModificationException;
import java.util.List;
import java.util.Optional;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.Test;

/**
 * {@link KeyWalk} against a stand-in for the kernel's get-next-key: the key after one that exists, the first key
 * after one that does not. Deterministic: the "writer" acts exactly when the walk asks for the key after {@code k}.
 */
class KeyWalkTest {
    @Test
    void aCurrentKeyDeletedUnderTheWalkSendsItBackToTheStartWithoutRepeats() {
        OrderedKeys map = new OrderedKeys(10);
        map.beforeNext = key -> {
            if (key == 5) {
                map.keys.remove(Integer.valueOf(5));
            }
        };
        assertThat(walk(map, 100)).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        assertThat(map.steps).as("the restart re-walked 0..4").isEqualTo(11 + 5);
    }

    @Test
    void aKeyDeletedAndAddedAgainBehindTheWalkComesOnce() {
        OrderedKeys map = new OrderedKeys(6);
        map.beforeNext = key -> {
            if (key == 3) { // 1 moves to the end, as a hash map's re-added key may land after the walk
                map.keys.remove(Integer.valueOf(1));
                map.keys.add(1);
            }
        };
        assertThat(walk(map, 100)).containsExactly(0, 1, 2, 3, 4, 5);
    }

    @Test
    void theLimitCountsKeysNotSteps() {
        OrderedKeys map = new OrderedKeys(10);
        map.beforeNext = key -> {
            if (key == 2) {
                map.keys.remove(Integer.valueOf(2));
            }
        };
        assertThat(walk(map, 4)).containsExactly(0, 1, 2, 3);
        assertThat(walk(new OrderedKeys(3), 0)).isEmpty();
    }

    @Test
    void aWalkWhoseCurrentKeyIsAlwaysDeletedGivesUpInsteadOfRunningOn() {
        OrderedKeys map = new OrderedKeys(50);
        map.beforeNext = key -> map.keys.remove(Integer.valueOf(key)); // gone exactly while the kernel looks
        map.afterNext = key -> {
            if (key >= 0) {
                map.keys.add(key, key); // and back in its place
            }
        };
        assertThatThrownBy(() -> walk(map, 1000))
                .isInstanceOf(ConcurrentModificationException.class)
                .hasMessage("map 'stand-in' changed too fast to walk: keys were deleted under the walk until it had "
                        + "met 129 keys again (2 distinct keys met); read it again, or by lookupBatch, which a "
                        + "deletion cannot send back to the start");
        assertThat(map.steps).as("bounded by %d repeats per key met", KeyWalk.REPEATS_PER_KEY).isEqualTo(131);
    }

    private static List<Integer> walk(OrderedKeys map, int limit) {
        List<Integer> seen = new ArrayList<>();
        KeyWalk.walk("stand-in", limit, map::next, key -> seen.add(ByteBuffer.wrap(key).getInt()));
        return seen;
    }

    /** Keys in a list order; next(k) of a missing k answers the first key, as a hash map does. */
    private static final class OrderedKeys {
        final List<Integer> keys = new ArrayList<>();
        IntConsumer beforeNext = key -> { };
        IntConsumer afterNext = key -> { };
        int steps;

        OrderedKeys(int count) {
            for (int i = 0; i < count; i++) {
                keys.add(i);
            }
        }

        Optional<byte[]> next(byte[] key) {
            steps++;
            int current = key == null ? -1 : ByteBuffer.wrap(key).getInt();
            beforeNext.accept(current);
            int index = key == null ? 0 : keys.indexOf(current) < 0 ? 0 : keys.indexOf(current) + 1;
            Optional<byte[]> next = index < keys.size()
                    ? Optional.of(ByteBuffer.allocate(4).putInt(keys.get(index)).array()) : Optional.empty();
            afterNext.accept(current);
            return next;
        }
    }
}
