package io.bpfjmx.agent;

import io.bpfjmx.agent.audit.AuditTrails;
import io.bpfjmx.agent.options.AgentOptions;
import static io.bpfjmx.agent.ParameterTexts.*;
import static javax.management.MBeanOperationInfo.ACTION;
import static javax.management.MBeanOperationInfo.INFO;

import io.bpfjmx.agent.OperationMetrics.Outcome;
import io.bpfjmx.libbpf.BpfException;
import io.bpfjmx.libbpf.BpfMap;
import io.bpfjmx.libbpf.BpfObject;
import io.bpfjmx.libbpf.BpfProgram;
import io.bpfjmx.libbpf.MapPin;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import javax.management.openmbean.TabularData;

/**
 * One BPF object the agent manages, and its MBean: the object's status from LOADING to READY or FAILED, its maps
 * and programs, and map operations by map name. The MBean exists before the object loads, so that a failure is
 * visible in JConsole as the {@code Status} attribute; a FAILED object goes back to LOADING when it is loaded again
 * (the next attach naming it, or {@link #reload}).
 */
final class BpfObjectManager extends MapsByName {
    static final DescribedMBean.Descriptions DESCRIPTIONS = new DescribedMBean.Descriptions(
            "A BPF object loaded by bpfjmx with libbpf: its maps, programs and status, and map operations by name")
            .attribute("Name", "Object name: the file name up to its first dot, as libbpf names it")
            .attribute("Path", "The object file the agent loaded")
            .attribute("Status", "LOADING, READY (with any program that could not attach), or FAILED: why; "
                    + "followed by (audit file …: why; N records lost …) while the audit file loses records")
            .attribute("PossibleCpus", "Possible CPUs (/sys/devices/system/cpu/possible): the per-CPU slot count. "
                    + "Unreadable (IllegalStateException saying why) while the libbpf the agent options name is not "
                    + "loaded")
            .attribute("LibbpfVersion", "Version of the libbpf in use, and where it was loaded from; or "
                    + "'unavailable: <why>' when the libbpf the agent options name could not be loaded")
            .attribute("Maps", "The object's maps: type, key and value sizes, max entries, per-CPU layout")
            .attribute("Programs", "The object's programs and whether each is attached (attachProgram and "
                    + "detachProgram change it)")
            .operation("updateElem", ACTION, UPDATE, "mapName", MAP_NAME, "keyHex", KEY_HEX, "valueHex", VALUE_HEX,
                    "flags", FLAGS)
            .operation("lookupElem", INFO, LOOKUP, "mapName", MAP_NAME, "keyHex", KEY_HEX)
            .operation("lookupElemPerCpu", INFO, LOOKUP_PER_CPU, "mapName", MAP_NAME, "keyHex", KEY_HEX)
            .operation("deleteElem", ACTION, DELETE, "mapName", MAP_NAME, "keyHex", KEY_HEX)
            .operation("getNextKey", INFO, NEXT_KEY, "mapName", MAP_NAME, "keyHex", NEXT_KEY_HEX)
            .operation("dumpMap", INFO, DUMP, "mapName", MAP_NAME, "maxEntries", MAX_ENTRIES)
            .operation("updateBatch", ACTION, UPDATE_BATCH, "mapName", MAP_NAME, "keysHex", KEYS_HEX, "valuesHex",
                    VALUES_HEX, "flags", BATCH_FLAGS)
            .operation("update", ACTION, TYPED_UPDATE, "mapName", MAP_NAME, "key", KEY_JSON, "value", VALUE_JSON,
                    "flags", FLAGS)
            .operation("lookup", INFO, TYPED_LOOKUP, "mapName", MAP_NAME, "key", KEY_JSON)
            .operation("delete", ACTION, TYPED_DELETE, "mapName", MAP_NAME, "key", KEY_JSON)
            .operation("push", ACTION, PUSH, "mapName", MAP_NAME, "valueHex", PUSH_VALUE_HEX, "flags", PUSH_FLAGS)
            .operation("pop", ACTION, POP, "mapName", MAP_NAME)
            .operation("peek", INFO, PEEK, "mapName", MAP_NAME, "valueHex", PEEK_VALUE_HEX)
            .operation("dump", INFO, TYPED_DUMP, "mapName", MAP_NAME, "maxEntries", MAX_ENTRIES)
            .operation("dumpFrom", INFO, TYPED_DUMP_FROM, "mapName", MAP_NAME, "cursorHex", CURSOR_HEX,
                    "maxEntries", PAGE_ENTRIES)
            .operation("reload", ACTION, "Loads a FAILED object again from its file, once its cause is fixed, or "
                    + "re-opens one whose programs are all detached (a new build of the file, say), with the agent "
                    + "options it was last loaded with; its maps start empty unless pinned (agent option pinMaps). "
                    + "Returns the new Status (READY…, or FAILED: why). Refused while a program is attached, and in "
                    + "read-only mode (agent option readOnly=true)")
            .operation("detachProgram", ACTION, "Detaches one program (destroys its link): it stops running, stays "
                    + "loaded, and its maps keep their entries; returns what was done (nothing, if it was not "
                    + "attached). Refused in read-only mode (agent option readOnly=true)", "programName", PROGRAM_NAME)
            .operation("attachProgram", ACTION, "Attaches one program where its ELF section says; returns what was "
                    + "done (nothing, if it was attached). Refused in read-only mode (agent option readOnly=true)",
                    "programName", PROGRAM_NAME);

