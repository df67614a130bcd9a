package io.bpfjmx.libbpf;

import java.nio.ByteBuffer;
import java.util.ConcurrentModificationException;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A walk over a map's keys with get-next-key that stays sound while the map changes under it.
 *
 * <p>Why: the kernel finds the key after a given one by finding that key first. When it was deleted meanwhile, a
 * hash map (an LRU hash, an LPM trie, a sockhash…) answers with its first key, and the walk starts over; a hash
 * map also moves an element it updates to the head of its bucket, so a walk standing on it meets the bucket's
 * earlier keys again. Either way keys would come twice. The walk remembers the keys it has met and passes over
 * them: memory for one key per key met, bounded by the limit plus the keys that vanished as the walk met them.
 *
 * <p>What it guarantees: no key twice; every key that is in the map for the whole walk, unless the limit ends the
 * walk first; a key added or deleted meanwhile may or may not be met. A walk whose current key is deleted under it
 * again and again cannot reach the end of the map: once it has met {@value #REPEATS_PER_KEY} keys again for every
 * key it met, it gives up with a {@link ConcurrentModificationException} rather than run on.
 */
final class KeyWalk {
    static final int REPEATS_PER_KEY = 64;

    /** One step: the key after {@code key} (the first key when null); empty at the end of the map. */
    interface Step {
        Optional<byte[]> next(byte[] key);
    }

    private KeyWalk() {}

    /**
     * Walks the keys, handing each key met for the first time to {@code visit}, until {@code limit} of them were
     * counted ({@code visit} returns whether a key counts: false for one that vanished before it could be read)
     * or the map ends.
     */
    static void walk(String mapName, int limit, Step step, Predicate<byte[]> visit) {
        if (limit <= 0) {
            return;
        }
        Set<ByteBuffer> met = new HashSet<>();
        long repeats = 0;
        int counted = 0;
        for (Optional<byte[]> key = step.next(null); key.isPresent(); key = step.next(key.get())) {
            byte[] current = key.get();
            if (met.add(ByteBuffer.wrap(current))) {
                if (visit.test(current) && ++counted >= limit) {
                    return;
                }
            } else if (++repeats > (long) REPEATS_PER_KEY * met.size()) {
                throw new ConcurrentModificationException("map '" + mapName + "' changed too fast to walk: keys "
                        + "were deleted under the walk until it had met " + repeats + " keys again (" + met.size()
                        + " distinct keys met); read it again, or by lookupBatch, which a deletion cannot send back "
                        + "to the start");
            }
        }
    }
}
