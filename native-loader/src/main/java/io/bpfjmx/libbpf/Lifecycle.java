package io.bpfjmx.libbpf;

import java.util.concurrent.locks.StampedLock;
import java.util.function.IntSupplier;

/**
 * Keeps native handles from being freed while a call is using them: calls run under a shared read stamp, and
 * closing takes the write lock, so an update racing a close fails cleanly instead of touching freed memory.
 */
final class Lifecycle {
    private final String subject;
    private final StampedLock lock = new StampedLock();
    private volatile boolean closed;

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

    void ensureOpen() {
        if (closed) {
            throw new IllegalStateException(subject + " is closed; reload its object to use it again");
        }
    }

    boolean isClosed() {
        return closed;
    }

    /** Runs {@code release} once, after every call in flight has finished; later calls do nothing. */
    void close(Runnable release) {
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
