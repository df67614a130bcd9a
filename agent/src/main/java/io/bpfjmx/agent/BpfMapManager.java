package io.bpfjmx.agent;

import static io.bpfjmx.agent.ParameterTexts.*;
import static javax.management.MBeanOperationInfo.ACTION;
import static javax.management.MBeanOperationInfo.INFO;

import io.bpfjmx.libbpf.BpfMap;
import io.bpfjmx.libbpf.PossibleCpus;
import java.nio.ByteOrder;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;

/** The per-map MBean: one map's shape and operations, beside its object's MBean in JConsole's tree. */
final class BpfMapManager implements BpfMapMBean {
    /** What the Entries attribute shows at most: enough to look, bounded so a read stays cheap. */
    static final int ENTRIES_SHOWN = 1000;

    static final DescribedMBean.Descriptions DESCRIPTIONS = new DescribedMBean.Descriptions(
            "A BPF map of an object loaded by bpfjmx: its shape, its entries, and its operations")
            .attribute("Name", "Map name (globals: <object[:8]>.data/.bss/.rodata)")
            .attribute("Object", "Name of the BPF object the map belongs to")
            .attribute("Type", "Map type, as the kernel's enum bpf_map_type names it (HASH, PERCPU_ARRAY, …)")
            .attribute("KeySize", "Key size in bytes: every keyHex must have exactly this many bytes")
            .attribute("ValueSize", "Value size in bytes (for per-CPU maps, one CPU's value)")
            .attribute("MaxEntries", "Maximum number of entries (array maps: valid indexes are 0 to MaxEntries-1)")
            .attribute("PerCpu", "Whether the map keeps one value per possible CPU")
            .attribute("ValueBufferSize", "Bytes of a whole value buffer: round_up(ValueSize, 8) × PossibleCpus for "
                    + "per-CPU maps, else ValueSize")
            .attribute("PossibleCpus", "Possible CPUs (/sys/devices/system/cpu/possible): the per-CPU slot count")
            .attribute("Flags", "Map creation flags (e.g. 1 = BPF_F_NO_PREALLOC, 128 = BPF_F_RDONLY_PROG)")
            .attribute("ReadOnly", "True when user space cannot write the map (frozen .rodata, BPF_F_RDONLY)")
            .attribute("Id", "Kernel map id (bpftool map show id <Id>)")
            .attribute("Entries", "Up to " + ENTRIES_SHOWN + " entries (fewer where they would exceed "
                    + (CallBounds.BYTES_PER_CALL >> 20) + " MiB) as a table: one column per field of the key "
                    + "and value where the map has BTF (per-CPU maps: one value column per CPU), else key, value and "
                    + "per-CPU values in hex; readable by a JMX role that may not invoke operations")
            .attribute("KeyType", "The key's C type from the map's BTF (what the typed operations take as JSON); "
                    + "empty without BTF, but for a PROG_ARRAY or a map of maps (which the kernel keeps without BTF) "
                    + "the integer its keys are taken as")
            .attribute("ValueType", "The value's C type from the map's BTF (for per-CPU maps, one CPU's value); "
                    + "empty without BTF; for a PROG_ARRAY or a map of maps, the JSON its typed values read and "
                    + "write: {\"id\":N,\"name\":\"…\"} and {\"id\":N}, {\"pinned\":\"…\"} or "
                    + "{\"name\":\"…\"}")
            .attribute("ByteOrder", "LITTLE_ENDIAN or BIG_ENDIAN: the order of the bytes of a number in this "
                    + "host's maps, so in the hex the raw operations take and return")
            .attribute("EntryCount", "Number of keys in the map, walked key by key at most once every "
                    + EntryCounter.REFRESH_SECONDS + " seconds: a read in between gets the last count, unless a write "
                    + "through bpfjmx made it stale (what BPF programs change shows within "
                    + EntryCounter.REFRESH_SECONDS + " s). Each key counted once, at most MaxEntries; an estimate while "
                    + "the map changes. A hash map with MaxEntries keys is full: inserts fail with E2BIG. -1 for a map "
                    + "without keys (queue, stack, bloom filter: see push, pop, peek; ring buffer, perf event array)")
            .operation("updateElem", ACTION, UPDATE, "keyHex", KEY_HEX, "valueHex", VALUE_HEX, "flags", FLAGS)
            .operation("lookupElem", INFO, LOOKUP, "keyHex", KEY_HEX)
            .operation("lookupElemPerCpu", INFO, LOOKUP_PER_CPU, "keyHex", KEY_HEX)
            .operation("deleteElem", ACTION, DELETE, "keyHex", KEY_HEX)
            .operation("getNextKey", INFO, NEXT_KEY, "keyHex", NEXT_KEY_HEX)
            .operation("dump", INFO, DUMP, "maxEntries", MAX_ENTRIES)
            .operation("dumpFrom", INFO, DUMP_FROM, "cursorHex", CURSOR_HEX, "maxEntries", PAGE_ENTRIES)
            .operation("updateBatch", ACTION, UPDATE_BATCH, "keysHex", KEYS_HEX, "valuesHex", VALUES_HEX, "flags",
                    BATCH_FLAGS)
            .operation("update", ACTION, TYPED_UPDATE, "key", KEY_JSON, "value", VALUE_JSON, "flags", FLAGS)
            .operation("lookup", INFO, TYPED_LOOKUP, "key", KEY_JSON)
            .operation("delete", ACTION, TYPED_DELETE, "key", KEY_JSON)
            .operation("push", ACTION, PUSH, "valueHex", PUSH_VALUE_HEX, "flags", PUSH_FLAGS)
            .operation("pop", ACTION, POP)
            .operation("peek", INFO, PEEK, "valueHex", PEEK_VALUE_HEX);

