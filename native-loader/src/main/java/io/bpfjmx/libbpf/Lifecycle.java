package io.bpfjmx.libbpf;

import java.util.concurrent.locks.StampedLock;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * Keeps native handles from being freed while a call is using them: calls run under a shared read stamp, and
 * closing takes the write lock, so an update racing a close fails cleanly instead of touching freed memory.
 *
 * <p>Everything that reads a handle (a libbpf pointer, or a file descriptor, which a close frees for reuse) does so
 * inside {@link #call} or {@link #get}, never after: a value read there is valid only until they return.
 *
 * <p>Lock order: this lock first, then any lock of the object's parts (a program's monitor); never the other way
 * round, since {@link #close} holds the write lock while it releases those parts.
 */
final class Lifecycle {
    private final String subject;
    private final StampedLock lock = new StampedLock();
    private volatile boolean closed;
    /**
     * Set before {@link #close} waits for the write lock: calls that come after it fail at once instead of taking
     * read stamps, so threads that keep calling (an attach loop) cannot starve the close of the lock, and the
     * JVM's shutdown hook always gets to close.
     */
    private volatile boolean closing;

    Lifecycle(String subject) {
        this.subject = subject;
    }

    /** Runs a native call unless closed; returns its result. */
    int call(IntSupplier nativeCall) {
        long stamp = lock.readLock();
        try {
            ensureOpen();
            return nativeCall.getAsInt();
        } finally {
            lock.unlockRead(stamp);
        }
    }

    /** Runs a native call unless closed; returns its result. */
    <T> T get(Supplier<T> nativeCall) {
        long stamp = lock.readLock();
        try {
            ensureOpen();
            return nativeCall.get();
        } finally {
            lock.unlockRead(stamp);
        }
    }

    /** Runs {@code action} unless closed, and says whether it ran: for work a close makes needless (a detach). */
    boolean runIfOpen(Runnable action) {
        long stamp = lock.readLock();
        try {
            if (closed || closing) {
                return false;
            }
            action.run();
            return true;
        } finally {
            lock.unlockRead(stamp);
        }
    }

    void ensureOpen() {
        if (closed || closing) {
            throw new IllegalStateException(subject + " is closed; reload its object to use it again");
        }
    }

    boolean isClosed() {
        return closed;
    }

    /** Runs {@code release} once, after every call in flight has finished; later calls do nothing. */
    void close(Runnable release) {
        closing = true;
        long stamp = lock.writeLock();
        try {
            if (!closed) {
                closed = true;
                release.run();
            }
        } finally {
            lock.unlockWrite(stamp);
        }
    }
}
