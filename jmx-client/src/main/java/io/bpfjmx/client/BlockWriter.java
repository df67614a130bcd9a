package io.bpfjmx.client;

import java.io.IOException;
import java.io.Writer;

/**
 * Gathers the many small writes of a JSON writer (a character, a name, a value at a time) and hands them on in
 * blocks. Why: stdout's {@link java.io.PrintWriter} takes a lock and checks it is open on every write, then its
 * buffer again; a dump of 100,000 entries makes millions of such writes, and a profile of the CLI put a quarter
 * of its time there. Not for concurrent use; {@link #flush} hands on what is gathered.
 */
final class BlockWriter extends Writer {
    private final Writer out;
    private final char[] block = new char[8192];
    private int used;

    BlockWriter(Writer out) {
        this.out = out;
    }

    @Override
    public void write(int c) throws IOException {
        if (used == block.length) {
            handOn();
        }
        block[used++] = (char) c;
    }

    @Override
    public void write(String text, int offset, int length) throws IOException {
        if (length > block.length - used) {
            handOn();
            if (length > block.length) {
                out.write(text, offset, length);
                return;
            }
        }
        text.getChars(offset, offset + length, block, used);
        used += length;
    }

    @Override
    public void write(char[] chars, int offset, int length) throws IOException {
        if (length > block.length - used) {
            handOn();
            if (length > block.length) {
                out.write(chars, offset, length);
                return;
            }
        }
        System.arraycopy(chars, offset, block, used, length);
        used += length;
    }

    @Override
    public void flush() throws IOException {
        handOn();
        out.flush();
    }

    /** Hands on what is gathered, and flushes; stdout itself stays open. */
    @Override
    public void close() throws IOException {
        flush();
    }

    private void handOn() throws IOException {
        out.write(block, 0, used);
        used = 0;
    }
}