    /**
     * Loads a FAILED object, or a loaded one whose programs are all detached, again from its file, on the agent's
     * loader thread, and gives its new status.
     */
    interface Reloader {
        String reload(BpfObjectManager object);
    }

    private final String name;
    private final Path path;
    /** LOADING, READY…, or FAILED: why. Changes from FAILED to LOADING only under {@code this}. */
    private volatile String status = "LOADING";
    /** Set once the JVM shuts down: a closed object is not loaded again. Guarded by {@code this}. */
    private boolean closed;
    private volatile BpfObject object;
    private volatile Map<String, MapOperations> operations = Map.of();
    /** The options the object was last loaded with: its libbpf, whether reload is refused. */
    private volatile AgentOptions options;
    private volatile AgentLibbpf libbpf;
    private final OperationMetrics metrics;
    private final Audit audit;
    private final Reloader reloader;

    /**
     * An object outside any agent (tests), loaded with {@code options}, and {@link #reload} refused.
     */
    BpfObjectManager(Path path, OperationMetrics metrics, AgentOptions options) {
        this(path, metrics, options, null, new AuditTrails());
    }

    /**
     * An object of the agent, loaded with {@code options} (their audit, auditFile and auditValues stay for the
     * object's life), audited to the trail of {@code trails} they name.
     */
    BpfObjectManager(Path path, OperationMetrics metrics, AgentOptions options, Reloader reloader,
                     AuditTrails trails) {
        this.path = path;
        this.name = nameOf(path);
        this.metrics = metrics;
        this.audit = new Audit(name, new AuditEmitter(Agent.objectName(name, null)),
                trails.trailOf(options, metrics.registry()), options.auditValues());
        this.reloader = reloader;
        useOptions(options);
    }

    /** libbpf's name for an object file: the file name up to its first dot ({@code fixtures.bpf.o} → fixtures). */
    static String nameOf(Path path) {
        String file = path.getFileName().toString();
        int dot = file.indexOf('.');
        return dot > 0 ? file.substring(0, dot) : file;
    }

    /**
     * Loads the object and prepares its maps' operations; the status stays LOADING until {@link #publish}. A
     * failure is thrown, for the caller to log and then to {@link #fail publish}.
     *
     * @return the maps' operations, for their MBeans
     */
    Map<String, MapOperations> load(WritePolicy writePolicy) {
        BpfObject loaded = BpfObject.load(path, options.pinMaps());
        Map<String, MapOperations> byName = new LinkedHashMap<>();
        ReferenceWrites references = new ReferenceWrites(loaded, writePolicy);
        for (BpfMap map : loaded.maps()) {
            byName.put(map.name(), new MapOperations(name, map, metrics, writePolicy.refusalFor(loaded, map),
                    references, audit, new AuditEmitter(Agent.objectName(name, map.name()))));
        }
        operations = byName; // before the object: whoever sees the object loaded finds its maps
        object = loaded;
        return byName;
    }

    /** The options of the next load (a later attach naming a FAILED object brings its own). */
    void useOptions(AgentOptions options) {
        this.options = options;
        this.libbpf = new AgentLibbpf(options);
    }

    AgentOptions options() {
        return options;
    }

    /** The libbpf the object's options name. */
    AgentLibbpf libbpf() {
        return libbpf;
    }

    /**
     * Takes a FAILED object back to LOADING, for a new load; at once, so that whoever awaits the status after an
     * attach does not read the old FAILED.
     *
     * @return false, changing nothing, when the object is LOADING or READY already, or closed
     */
    synchronized boolean startLoadingAgain() {
        if (closed || !status.startsWith("FAILED")) {
            return false;
        }
        status = "LOADING";
        return true;
    }

