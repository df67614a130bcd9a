package io.bpfjmx.agent;

import io.bpfjmx.libbpf.BpfMap;

/**
 * How much one JMX call may ask of the host: the entries a dump returns or a batch writes, and the length of a typed
 * (JSON) key or value. Whatever a client sends or asks for, one call builds at most this much in the host's heap;
 * a refusal names the bound and what to do instead.
 *
 * <ul>
 *   <li>Entries per call: at most {@value #ENTRIES_PER_CALL}, and at most {@value #BYTES_PER_CALL} bytes of keys and
 *       value buffers ({@code keySize + valueBufferSize} an entry; this binds only maps whose entries exceed 83 bytes,
 *       such as per-CPU maps on many CPUs). A dump row of a small map costs some 500 bytes of open data, so the
 *       largest dump is some 50 MB once, and 100,000 still dumps the common map sizes (10,240, 65,536) in one
 *       call. Asking for more than a map can hold is harmless: the bound refuses only what would exceed it.</li>
 *   <li>A typed key or value: at most 65,536 characters and 32 a byte of its buffer, room for any JSON of the
 *       type (member names, per-CPU lists, whitespace) but not for megabytes of padding.</li>
 * </ul>
 * Hex texts are bounded by {@link Hex#maxChars}.
 */
final class CallBounds {
    static final int ENTRIES_PER_CALL = 100_000;
    static final int BYTES_PER_CALL = 8 << 20;
    static final int JSON_SLACK_CHARS = 65_536;
    static final int JSON_CHARS_PER_BYTE = 32;
    private static final String PAGE = ": ask for fewer, or read the map page by page with dumpFrom";

    private CallBounds() {}

    /** The most entries one call may read or write on {@code map}. */
    static int perCall(BpfMap map) {
        return (int) Math.max(1, Math.min(ENTRIES_PER_CALL, BYTES_PER_CALL / entryBytes(map)));
    }

    /** {@code at most 100000 per call}, with why when the bytes bind first. */
    static String perCallText(BpfMap map) {
        int limit = perCall(map);
        return "at most " + limit + " per call" + (limit == ENTRIES_PER_CALL ? "" : " (" + (BYTES_PER_CALL >> 20)
                + " MiB of keys and value buffers a call, " + entryBytes(map) + " bytes an entry)");
    }

    private static long entryBytes(BpfMap map) {
        return (long) map.keySize() + map.layout().bufferSize();
    }

    /**
     * The entries a dump may read for {@code maxEntries}: refused below 1, and above {@link #perCall} when the map can
     * hold more than that.
     */
    static int dumpLimit(BpfMap map, int maxEntries) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries is " + maxEntries + "; expected 1 or more");
        }
        int limit = perCall(map);
        if (maxEntries > limit && map.maxEntries() > limit) {
            throw new IllegalArgumentException("maxEntries is " + maxEntries + " for map '" + map.name()
                    + "', which holds up to " + map.maxEntries() + "; " + perCallText(map) + PAGE);
        }
        return Math.min(maxEntries, limit);
    }

    /** Refuses a batch of more elements than {@link #perCall}. */
    static void checkBatch(BpfMap map, int elements) {
        if (elements > perCall(map)) {
            throw new IllegalArgumentException("updateBatch of " + elements + " elements for map '" + map.name()
                    + "': " + perCallText(map) + "; split them over several calls");
        }
    }

    /**
     * The typed key or value {@code text}, refused when it is longer than any JSON of {@code bytes} bytes needs.
     *
     * @param what          {@code key} or {@code value}
     * @param hexOperation  the hex operation that takes the same bytes, for the message ({@code updateElem}); null
     *                      where there is none (a program array's value)
     */
    static String json(String text, String what, BpfMap map, int bytes, String hexOperation) {
        long max = JSON_SLACK_CHARS + (long) JSON_CHARS_PER_BYTE * bytes;
        if (text != null && text.length() > max) {
            throw new IllegalArgumentException(what + " of map '" + map.name() + "' is " + text.length()
                    + " characters long, more than any JSON of " + bytes + " bytes needs (at most " + max
                    + " characters: " + JSON_CHARS_PER_BYTE + " a byte and " + JSON_SLACK_CHARS + " more); leave out "
                    + "the whitespace" + (hexOperation == null ? "" : ", or give the bytes as hex (" + hexOperation
                    + ")"));
        }
        return text;
    }
}
