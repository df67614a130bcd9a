package io.bpfjmx.client;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;

/**
 * One map's MBean ({@code io.bpfjmx:type=BpfMap,object=...,name=...}): its shape, and its operations with keys and
 * values in hex.
 */
final class RemoteMap {
    private static final String STRING = String.class.getName();
    private static final String STRINGS = String[].class.getName();

    private final MBeanServerConnection mbeans;
    private final ObjectName name;
    private final MapInfo info;

    RemoteMap(MBeanServerConnection mbeans, ObjectName name, MapInfo info) {
        this.mbeans = mbeans;
        this.name = name;
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

    /**
     * The {@code Entries} attribute: the agent's first entries (it caps them), for a JMX role that may read
     * attributes but not invoke operations.
     */
    List<Entry> entriesAttribute() {
        return entries((TabularData) AgentErrors.call(() -> mbeans.getAttribute(name, "Entries")));
    }

    private List<Entry> entries(TabularData table) {
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

    private Object invoke(String operation, Object[] arguments, String... signature) {
        return AgentErrors.call(() -> mbeans.invoke(name, operation, arguments, signature));
    }
}
