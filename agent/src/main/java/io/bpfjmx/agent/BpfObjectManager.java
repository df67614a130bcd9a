package io.bpfjmx.agent;

import static io.bpfjmx.agent.ParameterTexts.*;
import static javax.management.MBeanOperationInfo.ACTION;
import static javax.management.MBeanOperationInfo.INFO;

import io.bpfjmx.libbpf.BpfException;
import io.bpfjmx.libbpf.BpfMap;
import io.bpfjmx.libbpf.BpfObject;
import io.bpfjmx.libbpf.LibBpfLibrary;
import io.bpfjmx.libbpf.PossibleCpus;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import javax.management.openmbean.TabularData;

/**
 * One BPF object the agent manages, and its MBean: the object's status from LOADING to READY or FAILED, its maps
 * and programs, and map operations by map name. The MBean exists before the object loads, so that a failure is
 * visible in JConsole as the {@code Status} attribute.
 */
final class BpfObjectManager implements BpfObjectMBean {
    static final DescribedMBean.Descriptions DESCRIPTIONS = new DescribedMBean.Descriptions(
            "A BPF object loaded by bpfjmx with libbpf: its maps, programs and status, and map operations by name")
            .attribute("Name", "Object name: the file name up to its first dot, as libbpf names it")
            .attribute("Path", "The object file the agent loaded")
            .attribute("Status", "LOADING, READY (with any program that could not attach), or FAILED: why")
            .attribute("PossibleCpus", "Possible CPUs (/sys/devices/system/cpu/possible): the per-CPU slot count")
            .attribute("LibbpfVersion", "Version of the libbpf in use, and where it was loaded from")
            .attribute("Maps", "The object's maps: type, key and value sizes, max entries, per-CPU layout")
            .attribute("Programs", "The object's programs and whether each is attached")
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
            .operation("dump", INFO, TYPED_DUMP, "mapName", MAP_NAME, "maxEntries", MAX_ENTRIES);

    private final String name;
    private final Path path;
    private volatile String status = "LOADING";
    private volatile BpfObject object;
    private volatile Map<String, MapOperations> operations = Map.of();
    private final OperationMetrics metrics;
    private final Audit audit;

    /** {@code auditValues}: whether the audit shows the values written (agent option auditValues). */
    BpfObjectManager(Path path, OperationMetrics metrics, boolean auditValues) {
        this.path = path;
        this.name = nameOf(path);
        this.metrics = metrics;
        this.audit = new Audit(name, new AuditEmitter(Agent.objectName(name, null)), auditValues);
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
        BpfObject loaded = BpfObject.load(path);
        Map<String, MapOperations> byName = new LinkedHashMap<>();
        for (BpfMap map : loaded.maps()) {
            byName.put(map.name(), new MapOperations(name, map, metrics, writePolicy.refusalFor(loaded, map), audit,
                    new AuditEmitter(Agent.objectName(name, map.name()))));
        }
        object = loaded;
        operations = byName;
        return byName;
    }

    /**
     * Attaches the loaded object's programs, if asked. A failure to attach leaves the maps usable; the READY status
     * returned says which programs are not attached and why (as does the Programs table).
     */
    String attach(boolean attach) {
        return attach ? attachPrograms(loaded()) : "READY (programs not attached: agent option attach=false)";
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
        return status;
    }

    @Override
    public int getPossibleCpus() {
        return PossibleCpus.count();
    }

    @Override
    public String getLibbpfVersion() {
        return LibBpfLibrary.version() + " (" + LibBpfLibrary.loadedFrom() + ")";
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
    public void updateElem(String mapName, String keyHex, String valueHex, long flags) {
        map(mapName, "update", () -> Mutation.update(keyHex, valueHex, flags)).update(keyHex, valueHex, flags);
    }

    @Override
    public String lookupElem(String mapName, String keyHex) {
        return map(mapName, "lookup", null).lookup(keyHex);
    }

    @Override
    public String[] lookupElemPerCpu(String mapName, String keyHex) {
        return map(mapName, "lookup", null).lookupPerCpu(keyHex);
    }

    @Override
    public void deleteElem(String mapName, String keyHex) {
        map(mapName, "delete", () -> Mutation.delete(keyHex)).delete(keyHex);
    }

    @Override
    public String getNextKey(String mapName, String keyHex) {
        return map(mapName, "next_key", null).nextKey(keyHex);
    }

    @Override
    public TabularData dumpMap(String mapName, int maxEntries) {
        return map(mapName, "dump", null).dump(maxEntries);
    }

    @Override
    public int updateBatch(String mapName, String[] keysHex, String[] valuesHex, long flags) {
        return map(mapName, "update_batch", () -> Mutation.updateBatch(keysHex, valuesHex, flags))
                .updateBatch(keysHex, valuesHex, flags);
    }

    @Override
    public void update(String mapName, String key, String value, long flags) {
        map(mapName, "update", () -> Mutation.update("update", key, value, flags)).typedUpdate(key, value, flags);
    }

    @Override
    public String lookup(String mapName, String key) {
        return map(mapName, "lookup", null).typedLookup(key);
    }

    @Override
    public void delete(String mapName, String key) {
        map(mapName, "delete", () -> Mutation.delete("delete", key)).typedDelete(key);
    }

    @Override
    public String dump(String mapName, int maxEntries) {
        return map(mapName, "dump", null).typedDump(maxEntries);
    }

    private BpfObject loaded() {
        BpfObject loaded = object;
        if (loaded == null) {
            throw new IllegalStateException("object '" + name + "' is not loaded: " + status);
        }
        return loaded;
    }

    /**
     * The named map's operations. An unknown name is counted as a rejection of map {@code unknown}, and audited
     * when the operation writes.
     *
     * @param write the write asked for, or null for a read
     */
    private MapOperations map(String mapName, String operation, Supplier<Mutation> write) {
        BpfObject loaded = loaded();
        MapOperations found = mapName == null ? null : operations.get(mapName);
        if (found == null && mapName != null) {
            found = loaded.findMap(mapName).map(m -> operations.get(m.name())).orElse(null);
        }
        if (found == null) {
            metrics.record(name, "unknown", operation, OperationMetrics.Outcome.REJECTED, "unknown_map", 0);
            if (write != null) {
                audit.record(mapName, null, write.get(), OperationMetrics.Outcome.REJECTED, "unknown_map");
            }
            throw new IllegalArgumentException((mapName == null ? "mapName is missing" : "no map '" + mapName
                    + "' in object '" + name + "'") + "; its maps are: " + String.join(", ", operations.keySet()));
        }
        return found;
    }
}
