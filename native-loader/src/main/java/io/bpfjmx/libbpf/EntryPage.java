package io.bpfjmx.libbpf;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One page of a map's entries ({@link BpfMap#page}), and where the next page starts: {@link #next()}, the cursor to
 * hand back for it, or null after the map's last page.
 *
 * <p>The page keeps its entries as the kernel's batch reads left them: the keys end to end in one array, the value
 * buffers in another, and hands them out in place ({@link #key}, {@link #value}) or copied ({@link #entries}). Why:
 * a page of 100,000 entries as {@link MapEntry} objects is 300,000 small objects on the heap that a caller, which
 * formats them at once (the agent's {@code dumpFrom}: hex text), drops right after; on a JVM whose heap is still
 * growing, memory first touched costs a page fault a 4 KiB, and those faults were most of a page's time.
 */
public final class EntryPage {
    /** Reads bytes in place: {@code length} of them from {@code offset} in {@code bytes}, which it must not keep. */
    public interface Bytes<R> {
        R read(byte[] bytes, int offset, int length);
    }

    private final byte[] keys;
    private final byte[] values;
    private final int size;
    private final int keySize;
    private final int valueSize;
    private final byte[] next;

    /**
     * @param keys      {@code size} keys of {@code keySize} bytes end to end (more room after them is ignored)
     * @param values    their value buffers, {@code valueSize} bytes each, end to end
     */
    EntryPage(byte[] keys, int keySize, byte[] values, int valueSize, int size, byte[] next) {
        this.keys = keys;
        this.values = values;
        this.size = size;
        this.keySize = keySize;
        this.valueSize = valueSize;
        this.next = next;
    }

    /** A page of entries read one at a time (a map type without batch reads). */
    static EntryPage of(List<MapEntry> entries, int keySize, int valueSize, byte[] next) {
        byte[] keys = new byte[entries.size() * keySize];
        byte[] values = new byte[entries.size() * valueSize];
        for (int i = 0; i < entries.size(); i++) {
            System.arraycopy(entries.get(i).key(), 0, keys, i * keySize, keySize);
            System.arraycopy(entries.get(i).value(), 0, values, i * valueSize, valueSize);
        }
        return new EntryPage(keys, keySize, values, valueSize, entries.size(), next);
    }

    /** The number of entries in the page. */
    public int size() {
        return size;
    }

    /** Entry {@code index}'s key, read in place by {@code read}. */
    public <R> R key(int index, Bytes<R> read) {
        return read.read(keys, Objects.checkIndex(index, size) * keySize, keySize);
    }

    /** Entry {@code index}'s value buffer (per-CPU maps: every CPU's slot), read in place by {@code read}. */
    public <R> R value(int index, Bytes<R> read) {
        return read.read(values, Objects.checkIndex(index, size) * valueSize, valueSize);
    }

    /** The entries, each key and value buffer copied out as it is got. */
    public List<MapEntry> entries() {
        return new AbstractList<>() {
            @Override
            public MapEntry get(int index) {
                return new MapEntry(key(index, EntryPage::copy), value(index, EntryPage::copy));
            }

            @Override
            public int size() {
                return size;
            }
        };
    }

    private static byte[] copy(byte[] bytes, int offset, int length) {
        return Arrays.copyOfRange(bytes, offset, offset + length);
    }

    /** The cursor of the next page; null after the map's last page. */
    public byte[] next() {
        return next;
    }
}
