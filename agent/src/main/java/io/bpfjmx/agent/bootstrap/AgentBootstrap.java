package io.bpfjmx.agent.bootstrap;

import java.lang.instrument.Instrumentation;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The only class of the agent the host's class loader sees ({@code Premain-Class} and {@code Agent-Class}). It hands
 * over to {@code io.bpfjmx.agent.AgentMain} in the agent's own {@link AgentClassLoader} and does nothing else.
 *
 * <p>Nothing escapes from here but what {@code AgentMain.start} itself throws (the operator's
 * {@code failOnError=true}); a failure of the hand-over is logged as one line through {@code java.util.logging},
 * which is touched only then (application servers that install their own log manager dislike an early one).
 */
public final class AgentBootstrap {
    private static final String CORE_CLASS = "io.bpfjmx.agent.AgentMain";

    /** One per JVM: a second attach reuses the running core. Guarded by {@code AgentBootstrap.class}. */
    private static AgentClassLoader loader;

    private AgentBootstrap() {}

    public static void premain(String agentArgs, Instrumentation instrumentation) {
        start(agentArgs, instrumentation, true);
    }

    public static void agentmain(String agentArgs, Instrumentation instrumentation) {
        start(agentArgs, instrumentation, false);
    }

    private static void start(String agentArgs, Instrumentation instrumentation, boolean atStartup) {
        ClassLoader core;
        Method start;
        try {
            core = loader();
            start = Class.forName(CORE_CLASS, true, core)
                    .getMethod("start", String.class, Instrumentation.class, boolean.class);
        } catch (Throwable t) {
            log("bpfjmx agent not started: cannot load " + CORE_CLASS + " from the agent jar: " + t);
            return;
        }
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        try {
            // threads the core starts inherit it, so ServiceLoader and friends look in the agent jar
            thread.setContextClassLoader(core);
            start.invoke(null, agentArgs, instrumentation, atStartup);
        } catch (InvocationTargetException e) {
            throw AgentBootstrap.<RuntimeException>rethrow(e.getCause());
        } catch (Throwable t) {
            log("bpfjmx agent not started: cannot call " + CORE_CLASS + ".start: " + t);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private static synchronized ClassLoader loader() throws Exception {
        if (loader == null) {
            CodeSource source = AgentBootstrap.class.getProtectionDomain().getCodeSource();
            URL location = source == null ? null : source.getLocation();
            if (location == null) {
                throw new IllegalStateException("the location of the agent jar is unknown");
            }
            loader = new AgentClassLoader(Path.of(location.toURI()));
        }
        return loader;
    }

    private static void log(String message) {
        try {
            Logger.getLogger("io.bpfjmx.agent").log(Level.SEVERE, message);
        } catch (Throwable ignored) {
            // logging itself is broken; staying silent beats breaking the host
        }
    }

    /** Throws {@code t} as it is, checked or not: {@code AgentMain.start} declares nothing, so anything is its own. */
    @SuppressWarnings("unchecked")
    private static <T extends Throwable> T rethrow(Throwable t) throws T {
        throw (T) t;
    }
}
