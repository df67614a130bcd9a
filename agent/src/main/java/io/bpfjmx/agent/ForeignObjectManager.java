package io.bpfjmx.agent;

import static javax.management.MBeanOperationInfo.ACTION;

import io.bpfjmx.agent.OperationMetrics.Outcome;
import io.bpfjmx.agent.foreign.MapOpener;
import io.bpfjmx.agent.audit.AuditTrails;
import io.bpfjmx.agent.options.AgentOptions;
import io.bpfjmx.agent.options.MapSpec;
import io.bpfjmx.libbpf.BpfMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.openmbean.TabularData;

/**
 * {@code io.bpfjmx:type=BpfObject,name=<pinned|id|name>}: the maps of the agent option {@code map} of one kind, which
 * the JVM did not load (a daemon pinned them, a C loader created them), as one object: their Status (which maps could
 * not be opened, and why), their Maps table, and the map operations by name, as a loaded object has them. Each map
 * also has its own MBean, {@code io.bpfjmx:type=BpfMap,object=<kind>,name=<map>}, with the meters, the audit and the
 * write policy of any map.
 *
 * <p>A map that could not be opened (not pinned yet, not permitted) never stops the others; {@link #reload} and the
 * next attach naming it open it again. The maps are someone else's: closing (at JVM shutdown) closes bpfjmx's file
 * descriptors only, and never unpins anything.
 */
final class ForeignObjectManager extends MapsByName {
    static final DescribedMBean.Descriptions DESCRIPTIONS = BpfObjectManager.DESCRIPTIONS.copy("Maps the JVM did not "
            + "load, opened by the agent option map= (pinned:<path>, id:<N> or name:<name>), one object per kind: their "
            + "status, the maps, and map operations by name")
            .attribute("Name", "pinned, id or name: how the agent option map= named these maps")
            .attribute("Path", "The values of the agent option map= of this kind, e.g. pinned:/sys/fs/bpf/app")
            .attribute("Programs", "Empty: maps opened by map= come without programs")
            .operation("detachProgram", ACTION, "Refused: these maps come without programs", "programName",
                    "A program name")
            .operation("attachProgram", ACTION, "Refused: these maps come without programs", "programName",
                    "A program name")
            .attribute("Status", "READY; READY (N not opened: map=<spec>: why; …) when some of the maps named could "
                    + "not be opened; FAILED: why, when none could; followed by (audit file …: why; N records lost …) "
                    + "while the audit file loses records")
            .attribute("Maps", "The maps opened: type, key and value sizes, max entries, per-CPU layout")
            .attribute("Programs", "Always empty: the agent option map= opens maps only")
            .operation("reload", ACTION, "Opens again the maps of the agent option map= that could not be opened "
                    + "(e.g. pinned since, or permitted since); maps already open stay as they are. Returns the new "
                    + "Status. Refused when every map named is open");
    /** The MBean of one map of the agent option map=. */
    static final DescribedMBean.Descriptions MAP_DESCRIPTIONS = BpfMapManager.DESCRIPTIONS.copy("A BPF map the JVM "
            + "did not load, opened by the agent option map=: its shape, its entries, and its operations. The map "
            + "stays when the JVM exits")
            .attribute("Name", "The pin's file name (map=pinned:), or the kernel's name (map=id:, map=name:); "
                    + "<name>#<id> when another map of the same kind has that name")
            .attribute("Object", "pinned, id or name: how the agent option map= named the map");

    private static final Logger LOG = Logger.getLogger(ForeignObjectManager.class.getName());

    private final MapSpec.Kind kind;
    private final MBeanServer server;
    private final OperationMetrics metrics;
    private final Audit audit;
    private final MapOpener opener;
    /** The maps open, by name. Replaced, never changed, under {@code this}. */
    private volatile Map<String, MapOperations> operations = Map.of();
    /** Every spec given, in order. Guarded by {@code this}. */
    private final Set<MapSpec> given = new LinkedHashSet<>();
    /** Specs with maps not opened: why, and the options to open them with again. Guarded by {@code this}. */
    private final Map<MapSpec, Pending> pending = new LinkedHashMap<>();
    private volatile String path = "";
    private volatile String status = "LOADING";
    /** The libbpf of the options the first maps were opened with, for PossibleCpus and LibbpfVersion. */
    private final AgentLibbpf libbpf;
    /** Set at JVM shutdown: nothing opens again. Guarded by {@code this}. */
    private boolean closed;

