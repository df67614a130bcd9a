package io.bpfjmx.client;

import java.util.Map;
import javax.management.openmbean.CompositeData;

/** A map's shape as the agent reports it: what the CLI needs to size keys and values and to show the map. */
record MapInfo(String object, String name, int id, String type, int keySize, int valueSize, int maxEntries,
        int flags, boolean perCpu, int valueBufferSize, int possibleCpus, boolean readOnly) {
    /** The attributes of {@code io.bpfjmx:type=BpfMap} that {@link #of(Map)} reads. */
    static final String[] ATTRIBUTES = {"Object", "Name", "Id", "Type", "KeySize", "ValueSize", "MaxEntries", "Flags",
        "PerCpu", "ValueBufferSize", "PossibleCpus", "ReadOnly"};

    /** From the {@link #ATTRIBUTES} of the map's own MBean, by name. */
    static MapInfo of(Map<String, Object> a) {
        return new MapInfo((String) a.get("Object"), (String) a.get("Name"), number(a.get("Id")),
                (String) a.get("Type"), number(a.get("KeySize")), number(a.get("ValueSize")),
                number(a.get("MaxEntries")), number(a.get("Flags")), (Boolean) a.get("PerCpu"),
                number(a.get("ValueBufferSize")), number(a.get("PossibleCpus")), (Boolean) a.get("ReadOnly"));
    }

    /** From a row of the {@code Maps} attribute of {@code io.bpfjmx:type=BpfObject}. */
    static MapInfo of(String object, CompositeData row, int possibleCpus) {
        return new MapInfo(object, (String) row.get("name"), number(row.get("id")), (String) row.get("type"),
                number(row.get("keySize")), number(row.get("valueSize")), number(row.get("maxEntries")),
                number(row.get("flags")), (Boolean) row.get("perCpu"), number(row.get("valueBufferSize")),
                possibleCpus, (Boolean) row.get("readOnly"));
    }

    /** An int item, however the connector delivered it (Jolokia's JSON may turn it into a Long). */
    static int number(Object value) {
        return ((Number) value).intValue();
    }

    /** {@code object/map}: how the CLI names a map unambiguously. */
    String qualifiedName() {
        return object + "/" + name;
    }
}
