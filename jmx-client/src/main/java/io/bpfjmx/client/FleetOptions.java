package io.bpfjmx.client;

import java.time.Duration;
import picocli.CommandLine.Option;

/** How a command runs on several targets: how many at once, and how long one may take. */
final class FleetOptions {
    @Option(names = "--parallel", paramLabel = "N", defaultValue = "8", description = "With several targets: work "
            + "on at most N at once (default: ${DEFAULT-VALUE}).")
    int parallel;

    @Option(names = "--target-timeout", paramLabel = "SECONDS", defaultValue = "60", description = "With several "
            + "targets: a target that has not finished within this is reported as not answering (exit 4) and left "
            + "behind; the others go on (default: ${DEFAULT-VALUE}).")
    int targetTimeout;

    int parallel() {
        if (parallel < 1) {
            throw CliException.badInput("--parallel " + parallel + " works on no target", "give --parallel 1 or more");
        }
        return parallel;
    }

    Duration targetTimeout() {
        if (targetTimeout < 1) {
            throw CliException.badInput("--target-timeout " + targetTimeout + " leaves no time",
                    "give --target-timeout 1 or more (seconds)");
        }
        return Duration.ofSeconds(targetTimeout);
    }
}
