package io.bpfjmx.libbpf.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * What a child process writes to its standard output (stderr too, when redirected there), collected line by line
 * on a daemon thread, for tests to wait on and to show when they fail.
 */
public final class ProcessOutput {
    private final StringBuilder text = new StringBuilder();
    /** Set when the process closed its output, normally by exiting. Guarded by {@code text}. */
    private boolean ended;

    private ProcessOutput() {}

    /** Starts collecting {@code process}'s output on a daemon thread named {@code threadName}. */
    public static ProcessOutput follow(Process process, String threadName) {
        ProcessOutput output = new ProcessOutput();
        Thread reader = new Thread(() -> output.read(process), threadName);
        reader.setDaemon(true);
        reader.start();
        return output;
    }

    /** Everything written so far. */
    public String text() {
        synchronized (text) {
            return text.toString();
        }
    }

    /**
     * Waits until the output contains {@code wanted}; gives up when the output ends without it or after
     * {@code timeout}.
     *
     * @return whether it came
     */
    public boolean await(String wanted, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (text) {
            while (text.indexOf(wanted) < 0) {
                long left = deadline - System.nanoTime();
                if (ended || left <= 0) {
                    return false;
                }
                text.wait(Math.max(1, left / 1_000_000));
            }
            return true;
        }
    }

    /** Waits until the process has closed its output, at most {@code timeout}; whether it has. */
    public boolean awaitEnd(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (text) {
            for (long left = timeout.toNanos(); !ended && left > 0; left = deadline - System.nanoTime()) {
                text.wait(Math.max(1, left / 1_000_000));
            }
            return ended;
        }
    }

    private void read(Process process) {
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                synchronized (text) {
                    text.append(line).append('\n');
                    text.notifyAll();
                }
            }
        } catch (IOException ignored) {
            // the process is gone
        } finally {
            synchronized (text) {
                ended = true;
                text.notifyAll();
            }
        }
    }
}
