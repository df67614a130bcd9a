package io.bpfjmx.agent.audit;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.ToDoubleFunction;
import java.util.logging.Logger;

/**
 * The audit to a file of the agent's own (agent option {@code auditFile}): callers queue their records, and one
 * daemon thread writes them, each line {@code <UTC time, ISO-8601, ms> <record>}, e.g. {@code
 * 2025-05-01T12:00:00.123Z principal=ops object=fixtures map=hash_map operation=update … outcome=success
 * reason=none}. The file rotates by size ({@link RotatingFile}).
 *
 * <p>The caller's thread only takes the time and queues the record, unformatted: it never waits for the writer nor
 * for the disk, and shares with it only the queue's head, which the writer takes whole (one atomic swap for all
 * the records queued since its last round), and a count of the characters it took, written once a round. The
 * writer formats the records into a buffer of its own. When the queue holds {@value #QUEUE_LIMIT_CHARS}
 * characters of records (the writer kept off the CPU, or the disk slow), a record is dropped rather than waited
 * for, and counted. Records reach the OS (not the disk: no fsync) when the
 * queue has been empty for about {@value #ROUND_MILLIS} ms, and at least every {@value #MAX_FLUSH_DELAY_MILLIS} ms
 * under a steady stream. After {@value #IDLE_ROUNDS} empty rounds the writer sleeps until the next record wakes it.
 *
 * <p>A failure to write (a full disk, a removed folder) loses the records not yet written, which are counted; the
 * writer goes on, trying the file again with the next record, and {@link #trouble} says so until a write succeeds.
 * {@link #close} writes what is queued, for the agent's shutdown hook (a SIGTERM included).
 *
 * <p>Meters: {@code bpfjmx.audit.records} (counter) tagged {@code file}, {@code outcome} ({@code written} or
 * {@code dropped}) and {@code reason} ({@code none}; for drops {@code queue_full}, {@code cannot_write}, or
 * {@code closed}: written after the agent's shutdown closed the file).
 */
