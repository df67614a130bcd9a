package io.bpfjmx.client;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * One command on several targets: at most {@code --parallel} at a time, each within its time, every target's result
 * printed as its own lines in the order the targets were given (as soon as those before it are printed), whatever
 * the order they finish in. The exit code is the worst of theirs ({@link ExitCode#worst}).
 *
 * <p>A target past its time is reported as not answering and left behind, not stopped: its thread (a daemon) may
 * stay blocked in I/O until the CLI exits, but it no longer counts against {@code --parallel}, so a few hung JVMs
 * cannot stall the rest.
 */
final class Fleet {
    /** The command's run on one target, printing through that target's output. */
    interface Work {
        void run(OutputOptions output) throws Exception;
    }

    private final FleetOptions options;
    private final OutputOptions output;
    private final Map<String, Work> work = new LinkedHashMap<>();

    Fleet(FleetOptions options, OutputOptions output) {
        this.options = options;
        this.output = output;
    }

    /** Adds a target, named as the output shows it ({@code pid 4242}, a URL); each target once. */
    Fleet add(String target, Work run) {
        if (work.putIfAbsent(target, run) != null) {
            throw CliException.badInput(target + " is given twice", "give each target once");
        }
        return this;
    }

    /** Runs every target's work, each given {@code timeout} from its start, and prints them; the worst exit code. */
    int run(Duration timeout) {
        int parallel = options.parallel();
        PrintWriter out = output.spec.commandLine().getOut();
        PrintWriter err = output.spec.commandLine().getErr();
        ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "bpfjmx-target");
            thread.setDaemon(true);
            return thread;
        });
        try {
            Semaphore running = new Semaphore(parallel);
            List<CompletableFuture<TargetReport>> reports = new ArrayList<>();
            int printed = 0;
            for (Map.Entry<String, Work> target : work.entrySet()) {
                running.acquireUninterruptibly();
                CompletableFuture<TargetReport> report = CompletableFuture
                        .supplyAsync(() -> run(target.getKey(), target.getValue()), threads)
                        .completeOnTimeout(TargetReport.timedOut(target.getKey(), timeout), timeout.toMillis(),
                                TimeUnit.MILLISECONDS);
                report.whenComplete((done, thrown) -> running.release());
                reports.add(report);
                while (printed < reports.size() && reports.get(printed).isDone()) {
                    print(reports.get(printed++).join(), out, err);
                }
            }
            ExitCode worst = ExitCode.OK;
            int failed = 0;
            for (int i = 0; i < reports.size(); i++) {
                TargetReport report = reports.get(i).join();
                if (i >= printed) {
                    print(report, out, err);
                }
                worst = ExitCode.worst(worst, report.exitCode());
                failed += report.exitCode() == ExitCode.OK ? 0 : 1;
            }
            if (failed > 0) {
                err.println(output.spec.qualifiedName() + ": " + failed + " of " + reports.size() + " targets failed; "
                        + "exit code " + worst.code() + ", the worst of theirs");
                err.flush();
            }
            return worst.code();
        } finally {
            threads.shutdown();
        }
    }

    private TargetReport run(String target, Work run) {
        TargetReport report = new TargetReport(target);
        try {
            run.run(output.forTarget(report));
        } catch (Exception e) {
            report.failed(CliException.of(e));
        }
        return report;
    }

    private void print(TargetReport report, PrintWriter out, PrintWriter err) {
        report.print(out, err, output.json, output.verbose);
        out.flush();
        err.flush();
    }
}
