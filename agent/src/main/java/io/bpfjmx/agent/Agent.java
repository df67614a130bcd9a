package io.bpfjmx.agent;

import io.bpfjmx.agent.audit.AuditTrails;
import io.bpfjmx.agent.export.MapExports;
import io.bpfjmx.agent.options.AgentOptions;
import io.bpfjmx.agent.remote.RemoteConnector;
import java.lang.instrument.Instrumentation;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/**
 * The running agent, one per JVM however often it is attached: the objects it manages (by path), their MBeans,
 * the meters, and the shutdown hook that destroys links and closes objects when the JVM exits.
 *
 * <p>Loading happens on one daemon thread, off the application's path, one object after another; the platform
 * MBean server is first touched there too, not in {@code premain} (some application servers break if it is touched
 * that early), and made as the application would make it. A FAILED object is loaded again by the next attach that
 * names it, or by its MBean's {@code reload}.
 */
final class Agent {
    static final String DOMAIN = "io.bpfjmx";
    private static Agent instance;
    /**
     * libbpf's own messages: the agent reports failures itself, so only libbpf's errors go to the log by default.
     * Held here so that the level set on it stays (java.util.logging keeps loggers weakly).
     */
    private static Logger libbpfLog;

    /** Paths and names asked for so far, so that nothing loads twice. Guarded by {@code this}. */
    private final Map<Path, String> requested = new LinkedHashMap<>();
    /** Objects loaded or failed, by path: for a later attach, and for the shutdown hook. */
    private final Map<Path, BpfObjectManager> objects = new ConcurrentHashMap<>();
    /** The audit's trails: java.util.logging, or the files of the agent option auditFile. */
    private final AuditTrails audits = new AuditTrails();
    /** The maps of the agent option map=, which the JVM did not load, and the BpfSystem MBean (system=true). */
    private final ForeignObjects foreign = new ForeignObjects(audits);
    /** Created on the loader thread: the JMX registry touches the platform MBean server. */
    private volatile MetricsRegistries registries;
    private OperationMetrics metrics;
    /** bpfjmx's own JMX connector (agent option jmxPort); made on the loader thread when first asked for. */
    private volatile RemoteConnector remote;
    /** The JVM's, for the connector's read-only RMI registry (see RemoteConnector). Guarded by {@code this}. */
    private Instrumentation instrumentation;
    /** The maps exported as meters (agent option export); created with the registries. */
    private MapExports exports;
    private final ExecutorService loader = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "bpfjmx-loader");
        thread.setDaemon(true);
        return thread;
    });

    private Agent() {
        Thread hook = new Thread(this::shutdown, "bpfjmx-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    static synchronized Agent get() {
        if (instance == null) {
            instance = new Agent();
        }
        return instance;
    }

    /** Keeps the JVM's instrumentation for bpfjmx's own JMX connector; the first one given stays. */
    synchronized void useInstrumentation(Instrumentation given) {
        if (instrumentation == null) {
            instrumentation = given;
        }
    }

    /**
     * Loads the objects the options name that are not loaded yet. An object already managed (same path) is left
     * as it is, so attaching twice does not load anything twice; but one that FAILED is loaded again, with these
     * options, and is LOADING again when this returns.
     *
     * @return one task per object newly asked for or loaded again; each completes when its object is READY or
     *         FAILED, with the failure's exception, if any; and with {@code jmxPort}, one that completes when
     *         bpfjmx's own JMX connector listens, or with the reason it does not
     */
    synchronized List<Future<?>> start(AgentOptions options) {
        if (!options.objects().isEmpty()) {
            preloadLibbpf(options);
            preparePlatformMBeanServer();
        }
        if (options.prometheusPort() != 0) {
            loader.submit(() -> registries().servePrometheus(options.prometheusHost(), options.prometheusPort()));
        }
        List<Future<?>> tasks = new ArrayList<>();
        for (Path path : options.objects()) {
            if (requested.containsKey(path)) {
                BpfObjectManager object = objects.get(path); // null while its first load waits for the loader
                if (object != null && object.startLoadingAgain()) {
                    log().info(() -> "bpfjmx: object " + path + " failed before; loading it again");
                    tasks.add(loader.submit(() -> {
                        loadAgain(object, options);
                        return null;
                    }));
                } else {
                    boolean loading = object == null || object.getStatus().equals("LOADING");
                    log().info(() -> "bpfjmx: object " + path + (loading ? " is loading already; not loading it twice"
                            : " is already loaded; not loading it again"));
                }
                continue;
            }
            String name = BpfObjectManager.nameOf(path);
            if (foreign.claims(name)) {
                log().warning("bpfjmx: object " + path + " not loaded: '" + name + "' is the object of the maps of "
                        + "the agent option map=" + name + ":...; give the file another name");
                continue;
            }
            if (requested.containsValue(name)) {
                log().warning("bpfjmx: object " + path + " not loaded: another object named '" + name + "' is loaded "
                        + "already; give the file another name");
                continue;
            }
            requested.put(path, name);
            tasks.add(loader.submit(() -> {
                load(path, options);
                return null;
            }));
        }
        if (!options.maps().isEmpty() || options.system()) {
            tasks.add(loader.submit(() -> {
                openForeign(options);
                return null;
            }));
        }
        if (options.jmxPort() != 0) {
            Instrumentation given = instrumentation;
            tasks.add(loader.submit(() -> {
                startRemoteConnector(options, given);
                return null;
            }));
        }
        if (options.objects().isEmpty() && options.maps().isEmpty() && !options.system()) {
            log().warning("bpfjmx: no object to load; give one with the agent option object=<path.bpf.o>");
        }
        return tasks;
    }

    /**
     * Binds libbpf (and JNA before JDK 22) on a thread of their own, and readies what the first object's load calls
     * first, while the loader thread sets up the meters and the platform MBean server: the two take about the same
     * time and together most of the agent's start-up. {@link #open} loads libbpf again, which then returns at once,
     * or reports the failure.
     */
    private static void preloadLibbpf(AgentOptions options) {
        Thread preload = new Thread(() -> {
            try {
                new AgentLibbpf(options).loadAhead();
            } catch (RuntimeException | LinkageError e) {
                // reported by open(), on the loader thread, with the object it concerns
            }
        }, "bpfjmx-libbpf");
        preload.setDaemon(true);
        preload.start();
    }

    /**
     * Makes the platform MBean server on a thread of its own, if the host has not yet, while the loader thread sets
     * up the meters and the libbpf thread binds libbpf: the JDK registers every platform MXBean into it (JFR's
     * among them), the longest of the three, which the first object's MBeans would otherwise wait for after the
     * meters. {@link #open} asks for it again and gets the same server, or the failure.
     */
    private static void preparePlatformMBeanServer() {
        Thread prepare = new Thread(() -> {
            try {
                platformMBeanServer();
            } catch (RuntimeException | LinkageError e) {
                // reported by open(), on the loader thread, with the object it concerns
            }
        }, "bpfjmx-mbean-server");
        prepare.setDaemon(true);
        prepare.start();
    }

    /** Runs on the loader thread. The meters' JMX registry follows the first object, READY or FAILED. */
    private void load(Path path, AgentOptions options) throws Exception {
        try {
            quietLibbpfLog();
            registries();
            BpfObjectManager object = new BpfObjectManager(path, metrics, options, this::reload, audits);
            objects.put(path, object);
            open(object, options);
        } catch (RuntimeException | LinkageError e) {
            if (!objects.containsKey(path)) { // open() logs its own failures; this one left no object to retry
                log().warning("bpfjmx: object " + path + " failed to load: " + AgentLibbpf.reason(e));
                synchronized (this) {
                    requested.remove(path); // the next attach naming it tries again
                }
            }
            throw e;
        } finally {
            registries().exposeOverJmx();
        }
    }

    /**
     * Runs on the loader thread: opens the maps of the agent option map= and registers their MBeans, and the
     * BpfSystem MBean (system=true). A map that cannot be opened is logged and shown in its object's Status; with
     * failOnError=true it also fails the start.
     */
    private void openForeign(AgentOptions options) throws JMException {
        List<String> failures;
        try {
            quietLibbpfLog();
            registries();
            failures = foreign.open(options, metrics, platformMBeanServer());
        } catch (RuntimeException | LinkageError | JMException e) {
            log().warning("bpfjmx: the agent options map= and system= failed: " + AgentLibbpf.reason(e));
            throw e;
        } finally {
            registries().exposeOverJmx();
        }
        if (options.failOnError() && !failures.isEmpty()) {
            throw new IllegalStateException(String.join("; ", failures));
        }
    }

    /**
     * Runs on the loader thread, after the objects asked for with it: bpfjmx's own JMX connector, which shows the
     * meters' JMX registry too, even without an object.
     */
    private void startRemoteConnector(AgentOptions options, Instrumentation given) {
        registries().exposeOverJmx();
        if (remote == null) {
            remote = new RemoteConnector();
        }
        remote.start(options, platformMBeanServer(), registries().registry(), given);
    }

    /** Runs on the loader thread: a FAILED object, back to LOADING, loaded again from its file. */
    private void loadAgain(BpfObjectManager object, AgentOptions options) throws Exception {
        try {
            registries();
            exports.stop(object.getName());
            object.useOptions(options);
            open(object, options);
        } finally {
            registries().exposeOverJmx();
        }
    }

    /**
     * The {@code reload} operation of an object's MBean, FAILED or with its programs all detached, already back to
     * LOADING: on the loader thread, closes what is loaded of it and unregisters its maps' MBeans, then loads it
     * again from its file, with the options it last loaded with; waits for the outcome.
     */
    private String reload(BpfObjectManager object) {
        log().info(() -> "bpfjmx: object " + object.getPath() + " loads again from its file (reload)");
        Future<?> done;
        try {
            done = loader.submit(() -> {
                if (object.isLoaded()) {
                    exports.stop(object.getName()); // before its maps close: no refresh reads a closed map
                    try {
                        unregister(platformMBeanServer(), mapNamesOf(object.getName()));
                        object.unload();
                    } catch (RuntimeException e) {
                        object.fail("not loaded again: closing it failed: " + AgentLibbpf.reason(e));
                        throw e;
                    }
                }
                loadAgain(object, object.options());
                return null;
            });
        } catch (RejectedExecutionException e) {
            object.fail("not loaded again: the JVM is shutting down");
            return object.getStatus();
        }
        try {
            done.get();
        } catch (ExecutionException e) {
            // the status says why, and the log
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while object '" + object.getName() + "' loads again; its "
                    + "Status shows how the load ends");
        }
        return object.getStatus();
    }

    /**
     * Runs on the loader thread: registers the object's MBean (once), loads the object, registers its maps' MBeans,
     * attaches its programs, and publishes READY; or, whatever fails, logs one line, drops what was done and
     * publishes FAILED with the reason.
     */
    private void open(BpfObjectManager object, AgentOptions options) throws Exception {
        MBeanServer server = null;
        List<ObjectName> mapNames = new ArrayList<>();
        try {
            server = platformMBeanServer();
            register(server, new DescribedMBean<>(object, BpfObjectMBean.class, BpfObjectManager.DESCRIPTIONS,
                    object.emitter()), objectName(object.getName(), null));
            object.libbpf().load();
            Map<String, MapOperations> maps = object.load(WritePolicy.of(options));
            for (MapOperations map : maps.values()) {
                ObjectName mapName = objectName(object.getName(), map.map().name());
                register(server, new DescribedMBean<>(new BpfMapManager(object.getName(), map), BpfMapMBean.class,
                        BpfMapManager.DESCRIPTIONS, map.emitter()), mapName);
                mapNames.add(mapName);
            }
            String status = object.attach(options.attach());
            object.publish(status);
            // after publishing: the JVM's first log record sets up java.util.logging's handler and formatter,
            // some 40 ms that READY need not wait for
            String pins = object.pinNote();
            log().info(() -> "bpfjmx: object '" + object.getName() + "' " + status + ", " + maps.size() + " maps"
                    + pins);
            registries().exposeOverJmx(); // before the exports' meters: a registry joining later draws a warning
            exports.start(object.getName(), maps.values().stream().map(MapOperations::map).toList(), options);
        } catch (RuntimeException | LinkageError | JMException e) {
            // LinkageError: a class of the agent's that failed to load must still end as FAILED, not LOADING
            String reason = AgentLibbpf.reason(e);
            log().warning("bpfjmx: object " + object.getPath() + " failed to load: " + reason);
            unregister(server, mapNames);
            object.unload();
            object.fail(reason);
            throw e;
        }
    }

    /**
     * The platform MBean server, made, if the agent asks first, as the host's own threads would make it: with the
     * application's class loader as the context class loader, where JMX looks for the class that
     * {@code javax.management.builder.initial} names (application servers name their own). The loader thread keeps
     * the agent's class loader as its context otherwise, for the agent's own libraries.
     */
    private static MBeanServer platformMBeanServer() {
        Thread thread = Thread.currentThread();
        ClassLoader agents = thread.getContextClassLoader();
        thread.setContextClassLoader(ClassLoader.getSystemClassLoader());
        try {
            return ManagementFactory.getPlatformMBeanServer();
        } finally {
            thread.setContextClassLoader(agents);
        }
    }

    private static synchronized void quietLibbpfLog() {
        if (libbpfLog == null) {
            libbpfLog = Logger.getLogger("io.bpfjmx.libbpf.native");
            if (libbpfLog.getLevel() == null) {
                libbpfLog.setLevel(Level.SEVERE);
            }
        }
    }

    /** The agent's log; looked up when needed, so that the JVM's start does not set up java.util.logging for it. */
    private static Logger log() {
        return Logger.getLogger(Agent.class.getName());
    }

    /** The meters' registries, created on first use on the loader thread. */
    private MetricsRegistries registries() {
        if (registries == null) {
            MetricsRegistries created = new MetricsRegistries();
            metrics = new OperationMetrics(created.registry());
            exports = new MapExports(created.registry());
            registries = created;
        }
        return registries;
    }

    private static void register(MBeanServer server, Object mbean, ObjectName name) throws JMException {
        if (!server.isRegistered(name)) {
            server.registerMBean(mbean, name);
        }
    }

    /** The names of the map MBeans registered for an object. */
    private static List<ObjectName> mapNamesOf(String object) {
        String pattern = DOMAIN + ":type=BpfMap,object=" + quoteIfNeeded(object) + ",*";
        try {
            return List.copyOf(platformMBeanServer().queryNames(new ObjectName(pattern), null));
        } catch (MalformedObjectNameException e) {
            throw new IllegalArgumentException("bpfjmx built an invalid MBean name pattern " + pattern, e);
        }
    }

    /** Unregisters what a failed load registered of its maps, so that a FAILED object shows no maps. */
    private static void unregister(MBeanServer server, List<ObjectName> names) {
        for (ObjectName name : names) {
            try {
                server.unregisterMBean(name);
            } catch (JMException | RuntimeException e) {
                log().log(Level.FINE, "bpfjmx: unregistering " + name, e);
            }
        }
    }

    /** {@code io.bpfjmx:type=BpfObject,name=<object>}, or {@code io.bpfjmx:type=BpfMap,object=<object>,name=<map>}. */
    static ObjectName objectName(String object, String map) {
        String name = map == null
                ? DOMAIN + ":type=BpfObject,name=" + quoteIfNeeded(object)
                : DOMAIN + ":type=BpfMap,object=" + quoteIfNeeded(object) + ",name=" + quoteIfNeeded(map);
        try {
            return new ObjectName(name);
        } catch (MalformedObjectNameException e) {
            throw new IllegalArgumentException("bpfjmx built an invalid MBean name " + name, e); // values are quoted
        }
    }

    private static String quoteIfNeeded(String value) {
        return value.matches("[A-Za-z0-9_.\\-]+") ? value : ObjectName.quote(value);
    }

    private synchronized void shutdown() {
        loader.shutdownNow();
        if (registries != null) { // written after exports
            exports.close(); // before the objects close: no refresh reads a map being closed
        }
        audits.close(); // before the objects: what was written is on record before their maps can go
        foreign.close(); // bpfjmx's descriptors only: the maps, someone else's, stay with their pins
        if (remote != null) {
            remote.stop();
        }
        for (BpfObjectManager object : objects.values()) {
            try {
                object.close();
            } catch (RuntimeException e) {
                log().log(Level.FINE, "bpfjmx: closing " + object.getPath(), e);
            }
        }
        if (registries != null) {
            registries.close();
        }
    }
}
