package io.bpfjmx.agent;

import io.bpfjmx.libbpf.LibBpfLibrary;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
 * <p>Loading happens on one daemon thread, off the application's path; the platform MBean server is first
 * touched there too, not in {@code premain} (some application servers break if it is touched that early).
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
    /** Objects loaded or failed, for the shutdown hook. */
    private final List<BpfObjectManager> objects = new CopyOnWriteArrayList<>();
    /** Created on the loader thread: the JMX registry touches the platform MBean server. */
    private volatile MetricsRegistries registries;
    private OperationMetrics metrics;
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

    /**
     * Loads the objects the options name that are not loaded yet. An object already managed (same path) is left
     * as it is, so attaching twice does not load anything twice.
     *
     * @return one task per object newly asked for; each completes when its object is READY or FAILED, with the
     *         failure's exception, if any
     */
    synchronized List<Future<?>> start(AgentOptions options) {
        if (options.jnaTmpDir() != null && System.getProperty("jna.tmpdir") == null) {
            System.setProperty("jna.tmpdir", options.jnaTmpDir().toString());
        }
        if (!options.objects().isEmpty()) {
            preloadLibbpf(options);
        }
        if (options.prometheusPort() != 0) {
            loader.submit(() -> registries().servePrometheus(options.prometheusHost(), options.prometheusPort()));
        }
        List<Future<?>> tasks = new ArrayList<>();
        for (Path path : options.objects()) {
            if (requested.containsKey(path)) {
                log().info(() -> "bpfjmx: object " + path + " is already loaded; not loading it again");
                continue;
            }
            String name = BpfObjectManager.nameOf(path);
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
        if (options.objects().isEmpty()) {
            log().warning("bpfjmx: no object to load; give one with the agent option object=<path.bpf.o>");
        }
        return tasks;
    }

    /**
     * Starts JNA and libbpf on a thread of their own, while the loader thread sets up the meters: the two take
     * about the same time and together most of the agent's start-up. {@link #load} loads libbpf again, which then
     * returns at once, or reports the failure.
     */
    private static void preloadLibbpf(AgentOptions options) {
        Thread preload = new Thread(() -> {
            try {
                LibBpfLibrary.load(options.libbpf());
            } catch (RuntimeException | LinkageError e) {
                // reported by load(), on the loader thread, with the object it concerns
            }
        }, "bpfjmx-libbpf");
        preload.setDaemon(true);
        preload.start();
    }

    /** Runs on the loader thread. The meters' JMX registry follows the first object, READY or FAILED. */
    private void load(Path path, AgentOptions options) throws Exception {
        try {
            loadObject(path, options);
        } finally {
            registries().exposeOverJmx();
        }
    }

    private void loadObject(Path path, AgentOptions options) throws Exception {
        quietLibbpfLog();
        registries();
        BpfObjectManager object = new BpfObjectManager(path, metrics, options.auditValues());
        objects.add(object);
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        register(server, new DescribedMBean<>(object, BpfObjectMBean.class, BpfObjectManager.DESCRIPTIONS,
                object.emitter()), objectName(object.getName(), null));
        try {
            LibBpfLibrary.load(options.libbpf());
            Map<String, MapOperations> maps = object.load(WritePolicy.of(options));
            for (MapOperations map : maps.values()) {
                register(server, new DescribedMBean<>(new BpfMapManager(object.getName(), map), BpfMapMBean.class,
                        BpfMapManager.DESCRIPTIONS, map.emitter()), objectName(object.getName(), map.map().name()));
            }
            String status = object.attach(options.attach());
            object.publish(status);
            // after publishing: the JVM's first log record sets up java.util.logging's handler and formatter,
            // some 40 ms that READY need not wait for
            log().info(() -> "bpfjmx: object '" + object.getName() + "' " + status + ", " + maps.size() + " maps");
        } catch (RuntimeException | LinkageError | JMException e) {
            // LinkageError: a class of the agent's that failed to load must still end as FAILED, not LOADING
            log().warning("bpfjmx: object " + object.getPath() + " failed to load: " + e.getMessage());
            object.fail(e.getMessage());
            throw e;
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
            registries = created;
        }
        return registries;
    }

    private static void register(MBeanServer server, Object mbean, ObjectName name) throws JMException {
        if (!server.isRegistered(name)) {
            server.registerMBean(mbean, name);
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
        for (BpfObjectManager object : objects) {
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
