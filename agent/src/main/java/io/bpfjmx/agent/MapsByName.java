package io.bpfjmx.agent;

import java.util.function.Supplier;
import javax.management.openmbean.TabularData;

/**
 * The map operations of an object's MBean ({@link BpfObjectMBean}), by map name: each finds the map's
 * {@link MapOperations} and hands the call on. The object's MBean says which maps it has ({@link #map}): a loaded
 * object's ({@link BpfObjectManager}), or the maps of the agent option {@code map} of one kind
 * ({@link ForeignObjectManager}).
 */
abstract class MapsByName implements BpfObjectMBean {
    /**
     * The named map's operations. A name that is no map of the object is refused here (an
     * {@link IllegalArgumentException} naming the maps there are), counted as a rejection of map {@code unknown} and
     * audited when the operation writes.
     *
     * @param operation the meters' name of the operation, for the rejection
     * @param write     the write asked for, or null for a read
     */
    abstract MapOperations map(String mapName, String operation, Supplier<Mutation> write);

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
    public void push(String mapName, String valueHex, long flags) {
        map(mapName, "push", () -> Mutation.push(valueHex, flags)).push(valueHex, flags);
    }

    @Override
    public String pop(String mapName) {
        return map(mapName, "pop", Mutation::pop).pop();
    }

    @Override
    public String peek(String mapName, String valueHex) {
        return map(mapName, "peek", null).peek(valueHex);
    }

    @Override
    public String dump(String mapName, int maxEntries) {
        return map(mapName, "dump", null).typedDump(maxEntries);
    }

    @Override
    public String dumpFrom(String mapName, String cursorHex, int maxEntries) {
        return map(mapName, "dump", null).typedDumpFrom(cursorHex, maxEntries);
    }
}