    private final String objectName;
    private final MapOperations operations;
    private final BpfMap map;

    BpfMapManager(String objectName, MapOperations operations) {
        this.objectName = objectName;
        this.operations = operations;
        this.map = operations.map();
    }

    @Override
    public String getName() {
        return map.name();
    }

    @Override
    public String getObject() {
        return objectName;
    }

    @Override
    public String getType() {
        return map.type().name();
    }

    @Override
    public int getKeySize() {
        return map.keySize();
    }

    @Override
    public int getValueSize() {
        return map.valueSize();
    }

    @Override
    public int getMaxEntries() {
        return map.maxEntries();
    }

    @Override
    public boolean isPerCpu() {
        return map.isPerCpu();
    }

    @Override
    public int getValueBufferSize() {
        return map.layout().bufferSize();
    }

    @Override
    public int getPossibleCpus() {
        return PossibleCpus.count();
    }

    @Override
    public int getFlags() {
        return map.flags();
    }

    @Override
    public boolean isReadOnly() {
        return map.isReadOnly();
    }

    @Override
    public int getId() {
        return map.id();
    }

    @Override
    public String getKeyType() {
        return operations.keyType();
    }

    @Override
    public String getValueType() {
        return operations.valueType();
    }

    @Override
    public String getByteOrder() {
        return ByteOrder.nativeOrder().toString(); // the kernel's maps hold numbers as the host's CPU does
    }

    @Override
    public TabularData getEntries() {
        return operations.entries(ENTRIES_SHOWN);
    }

    @Override
    public int getEntryCount() {
        return operations.count();
    }

    @Override
    public void updateElem(String keyHex, String valueHex, long flags) {
        operations.update(keyHex, valueHex, flags);
    }

    @Override
    public String lookupElem(String keyHex) {
        return operations.lookup(keyHex);
    }

    @Override
    public String[] lookupElemPerCpu(String keyHex) {
        return operations.lookupPerCpu(keyHex);
    }

    @Override
    public void deleteElem(String keyHex) {
        operations.delete(keyHex);
    }

    @Override
    public String getNextKey(String keyHex) {
        return operations.nextKey(keyHex);
    }

    @Override
    public TabularData dump(int maxEntries) {
        return operations.dump(maxEntries);
    }

    @Override
    public CompositeData dumpFrom(String cursorHex, int maxEntries) {
        return operations.dumpFrom(cursorHex, maxEntries);
    }

    @Override
    public int updateBatch(String[] keysHex, String[] valuesHex, long flags) {
        return operations.updateBatch(keysHex, valuesHex, flags);
    }

    @Override
    public void update(String key, String value, long flags) {
        operations.typedUpdate(key, value, flags);
    }

    @Override
    public String lookup(String key) {
        return operations.typedLookup(key);
    }

    @Override
    public void delete(String key) {
        operations.typedDelete(key);
    }

    @Override
    public void push(String valueHex, long flags) {
        operations.push(valueHex, flags);
    }

    @Override
    public String pop() {
        return operations.pop();
    }

    @Override
    public String peek(String valueHex) {
        return operations.peek(valueHex);
    }
}