    private record Pending(AgentOptions options, List<MapOpener.Failure> failures) {}

    ForeignObjectManager(MapSpec.Kind kind, MBeanServer server, OperationMetrics metrics, AgentOptions options,
                         AuditTrails trails) {
        this.kind = kind;
        this.server = server;
        this.metrics = metrics;
        this.audit = new Audit(kind.key(), new AuditEmitter(Agent.objectName(kind.key(), null)),
                trails.trailOf(options, metrics.registry()), options.auditValues());
        this.opener = new MapOpener(kind);
        this.libbpf = new AgentLibbpf(options);
    }

    /** What the object's MBean emits: the audit of every write to its maps. */
    AuditEmitter emitter() {
        return audit.objectEmitter();
    }

    /**
     * Opens the maps {@code specs} name that are not open yet (new specs, and those that failed before), registers
     * their MBeans and logs one line each: opened, skipped, or not opened and why. Never throws: what fails is in
     * the Status.
     */
    synchronized void open(List<MapSpec> specs, AgentOptions options) {
        if (closed) {
            return;
        }
        List<MapSpec> toOpen = new ArrayList<>();
        for (MapSpec spec : specs) {
            if (given.add(spec) || pending.containsKey(spec)) {
                toOpen.add(spec);
            } else {
                LOG.info(() -> "bpfjmx: map=" + spec + " is open already");
            }
        }
        path = given.stream().map(MapSpec::toString).collect(Collectors.joining(", "));
        try {
            new AgentLibbpf(options).load();
        } catch (RuntimeException | LinkageError e) {
            String reason = AgentLibbpf.reason(e);
            toOpen.forEach(spec -> pending.put(spec, new Pending(options, List.of(new MapOpener.Failure(spec,
                    reason)))));
            LOG.warning("bpfjmx: maps of the agent option map= not opened (" + path + "): " + reason);
            publishStatus();
            return;
        }
        toOpen.forEach(spec -> openOne(spec, options));
        publishStatus();
    }

    private void openOne(MapSpec spec, AgentOptions options) {
        MapOpener.Opening opening = opener.open(spec);
        WritePolicy policy = WritePolicy.of(options);
        Map<String, MapOperations> open = new LinkedHashMap<>(operations);
        List<String> names = new ArrayList<>();
        List<MapOpener.Failure> failures = new ArrayList<>(opening.failures());
        for (BpfMap map : opening.maps()) {
            MapOperations mapOperations = new MapOperations(kind.key(), map, metrics, policy.refusalFor(map),
                    new ReferenceWrites(null, policy), audit,
                    new AuditEmitter(Agent.objectName(kind.key(), map.name())));
            try {
                ObjectName name = Agent.objectName(kind.key(), map.name());
                server.registerMBean(new DescribedMBean<>(new BpfMapManager(kind.key(), mapOperations),
                        BpfMapMBean.class, MAP_DESCRIPTIONS, mapOperations.emitter()), name);
                open.put(map.name(), mapOperations);
                names.add(kind.key() + "/" + map.name() + " (id " + Integer.toUnsignedString(map.id()) + ")");
            } catch (JMException | RuntimeException e) {
                map.close();
                opener.forget(map.name());
                failures.add(new MapOpener.Failure(spec, "map '" + map.name() + "' opened, but its MBean could not be "
                        + "registered: " + AgentLibbpf.reason(e)));
            }
        }
        operations = open;
        opening.remarks().forEach(remark -> LOG.info("bpfjmx: map=" + spec + ": " + remark));
        failures.forEach(failure -> LOG.warning("bpfjmx: not opened: " + failure));
        if (!names.isEmpty()) {
            LOG.info("bpfjmx: map=" + spec + " opened: " + String.join(", ", names));
        }
        if (failures.isEmpty()) {
            pending.remove(spec);
        } else {
            pending.put(spec, new Pending(options, failures));
        }
    }