    /**
     * Drops what a load that then failed (registering its MBeans, say) left open, so that FAILED holds nothing;
     * quietly, as it runs while that failure is reported.
     */
    void unload() {
        BpfObject loaded = object;
        object = null;
        operations = Map.of();
        if (loaded != null) {
            try {
                loaded.close();
            } catch (RuntimeException e) {
                Logger.getLogger(BpfObjectManager.class.getName()).log(Level.FINE, "bpfjmx: closing " + path, e);
            }
        }
    }

    /**
     * Attaches the loaded object's programs, if asked. A failure to attach leaves the maps usable; the READY status
     * returned says which programs are not attached and why (as does the Programs table).
     */
    String attach(boolean attach) {
        return attach ? attachPrograms(loaded()) : "READY (programs not attached: agent option attach=false)";
    }

    /** For the log line of a load: where the maps are pinned, which were there already, which are new; or "". */
    String pinNote() {
        List<MapPin> pins = loaded().pins();
        if (pins.isEmpty()) {
            return "";
        }
        String reused = pins.stream().filter(MapPin::reused).map(MapPin::map).collect(Collectors.joining(", "));
        String created = pins.stream().filter(p -> !p.reused()).map(MapPin::map).collect(Collectors.joining(", "));
        return "; maps pinned under " + pins.get(0).path().getParent() + (reused.isEmpty() ? "" : ", reused: "
                + reused) + (created.isEmpty() ? "" : ", new: " + created);
    }

    /** Whether an object is loaded (READY, or LOADING again after {@link #reload}), rather than FAILED or new. */
    boolean isLoaded() {
        return object != null;
    }

    /**
     * Makes {@code status} the Status attribute. The agent publishes once the maps' MBeans are registered and the
     * programs attached, so that whoever sees the status finds them.
     */
    void publish(String status) {
        this.status = status;
    }

    private static String attachPrograms(BpfObject loaded) {
        try {
            loaded.attach();
            return "READY";
        } catch (BpfException e) {
            return "READY (maps usable; not attached: " + loaded.programs().stream()
                    .filter(p -> !p.attachError().isEmpty())
                    .map(p -> p.attachError().lines().findFirst().orElse(""))
                    .collect(Collectors.joining("; ")) + ")";
        }
    }

    /** What the object's MBean emits: the audit of every write to its maps. */
    AuditEmitter emitter() {
        return audit.objectEmitter();
    }

    /** Publishes FAILED and why. */
    void fail(String reason) {
        publish("FAILED: " + reason);
    }

