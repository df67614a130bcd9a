package io.bpfjmx.agent.export;

import io.bpfjmx.agent.options.AgentOption;
import io.bpfjmx.agent.options.AgentOptions;
import io.bpfjmx.agent.options.ExportRequest;
import io.bpfjmx.libbpf.BpfMap;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * The maps whose entries are meters (agent option {@code export}), each read by one daemon thread shared by all, at
 * most once per {@code exportInterval}; the meters read what the last read left, so that neither a scrape nor a
 * JMX client waits on the kernel or on a map's lock.
 *
 * <p>Nothing here takes the host or an object down: a map that cannot be exported (not in the object, without
 * keys, without a number in its value, its meter name a counter elsewhere and a gauge here) is one log line, and
 * the object and the other maps go on.
 */
public final class MapExports implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(MapExports.class.getName());

    private record Running(ExportedMap map, ScheduledFuture<?> refreshes) {}

    private final MeterRegistry registry;
    private final ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "bpfjmx-export");
        thread.setDaemon(true);
        return thread;
    });
    /** The exports of each object. Guarded by {@code this}. */
    private final Map<String, List<Running>> byObject = new HashMap<>();
    /** Whether each meter name in use is a counter: Prometheus takes one type per name. Guarded by {@code this}. */
    private final Map<String, Boolean> counterByName = new HashMap<>();

    public MapExports(MeterRegistry registry) {
        this.registry = registry;
    }

    /**
     * Starts exporting the maps of a loaded object that {@code options} name (those without an object, and those
     * of this object); logs each that it cannot export, and why. Throws nothing.
     */
    public synchronized void start(String object, Collection<BpfMap> maps, AgentOptions options) {
        try {
            Map<BpfMap, ExportRequest> exported = new HashMap<>();
            for (ExportRequest request : options.exports()) {
                if (!request.appliesTo(object)) {
                    continue;
                }
                BpfMap map = maps.stream().filter(m -> m.answersTo(request.map())).findFirst().orElse(null);
                if (map == null) {
                    LOG.warning("bpfjmx: export: object '" + object + "' has no map '" + request.map() + "'; its maps: "
                            + maps.stream().map(BpfMap::name).collect(Collectors.joining(", "))
                            + (request.object() == null ? " (add /object=<object> to export a map of one object only)"
                            : ""));
                    continue;
                }
                ExportRequest earlier = exported.putIfAbsent(map, request);
                if (earlier != null) {
                    LOG.warning("bpfjmx: export: map '" + map.name() + "' of object '" + object + "' is named twice, as "
                            + earlier.target() + " and as " + request.target() + "; exported as the first says");
                    continue;
                }
                start(object, map, request, options);
            }
        } catch (RuntimeException | LinkageError e) {
            LOG.warning("bpfjmx: export of the maps of object '" + object + "' failed: " + e);
        }
    }

    private void start(String object, BpfMap map, ExportRequest request, AgentOptions options) {
        String where = "bpfjmx: export of map '" + map.name() + "' of object '" + object + "'";
        Boolean counter = counterByName.get(request.meterName());
        if (counter != null && counter != request.counter()) {
            LOG.warning(where + " refused: meter '" + request.meterName() + "' is a " + (counter ? "counter" : "gauge")
                    + " already, and Prometheus takes one type per name; give the map another with /name=<meter>");
            return;
        }
        ExportedMap exported;
        try {
            exported = ExportedMap.of(object, map, request, options.exportLimit(), registry);
        } catch (NotExportableException e) {
            LOG.warning(where + " refused: " + e.getMessage());
            return;
        }
        counterByName.put(request.meterName(), request.counter());
        long interval = options.exportInterval().toMillis();
        ScheduledFuture<?> refreshes = refresher.scheduleWithFixedDelay(exported::refresh, 0, interval,
                TimeUnit.MILLISECONDS);
        byObject.computeIfAbsent(object, o -> new ArrayList<>()).add(new Running(exported, refreshes));
        LOG.info(() -> where + " as " + (request.counter() ? "counter '" : "gauge '") + request.meterName()
                + "', read every " + options.string(AgentOption.EXPORT_INTERVAL) + ", at most "
                + options.exportLimit() + " series");
    }

    /** Ends the exports of {@code object}, before it is loaded again: their meters leave the registry. */
    public synchronized void stop(String object) {
        List<Running> running = byObject.remove(object);
        if (running != null) {
            for (Running export : running) {
                export.refreshes.cancel(false);
                export.map.close(); // waits for a refresh under way
            }
        }
    }

    /**
     * Stops the refreshes, when the JVM shuts down, before the objects close; waits a moment for one under way
     * (an object closing under a read only fails that read).
     */
    @Override
    public void close() {
        refresher.shutdownNow();
        try {
            refresher.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
