package io.bpfjmx.agent.audit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The audit file's lines, buffered, and its rotation by size: when a line would take the file past its size, the
 * file becomes {@code <file>.1}, {@code <file>.1} becomes {@code <file>.2}, and so on up to {@code <file>.<count-1>};
 * the oldest is dropped (with a count of 1, the file starts again empty). The file is continued where it ends, so a
 * restarted agent adds to it.
 *
 * <p>Counts the lines it accepted and those that reached the OS, so that the lines a failure cost are known
 * exactly ({@link #abandon}). Used by one thread only (the audit's writer); {@link #written} may be read by others.
 */
final class RotatingFile {
    static final int BUFFER_BYTES = 64 * 1024;

    private final Path path;
    private final long maxBytes;
    private final int count;
    private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER_BYTES);
    /** Open from the first line on; null before it and after a failure (the next line opens it again). */
    private FileChannel channel;
    /** The bytes of the current file that reached the OS: where a failed write's fragment is cut off. */
    private long size;
    private int buffered;
    private long accepted;
    private volatile long written;

    /**
     * @param maxBytes the size at which the file rotates (a line longer than that gets a file of its own)
     * @param count the files kept, the current one included: at least 1
     */
    RotatingFile(Path path, long maxBytes, int count) {
        this.path = path;
        this.maxBytes = maxBytes;
        this.count = count;
    }

    /**
     * Takes one line, the first {@code length} bytes of {@code line}, its end included; writes the buffer first when
     * the line does not fit in it.
     */
    void append(byte[] line, int length) throws IOException {
        accepted++;
        if (channel == null) {
            open();
        }
        long end = size + buffer.position();
        if (end > 0 && end + length > maxBytes) {
            flush();
            rotate();
        }
        if (length > buffer.remaining()) {
            flush();
        }
        if (length > buffer.capacity()) {
            writeFully(ByteBuffer.wrap(line, 0, length));
            size += length;
            written++;
        } else {
            buffer.put(line, 0, length);
            buffered++;
        }
    }

    /** Hands the buffered lines to the OS (not to the disk: no fsync, see RELIABILITY.md). */
    void flush() throws IOException {
        if (buffered == 0) {
            return;
        }
        buffer.flip();
        int bytes = buffer.remaining();
        writeFully(buffer);
        buffer.clear();
        size += bytes;
        written += buffered;
        buffered = 0;
    }

    /**
     * After a failure: drops the lines not written, cuts off what a failed write left of a line, and closes the file
     * (the next line opens it again).
     *
     * @return the lines accepted that did not reach the OS, now lost
     */
    long abandon() {
        long lost = accepted - written;
        accepted = written;
        buffer.clear();
        buffered = 0;
        if (channel != null) {
            try {
                channel.truncate(size);
            } catch (IOException e) {
                // the fragment of a line stays; the next lines still start on lines of their own after it
            }
            closeQuietly();
        }
        return lost;
    }

    /** Flushes and closes; a later line opens the file again. */
    void close() throws IOException {
        flush();
        if (channel != null) {
            FileChannel open = channel;
            channel = null;
            open.close();
        }
    }

    /** The lines that reached the OS since this was made. */
    long written() {
        return written;
    }

    /** {@code <file>.<n>}: the n-th newest rotated file. */
    Path rotated(int n) {
        return path.resolveSibling(path.getFileName() + "." + n);
    }

    private void open() throws IOException {
        // READ, to look at the last byte; not APPEND, which cannot go with READ: this is the only writer
        channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
        size = channel.size();
        channel.position(size);
        if (size > 0 && !endsWithNewline()) {
            // a line cut off before (the agent killed while writing it): the next starts on a line of its own
            writeFully(ByteBuffer.wrap(new byte[] {'\n'}));
            size++;
        }
    }

    private boolean endsWithNewline() throws IOException {
        ByteBuffer last = ByteBuffer.allocate(1);
        channel.read(last, size - 1);
        return last.get(0) == '\n';
    }

    private void rotate() throws IOException {
        closeQuietly();
        if (count == 1) {
            Files.deleteIfExists(path);
        }
        for (int n = count - 1; n >= 1; n--) {
            Path from = n == 1 ? path : rotated(n - 1);
            if (Files.exists(from)) {
                Files.move(from, rotated(n), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        open();
    }

    private void writeFully(ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
    }

    private void closeQuietly() {
        try {
            channel.close();
        } catch (IOException e) {
            // closing an fd we only wrote through: nothing left to lose
        } finally {
            channel = null;
        }
    }
}