    /** READY, READY (N not opened: …) or FAILED: why. */
    private void publishStatus() {
        List<MapOpener.Failure> failures = pending.values().stream().flatMap(p -> p.failures().stream()).toList();
        String why = failures.stream().map(MapOpener.Failure::toString).collect(Collectors.joining("; "));
        if (failures.isEmpty()) {
            status = "READY";
        } else if (operations.isEmpty()) {
            status = "FAILED: " + why;
        } else {
            status = "READY (" + failures.size() + " not opened: " + why + ")";
        }
    }

    /** Closes bpfjmx's file descriptors of the maps; the maps, and their pins, stay. */
    synchronized void close() {
        closed = true;
        for (MapOperations map : operations.values()) {
            try {
                map.map().close();
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "bpfjmx: closing " + kind.key() + "/" + map.map().name(), e);
            }
        }
        status = "FAILED: closed (the JVM is shutting down)";
    }

    @Override
    public String getName() {
        return kind.key();
    }

    @Override
    public String getPath() {
        return path;
    }

    @Override
    public String getStatus() {
        return status + audit.trouble();
    }

    @Override
    public int getPossibleCpus() {
        return libbpf.possibleCpus();
    }

    @Override
    public String getLibbpfVersion() {
        return libbpf.version();
    }

    @Override
    public TabularData getMaps() {
        return OpenTypes.maps(operations.values().stream().map(MapOperations::map).toList());
    }

    @Override
    public TabularData getPrograms() {
        return OpenTypes.programs(List.of());
    }

    @Override
    public String detachProgram(String programName) {
        throw noPrograms(programName);
    }

    @Override
    public String attachProgram(String programName) {
        throw noPrograms(programName);
    }

    /** Maps opened by map= come without their programs, which stay with whoever loaded them. */
    private IllegalArgumentException noPrograms(String programName) {
        return new IllegalArgumentException("object '" + kind.key() + "' has no program '" + programName + "': it "
                + "holds maps opened by the agent option map=, without programs; attach and detach programs on the "
                + "object that loaded them (io.bpfjmx:type=BpfObject,name=<object>), or with bpftool");
    }

    @Override
    public String reload() {
        List<Map.Entry<MapSpec, Pending>> again;
        synchronized (this) {
            if (closed || pending.isEmpty()) {
                audit.recordObject("reload", Outcome.REJECTED, closed ? "closed" : "not_failed");
                throw new IllegalStateException("object '" + kind.key() + "' is " + status.lines().findFirst()
                        .orElse("") + (closed ? "" : "; every map the agent option map= names is open: nothing to "
                        + "open again"));
            }
            again = new ArrayList<>(pending.entrySet());
            for (Map.Entry<MapSpec, Pending> spec : again) {
                openOne(spec.getKey(), spec.getValue().options());
            }
            publishStatus();
        }
        boolean ready = status.equals("READY");
        audit.recordObject("reload", ready ? Outcome.SUCCESS : Outcome.FAILED,
                ready ? JmxFailure.NO_REASON : "not_opened");
        return status;
    }

    @Override
    MapOperations map(String mapName, String operation, Supplier<Mutation> write) {
        Map<String, MapOperations> open = operations;
        MapOperations found = mapName == null ? null : open.get(mapName);
        if (found == null) {
            metrics.record(kind.key(), "unknown", operation, Outcome.REJECTED, "unknown_map", 0);
            if (write != null) {
                audit.record(mapName, null, write.get(), Outcome.REJECTED, "unknown_map");
            }
            throw new IllegalArgumentException((mapName == null ? "mapName is missing" : "no map '" + mapName
                    + "' in object '" + kind.key() + "'") + "; its maps are: " + String.join(", ", open.keySet()));
        }
        return found;
    }
}