    void close() {
        synchronized (this) {
            closed = true;
        }
        BpfObject loaded = object;
        if (loaded != null) {
            loaded.close();
            status = "FAILED: closed (the JVM is shutting down)";
        }
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public String getPath() {
        return path.toString();
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
        return OpenTypes.maps(loaded().maps());
    }

    @Override
    public TabularData getPrograms() {
        return OpenTypes.programs(loaded().programs());
    }

    @Override
    public String reload() {
        refuseInReadOnlyMode("reload", "reload", null, "attach the agent again with the object to load it again");
        if (reloader == null) {
            throw new IllegalStateException("object '" + name + "' is not managed by the agent: nothing reloads it");
        }
        startReloading();
        String loaded = reloader.reload(this);
        boolean ready = loaded.startsWith("READY");
        audit.recordObject("reload", ready ? Outcome.SUCCESS : Outcome.FAILED,
                ready ? JmxFailure.NO_REASON : "load_failed");
        return loaded;
    }

    /**
     * Takes a FAILED object, or a READY one with no program attached, to LOADING, for {@link #reload}; refuses
     * (audited) any other, saying why. Under {@code this}, as program switches are, so that no program is attached
     * between the check and the status change.
     */
    private synchronized void startReloading() {
        String now = status;
        boolean detached = now.startsWith("READY") && ProgramSwitch.noneAttached(loaded().programs());
        if (!closed && (now.startsWith("FAILED") || detached)) {
            status = "LOADING";
            return;
        }
        String reason = closed ? "closed" : now.equals("LOADING") ? "loading" : "programs_attached";
        audit.recordObject("reload", Outcome.REJECTED, reason);
        throw new IllegalStateException(closed ? "object '" + name + "' is closed: the JVM is shutting down"
                : "object '" + name + "' is " + (now.equals("LOADING") ? "LOADING"
                : "READY with programs attached (" + ProgramSwitch.attachedNames(loaded().programs()) + ")")
                + "; reload re-opens only a FAILED object, or one whose programs are all detached: detach them "
                + "first (detachProgram)");
    }

    @Override
    public String detachProgram(String programName) {
        return switchProgram("detachProgram", "detach_program", programName, ProgramSwitch::detach);
    }

    @Override
    public String attachProgram(String programName) {
        return switchProgram("attachProgram", "attach_program", programName, ProgramSwitch::attach);
    }

    /**
     * Attaches or detaches one program of a READY object, audits it, and publishes the status that follows. Under
     * {@code this}: never together with another switch or a {@link #reload}. Lock order: this monitor, then the
     * object's lifecycle lock and the program's monitor (taken by the program itself, see BpfProgram); nothing that
     * holds those takes this monitor.
     */
    private synchronized String switchProgram(String operation, String auditOperation, String programName,
                                              Function<BpfProgram, ProgramSwitch.Result> change) {
        refuseInReadOnlyMode(operation, auditOperation, programName,
                "start the agent without readOnly=true to turn programs on and off");
        BpfObject loaded = object;
        if (loaded == null || !status.startsWith("READY")) {
            audit.recordProgram(auditOperation, programName, Outcome.REJECTED, "not_loaded");
            throw new IllegalStateException(notLoaded());
        }
        BpfProgram program;
        try {
            program = ProgramSwitch.find(name, loaded, programName);
        } catch (IllegalArgumentException e) {
            audit.recordProgram(auditOperation, programName, Outcome.REJECTED, "unknown_program");
            throw e;
        }
        ProgramSwitch.Result result;
        try {
            result = change.apply(program);
        } catch (BpfException e) {
            publish(ProgramSwitch.status(loaded.programs()));
            audit.recordProgram(auditOperation, programName, Outcome.FAILED, e.errnoName());
            throw new IllegalStateException(e.getMessage());
        } catch (IllegalStateException closing) { // the JVM shuts down and closes the object meanwhile
            audit.recordProgram(auditOperation, programName, Outcome.FAILED, "closed");
            throw closing;
        }
        if (result.changed()) {
            publish(ProgramSwitch.status(loaded.programs()));
        }
        audit.recordProgram(auditOperation, programName, result.outcome(), result.reason());
        if (result.outcome() == Outcome.REJECTED) {
            throw new IllegalStateException(result.message());
        }
        return result.message();
    }

    /** Refuses an operation on the object as a whole in read-only mode, audited as {@code read_only_mode}. */
    private void refuseInReadOnlyMode(String operationName, String auditOperation, String programName,
                                      String whatToDo) {
        if (!options.readOnly()) {
            return;
        }
        if (programName == null) {
            audit.recordObject(auditOperation, Outcome.REJECTED, "read_only_mode");
        } else {
            audit.recordProgram(auditOperation, programName, Outcome.REJECTED, "read_only_mode");
        }
        throw new UnsupportedOperationException(operationName + " refused on object '" + name + "': bpfjmx runs "
                + "read-only (agent option readOnly=true); " + whatToDo);
    }

    private BpfObject loaded() {
        BpfObject loaded = object;
        if (loaded == null) {
            throw new IllegalStateException(notLoaded());
        }
        return loaded;
    }

    /** Why the maps cannot be used now, and what to do. */
    private String notLoaded() {
        String now = status;
        return "object '" + name + "' is not loaded: " + now + (now.equals("LOADING")
                ? "; its maps can be used once it is READY"
                : "; see its Status, fix the cause and attach again (or invoke reload)");
    }

    /**
     * The named map's operations. An unknown name is counted as a rejection of map {@code unknown}, and audited
     * when the operation writes; so is any map of an object that is not loaded (LOADING or FAILED: reason
     * {@code not_loaded}), whose map names are not known.
     *
     * @param write the write asked for, or null for a read
     */
    @Override
    MapOperations map(String mapName, String operation, Supplier<Mutation> write) {
        BpfObject loaded = object;
        if (loaded == null) {
            String message = notLoaded();
            reject(mapName, operation, write, "not_loaded");
            throw new IllegalStateException(message);
        }
        MapOperations found = mapName == null ? null : operations.get(mapName);
        if (found == null && mapName != null) {
            found = loaded.findMap(mapName).map(m -> operations.get(m.name())).orElse(null);
        }
        if (found == null) {
            reject(mapName, operation, write, "unknown_map");
            throw new IllegalArgumentException((mapName == null ? "mapName is missing" : "no map '" + mapName
                    + "' in object '" + name + "'") + "; its maps are: " + String.join(", ", operations.keySet()));
        }
        return found;
    }

    /** Counts a rejection as one of map {@code unknown} (the name given is not known to be a map), audits a write. */
    private void reject(String mapName, String operation, Supplier<Mutation> write, String reason) {
        metrics.record(name, "unknown", operation, Outcome.REJECTED, reason, 0);
        if (write != null) {
            audit.record(mapName, null, write.get(), Outcome.REJECTED, reason);
        }
    }
}
