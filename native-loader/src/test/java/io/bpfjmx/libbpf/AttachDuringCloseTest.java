package io.bpfjmx.libbpf;

import static org.assertj.core.api.Assertions.assertThat;

import io.bpfjmx.libbpf.testing.AttachUntilExit;
import io.bpfjmx.libbpf.testing.BpfObjects;
import io.bpfjmx.libbpf.testing.ProcessOutput;
import io.bpfjmx.libbpf.testing.RequiresBpf;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Closing an object while its programs attach: the lifecycle lock is always taken before a program's own, so a
 * close (the agent's shutdown hook) never waits on an attach that waits on it.
 */
@RequiresBpf
class AttachDuringCloseTest {
    private static final Duration EXIT_BOUND = Duration.ofSeconds(20);

    /**
     * The review's interleaving, made deterministic: the close holds the object's write lock and is still busy
     * with the first program's link (held here by holding that program's monitor, as a slow
     * {@code bpf_link__destroy} would) when the second program's attach begins.
     */
    @Test
    void anAttachDuringACloseEndsCleanlyInsteadOfDeadlocking() throws Exception {
        BpfObject object = BpfObject.load(BpfObjects.programs());
        BpfProgram first = object.programs().get(0);
        BpfProgram second = object.programs().get(1);
        first.attach(); // the second stays detached: its attach has work to do
        AtomicReference<Throwable> closeOutcome = new AtomicReference<>();
        AtomicReference<Throwable> attachOutcome = new AtomicReference<>();
        Thread closer;
        Thread attacher;
        synchronized (first) {
            closer = start("closer", object::close, closeOutcome);
            awaitWaiting(closer); // write lock held, destroying the first link
            attacher = start("attacher", second::attach, attachOutcome);
            awaitWaiting(attacher);
        }
        closer.join(10_000);
        attacher.join(10_000);
        assertThat(closer.isAlive()).as("close() still waiting: deadlocked with the attach of " + second.name())
                .isFalse();
        assertThat(attacher.isAlive()).as("attach() still waiting").isFalse();
        assertThat(object.isClosed()).isTrue();
        assertThat(closeOutcome.get()).isNull();
        assertThat(attachOutcome.get()).isInstanceOf(IllegalStateException.class)
                .hasMessage("object 'programs' is closed; reload its object to use it again");
        assertThat(object.programs()).extracting(BpfProgram::attachState)
                .containsOnly(BpfProgram.AttachState.DETACHED);
    }

    @Test
    void everyProgramAttachesAndDetaches() {
        try (BpfObject object = BpfObject.load(BpfObjects.programs())) {
            assertThat(object.programs()).extracting(BpfProgram::name)
                    .containsExactly("count_getpid", "count_getppid", "count_exec", "missing_kprobe");
            try {
                object.attach();
            } catch (BpfException e) {
                assertThat(e).hasMessageStartingWith("attach of program 'missing_kprobe' "
                        + "(kprobe/bpfjmx_no_such_function) failed");
            }
            assertThat(object.programs()).extracting(BpfProgram::attachState).containsExactly(
                    BpfProgram.AttachState.ATTACHED, BpfProgram.AttachState.ATTACHED,
                    BpfProgram.AttachState.ATTACHED, BpfProgram.AttachState.FAILED);
            object.programs().forEach(BpfProgram::detach);
            assertThat(program(object, "count_exec").attachState()).isEqualTo(BpfProgram.AttachState.DETACHED);
        }
    }

    /**
     * The review's case end to end: a JVM whose object is closed by a shutdown hook calls {@code System.exit}
     * while two threads attach and detach its programs. Several JVMs, as the exit lands at a different point of
     * the attach each time.
     */
    @Test
    void theJvmExitsWhileProgramsAttach() throws Exception {
        for (int run = 0; run < 4; run++) {
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), AttachUntilExit.class.getName(),
                    BpfObjects.programs().toString(), Integer.toString(200 + 100 * run), "2")
                    .redirectErrorStream(true).start();
            ProcessOutput output = ProcessOutput.follow(child, "exit-during-attach-" + run);
            boolean exited = child.waitFor(EXIT_BOUND.toSeconds(), TimeUnit.SECONDS);
            if (!exited) {
                String threads = threadDump(child);
                child.destroyForcibly();
                throw new AssertionError("run " + run + ": the JVM did not exit within " + EXIT_BOUND
                        + " of System.exit during attaches; its threads:\n" + threads + "\noutput:\n"
                        + output.text());
            }
            output.awaitEnd(Duration.ofSeconds(5));
            assertThat(child.exitValue()).as("exit code, output:\n" + output.text()).isZero();
            assertThat(output.text()).as("run " + run).contains("attaching", "closed");
        }
    }

    private static BpfProgram program(BpfObject object, String name) {
        return object.programs().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
    }

    private static Thread start(String name, Runnable action, AtomicReference<Throwable> outcome) {
        Thread thread = new Thread(() -> {
            try {
                action.run();
            } catch (Throwable e) {
                outcome.set(e);
            }
        }, name);
        thread.setDaemon(true); // a deadlocked one must not keep the test JVM alive
        thread.start();
        return thread;
    }

    /** Waits until {@code thread} waits for a lock (parked or blocked on a monitor). */
    private static void awaitWaiting(Thread thread) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (thread.getState() != Thread.State.WAITING && thread.getState() != Thread.State.BLOCKED) {
            assertThat(System.nanoTime()).as(thread.getName() + " never waited; state " + thread.getState())
                    .isLessThan(deadline);
            Thread.sleep(1);
        }
        Thread.sleep(50); // parked for good, not in passing
    }

    private static String threadDump(Process child) {
        try {
            Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    Long.toString(child.pid()), "Thread.print").redirectErrorStream(true).start();
            String dump = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            jcmd.waitFor(10, TimeUnit.SECONDS);
            return dump;
        } catch (Exception e) {
            return "(no thread dump: " + e + ")";
        }
    }
}
