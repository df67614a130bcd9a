package io.bpfjmx.agent;

import io.bpfjmx.agent.options.AgentOptions;
import java.lang.instrument.Instrumentation;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.logging.Logger;

/**
 * The agent's entry point inside its own class loader, called by the bootstrap for {@code premain} and
 * {@code agentmain}. By default nothing is thrown: every failure is logged and shown as an object's status.
 * With {@code failOnError=true}, objects load before this returns and the first failure is thrown, which stops
 * a JVM starting with {@code -javaagent} and fails an attach.
 */
public final class AgentMain {
    private AgentMain() {}

    public static void start(String agentArgs, Instrumentation instrumentation, boolean atStartup) {
        // read before parsing, so that even malformed options can be fatal when the operator asked for that
        boolean fatal = agentArgs != null && agentArgs.contains("failOnError=true");
        try {
            AgentOptions options = AgentOptions.parse(agentArgs);
            Agent.get().useInstrumentation(instrumentation);
            List<Future<?>> loads = Agent.get().start(options);
            if (options.failOnError()) {
                awaitAll(loads);
            }
        } catch (RuntimeException | Error e) {
            if (fatal) {
                throw e;
            }
            // looked up only now: java.util.logging is not set up on the JVM's start path unless needed
            Logger.getLogger(AgentMain.class.getName()).warning("bpfjmx: agent not started: " + e.getMessage());
        }
    }

    private static void awaitAll(List<Future<?>> loads) {
        for (Future<?> load : loads) {
            try {
                load.get();
            } catch (ExecutionException e) {
                throw new IllegalStateException("bpfjmx failed to load (failOnError=true): "
                        + e.getCause().getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("bpfjmx: interrupted while loading (failOnError=true)");
            }
        }
    }
}