final class AuditFile implements AuditTrail {
    static final String RECORDS = "bpfjmx.audit.records";
    /** The text queued, at most, in characters (bytes for these ASCII records): past it records are dropped. */
    static final long QUEUE_LIMIT_CHARS = 8L << 20;
    static final long ROUND_MILLIS = 1;
    static final long MAX_FLUSH_DELAY_MILLIS = 5;
    static final int IDLE_ROUNDS = 100;
    private static final long ROUND_NANOS = TimeUnit.MILLISECONDS.toNanos(ROUND_MILLIS);
    private static final long MAX_FLUSH_DELAY_NANOS = TimeUnit.MILLISECONDS.toNanos(MAX_FLUSH_DELAY_MILLIS);
    /** A sleeping writer wakes this often anyway: a safety net, not the path records take. */
    private static final long SLEEP_NANOS = TimeUnit.SECONDS.toNanos(1);
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);
    private static final Logger LOG = Logger.getLogger(AuditFile.class.getName());

    /** A record queued: a node of the stack the callers push on, which the writer takes whole. */
    private static final class Entry {
        private final long millis;
        private final AuditRecord record;
        private final int size;
        /** The entry queued before this one; set before this one is published. */
        private Entry next;

        Entry(long millis, AuditRecord record, int size) {
            this.millis = millis;
            this.record = record;
            this.size = size;
        }
    }

    private final Path path;
    private final RotatingFile file;
    /** The newest record queued; the writer swaps it for null and writes what hangs from it, oldest first. */
    private final AtomicReference<Entry> queue = new AtomicReference<>();
    /** Characters of the records ever queued: added to by callers only. */
    private final AtomicLong queuedChars = new AtomicLong();
    /** Characters of the records the writer has written or dropped: written by the writer only, once a round. */
    private volatile long takenChars;
    /** The writer's: a record's line, then its bytes. */
    private final StringBuilder line = new StringBuilder(512);
    private byte[] bytes = new byte[512];
    private final LongAdder droppedQueueFull = new LongAdder();
    private final LongAdder droppedClosed = new LongAdder();
    /** Written by the writer thread only. */
    private volatile long droppedCannotWrite;
    /** Set when the writer sleeps: the next record wakes it. */
    private volatile boolean asleep;
    private volatile boolean closing;
    /** {@code cannot write since <time>: <why>} while writes fail; null otherwise. */
    private volatile String failure;
    private long writtenAtFailure;
    /** The time of the last record written, formatted: records of the same millisecond share it. */
    private long lastMillis = -1;
    private String lastTime;
    /** The time the queue was first found full, until the writer empties it; null otherwise. */
    private volatile String fullSince;
    private final Thread writer;
    /** Until the writer registers the meters with the first record; null after, or for none. */
    private MeterRegistry unregistered;

    /**
     * Starts the writer; the file is opened with the first record, so a file that cannot be written shows with it.
     *
     * @param registry where the meters go, once the first record comes; null for none
     */
    AuditFile(Path path, long maxBytes, int count, MeterRegistry registry) {
        this.path = path;
        this.file = new RotatingFile(path, maxBytes, count);
        this.unregistered = registry;
        writer = new Thread(this::run, "bpfjmx-audit-writer");
        writer.setDaemon(true);
        writer.start();
    }

    /**
     * On the writer thread, with the first record: the first write comes after the object is READY, once the agent's
     * JMX registry has joined the composite, which would otherwise warn that it missed meters registered before it.
     */
    private void registerMeters() {
        MeterRegistry registry = unregistered;
        unregistered = null;
        register(registry, "written", "none", f -> f.file.written());
        register(registry, "dropped", "queue_full", f -> f.droppedQueueFull.sum());
        register(registry, "dropped", "cannot_write", f -> f.droppedCannotWrite);
        register(registry, "dropped", "closed", f -> f.droppedClosed.sum());
    }

    private void register(MeterRegistry registry, String outcome, String reason, ToDoubleFunction<AuditFile> count) {
        FunctionCounter.builder(RECORDS, this, count)
                .description("Audit records of bpfjmx's audit file: written (handed to the OS), or dropped, and why")
                .tags("file", path.toString(), "outcome", outcome, "reason", reason)
                .register(registry);
    }

    @Override
    public void write(AuditRecord record) {
        if (closing) {
            droppedClosed.increment();
            return;
        }
        int size = record.size();
        if (queuedChars.addAndGet(size) - takenChars > QUEUE_LIMIT_CHARS) {
            queuedChars.addAndGet(-size);
            droppedQueueFull.increment();
            if (fullSince == null) {
                fullSince = TIME.format(Instant.now());
            }
            return;
        }
        Entry entry = new Entry(System.currentTimeMillis(), record, size);
        Entry newest;
        do {
            newest = queue.get();
            entry.next = newest;
        } while (!queue.compareAndSet(newest, entry));
        if (asleep) {
            asleep = false;
            LockSupport.unpark(writer);
        }
    }

    @Override
    public String trouble() {
        String failing = failure;
        String full = fullSince;
        if (failing == null && full == null) {
            return "";
        }
        return "audit file " + path + ": " + (failing != null ? failing : "queue full since " + full) + "; "
                + lost() + " records lost since the agent started";
    }

    /** Records dropped so far, for whatever reason. */
    long lost() {
        return droppedQueueFull.sum() + droppedCannotWrite + droppedClosed.sum();
    }

    /** Records handed to the OS so far. */
    long written() {
        return file.written();
    }

    /**
     * Writes what is queued, flushes and closes the file, waiting at most until {@code deadline} ({@link
     * System#nanoTime}); records that come later are dropped (reason {@code closed}).
     *
     * @return whether the writer finished in time
     */
    boolean close(long deadline) throws InterruptedException {
        closing = true;
        LockSupport.unpark(writer);
        long left = deadline - System.nanoTime();
        if (left > 0) {
            TimeUnit.NANOSECONDS.timedJoin(writer, left);
        }
        if (writer.isAlive()) {
            return false;
        }
        for (Entry late = queue.getAndSet(null); late != null; late = late.next) {
            droppedClosed.increment(); // queued by a caller that saw the file open just before it closed
        }
        return true;
    }

    private void run() {
        int idleRounds = 0;
        long lastFlush = System.nanoTime();
        while (true) {
            boolean wrote = drain();
            long now = System.nanoTime();
            if (!wrote || now - lastFlush >= MAX_FLUSH_DELAY_NANOS) {
                flush(); // nothing came for a round, or a steady stream: to the OS
                lastFlush = now;
            }
            if (closing && queue.get() == null) {
                closeFile();
                return;
            }
            idleRounds = wrote ? 0 : idleRounds + 1;
            if (idleRounds < IDLE_ROUNDS) {
                LockSupport.parkNanos(this, ROUND_NANOS);
            } else {
                asleep = true; // then look again: a record queued before this was set would not wake us
                if (queue.get() == null && !closing) {
                    LockSupport.parkNanos(this, SLEEP_NANOS);
                }
                asleep = false;
            }
        }
    }

    /** Writes every record queued; whether there was any. */
    private boolean drain() {
        Entry oldest = oldestFirst(queue.getAndSet(null));
        boolean any = oldest != null;
        if (any && unregistered != null) {
            registerMeters();
        }
        long taken = 0;
        for (Entry entry = oldest; entry != null; entry = entry.next) {
            taken += entry.size;
            if (entry.millis != lastMillis) {
                lastMillis = entry.millis;
                lastTime = TIME.format(Instant.ofEpochMilli(entry.millis));
            }
            try {
                line.setLength(0);
                line.append(lastTime).append(' ');
                entry.record.appendTo(line);
                line.append('\n');
                appendLine();
                recovered();
            } catch (IOException | RuntimeException e) {
                failed(e);
            }
        }
        if (any) {
            takenChars += taken; // once a round: the callers read it, and only this thread writes it
        }
        if (!any && fullSince != null) {
            LOG.warning("bpfjmx: the audit file " + path + " takes records again after its queue was full since "
                    + fullSince + "; " + lost() + " records lost since the agent started (meter " + RECORDS + ")");
            fullSince = null;
        }
        return any;
    }

    /** The stack of entries reversed, so that records are written in the order they came. */
    private static Entry oldestFirst(Entry newest) {
        Entry oldest = null;
        while (newest != null) {
            Entry next = newest.next;
            newest.next = oldest;
            oldest = newest;
            newest = next;
        }
        return oldest;
    }

    /**
     * Appends {@link #line} as UTF-8, through {@link #bytes}, reused from one record to the next: a line is ASCII
     * (the audit quotes and escapes anything else), so it is copied byte by byte; the rare other line goes through a
     * String.
     */
    private void appendLine() throws IOException {
        int length = line.length();
        if (bytes.length < length) {
            bytes = new byte[Math.max(length, 2 * bytes.length)];
        }
        for (int i = 0; i < length; i++) {
            char c = line.charAt(i);
            if (c >= 0x80) {
                byte[] utf8 = line.toString().getBytes(StandardCharsets.UTF_8);
                file.append(utf8, utf8.length);
                return;
            }
            bytes[i] = (byte) c;
        }
        file.append(bytes, length);
    }

    private void flush() {
        try {
            file.flush();
            recovered();
        } catch (IOException | RuntimeException e) {
            failed(e);
        }
    }

    private void closeFile() {
        try {
            file.close();
        } catch (IOException | RuntimeException e) {
            failed(e);
        }
    }

    /** A write failed: the records not written are lost; the next record tries the file again. */
    private void failed(Exception e) {
        droppedCannotWrite += file.abandon();
        if (failure == null) {
            writtenAtFailure = file.written();
            failure = "cannot write since " + TIME.format(Instant.now()) + ": " + reason(e);
            LOG.warning("bpfjmx: the audit file " + path + " " + failure + "; records are lost until it can be "
                    + "written again (meter " + RECORDS + ", the objects' Status)");
        }
    }

    private void recovered() {
        if (failure != null && file.written() > writtenAtFailure) {
            LOG.warning("bpfjmx: the audit file " + path + " is written again after it " + failure + "; " + lost()
                    + " records lost since the agent started");
            failure = null;
        }
    }

    private static String reason(Exception e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
