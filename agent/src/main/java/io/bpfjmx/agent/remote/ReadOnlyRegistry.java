package io.bpfjmx.agent.remote;

import java.lang.instrument.Instrumentation;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.rmi.Remote;
import java.rmi.RemoteException;
import java.rmi.server.RMIClientSocketFactory;
import java.rmi.server.RMIServerSocketFactory;
import java.util.Map;
import java.util.Set;

/**
 * The RMI registry in which JMX clients look the connector up ({@code /jndi/rmi://host:port/jmxrmi}): the JDK's
 * own single-entry registry, {@code sun.management.jmxremote.SingleEntryRegistry}, the one its management agent
 * uses. It answers lookups of {@value #NAME} and refuses every bind, rebind and unbind. The registry that
 * {@code LocateRegistry.createRegistry} makes would let any process on this machine rebind {@value #NAME} to a
 * server of its own and so collect the passwords of the clients that come next. It is exported as permanent, so it
 * does not keep the JVM alive.
 *
 * <p>The class is internal to the JDK (module {@code jdk.management.agent}); the agent opens its package to itself
 * with the {@link Instrumentation} every Java agent is given, and to nothing else.
 */
final class ReadOnlyRegistry {
    static final String NAME = "jmxrmi";
    private static final String MODULE = "jdk.management.agent";
    private static final String PACKAGE = "sun.management.jmxremote";
    private static final String CLASS = PACKAGE + ".SingleEntryRegistry";

    private ReadOnlyRegistry() {}

    /**
     * Exports the registry, holding {@code connector} under {@value #NAME}, on {@code port} with these socket
     * factories (the connector's own, so that both share the port).
     *
     * @throws RemoteException       when it cannot listen
     * @throws IllegalStateException when this runtime lacks the class, or the agent has no instrumentation
     */
    static Remote export(Instrumentation instrumentation, int port, RMIClientSocketFactory clients,
                         RMIServerSocketFactory servers, Remote connector) throws RemoteException {
        Module agentModule = ReadOnlyRegistry.class.getModule();
        Module module = ModuleLayer.boot().findModule(MODULE).orElseThrow(() -> new IllegalStateException("this "
                + "Java runtime has no module " + MODULE + ", whose read-only RMI registry bpfjmx's connector uses; "
                + "run a full JDK, or a jlink image made with --add-modules " + MODULE));
        if (!module.isOpen(PACKAGE, agentModule)) {
            if (instrumentation == null) {
                throw new IllegalStateException("bpfjmx's connector needs the JVM's instrumentation to use the JDK's "
                        + "read-only RMI registry; start the agent with -javaagent or by attaching it");
            }
            instrumentation.redefineModule(module, Set.of(), Map.of(), Map.of(PACKAGE, Set.of(agentModule)), Set.of(),
                    Map.of());
        }
        try {
            Class<?> type = Class.forName(module, CLASS);
            if (type == null) {
                throw new ClassNotFoundException(CLASS);
            }
            Constructor<?> registry = type.getDeclaredConstructor(int.class, RMIClientSocketFactory.class, RMIServerSocketFactory.class,
                            String.class, Remote.class);
            registry.setAccessible(true);
            return (Remote) registry.newInstance(port, clients, servers, NAME, connector);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RemoteException cannotListen) {
                throw cannotListen;
            }
            throw new IllegalStateException("the JDK's read-only RMI registry failed: " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("this Java runtime's " + CLASS + " is not as bpfjmx's connector knows it ("
                    + e + "); run a JDK 17 to 25 for the connector, or report this JDK's version", e);
        }
    }
}
