package io.bpfjmx.client;

import io.bpfjmx.libbpf.btf.JsonTree;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;

/**
 * One map's MBean ({@code io.bpfjmx:type=BpfMap,object=...,name=...}): its shape, its operations with keys and
 * values in hex, and the typed ones with keys and values as JSON of the map's BTF types (the typed dump is on the
 * object's MBean, {@code io.bpfjmx:type=BpfObject,name=...}, by map name).
 */
final class RemoteMap {
    private static final String STRING = String.class.getName();
    private static final String STRINGS = String[].class.getName();

    private final MBeanServerConnection mbeans;
    private final ObjectName name;
    private final ObjectName object;
    private final MapInfo info;

    RemoteMap(MBeanServerConnection mbeans, ObjectName name, ObjectName object, MapInfo info) {
        this.mbeans = mbeans;
        this.name = name;
        this.object = object;
        this.info = info;
    }

    MapInfo info() {
        return info;
    }

    void update(String key, String value, long flags) {
        invoke("updateElem", new Object[] {key, value, flags}, STRING, STRING, "long");
    }

    Entry lookup(String key) {
        if (info.perCpu()) {
            String[] values = (String[]) invoke("lookupElemPerCpu", new Object[] {key}, STRING);
            return new Entry(key, null, List.of(values));
        }
        return new Entry(key, (String) invoke("lookupElem", new Object[] {key}, STRING), null);
    }

    void delete(String key) {
        invoke("deleteElem", new Object[] {key}, STRING);
    }

    /** Up to {@code limit} entries, in the kernel's order. */
    List<Entry> dump(int limit) {
        return entries((TabularData) invoke("dump", new Object[] {limit}, "int"));
    }

    /** Up to {@code limit} entries from {@code cursor} (null: the first page), and the next page's cursor. */
    Page<Entry> dumpFrom(String cursor, int limit) {
        CompositeData page = (CompositeData) invoke("dumpFrom", new Object[] {cursor, limit}, STRING, "int");
        String[] keys = (String[]) page.get("keys");
        String[] values = (String[]) page.get("values");
        List<Entry> entries = new ArrayList<>(keys.length);
        for (int i = 0; i < keys.length; i++) {
            entries.add(info.perCpu() ? new Entry(keys[i], null, cpuValues(values[i]))
                    : new Entry(keys[i], values[i], null));
        }
        return new Page<>(entries, (String) page.get("next"));
    }

    /** A per-CPU value buffer's slots (round_up(valueSize, 8) bytes each), padding dropped, as lookupElemPerCpu. */
    private List<String> cpuValues(String buffer) {
        int slot = 2 * info.valueBufferSize() / info.possibleCpus();
        List<String> values = new ArrayList<>(info.possibleCpus());
        for (int cpu = 0; cpu < info.possibleCpus(); cpu++) {
            values.add(buffer.substring(cpu * slot, cpu * slot + 2 * info.valueSize()));
        }
        return values;
    }

    /**
     * The {@code Entries} attribute: the agent's first entries (it caps them), for a JMX role that may read
     * attributes but not invoke operations. Typed rows where the map has BTF ({@link TypedRows}), else hex rows.
     */
    TabularData entriesTable() {
        return (TabularData) AgentErrors.call(() -> mbeans.getAttribute(name, "Entries"));
    }

    /** The entries of a table of hex rows: {@link #dump(int)}'s, or {@code Entries} of a map without BTF. */
    List<Entry> entries(TabularData table) {
        List<Entry> entries = new ArrayList<>();
        for (CompositeData entry : OpenRows.of(table)) {
            String key = (String) entry.get("key");
            entries.add(info.perCpu()
                    ? new Entry(key, null, Arrays.asList((String[]) entry.get("cpuValues")))
                    : new Entry(key, (String) entry.get("value"), null));
        }
        return entries;
    }

    /** @return how many entries the kernel wrote */
    int updateBatch(String[] keys, String[] values, long flags) {
        return MapInfo.number(invoke("updateBatch", new Object[] {keys, values, flags}, STRINGS, STRINGS, "long"));
    }

    /** The agent's typed {@code update}: key and value as JSON text of the map's types (or a bare word). */
    void typedUpdate(String key, String value, long flags) {
        invoke("update", new Object[] {key, value, flags}, STRING, STRING, "long");
    }

    /** The value under a typed key, as a JSON tree ({@link JsonTree}); per-CPU: the list of every CPU's value. */
    Object typedLookup(String key) {
        return JsonTree.read((String) invoke("lookup", new Object[] {key}, STRING));
    }

    void typedDelete(String key) {
        invoke("delete", new Object[] {key}, STRING);
    }

    /** Up to {@code limit} entries, decoded, in the kernel's order. */
    List<TypedEntry> typedDump(int limit) {
        String json = (String) AgentErrors.call(() -> mbeans.invoke(object, "dump", new Object[] {info.name(), limit},
                new String[] {STRING, "int"}));
        return TypedEntry.listOf(JsonTree.read(json));
    }

    /** {@link #dumpFrom}, decoded: the object's typed {@code dumpFrom}. */
    Page<TypedEntry> typedDumpFrom(String cursor, int limit) {
        String json = (String) AgentErrors.call(() -> mbeans.invoke(object, "dumpFrom",
                new Object[] {info.name(), cursor, limit}, new String[] {STRING, STRING, "int"}));
        Map<?, ?> page = (Map<?, ?>) JsonTree.read(json);
        return new Page<>(TypedEntry.listOf(page.get("entries")), (String) page.get("next"));
    }

    private Object invoke(String operation, Object[] arguments, String... signature) {
        return AgentErrors.call(() -> mbeans.invoke(name, operation, arguments, signature));
    }
}
