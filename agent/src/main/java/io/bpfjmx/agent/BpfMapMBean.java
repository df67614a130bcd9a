package io.bpfjmx.agent;

import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;

/**
 * {@code io.bpfjmx:type=BpfMap,object=<object>,name=<map>}: one map, its shape as attributes (so a JMX role that
 * may read but not invoke still sees it, entries included) and the operations of {@link BpfObjectMBean} without
 * the map name. Descriptions are in {@link BpfMapManager#DESCRIPTIONS}.
 */
public interface BpfMapMBean {
    String getName();

    String getObject();

    String getType();

    int getKeySize();

    int getValueSize();

    int getMaxEntries();

    boolean isPerCpu();

    int getValueBufferSize();

    int getPossibleCpus();

    int getFlags();

    boolean isReadOnly();

    int getId();

    String getKeyType();

    String getValueType();

    String getByteOrder();

    TabularData getEntries();

    int getEntryCount();

    void updateElem(String keyHex, String valueHex, long flags);

    String lookupElem(String keyHex);

    String[] lookupElemPerCpu(String keyHex);

    void deleteElem(String keyHex);

    String getNextKey(String keyHex);

    TabularData dump(int maxEntries);

    CompositeData dumpFrom(String cursorHex, int maxEntries);

    int updateBatch(String[] keysHex, String[] valuesHex, long flags);

    void update(String key, String value, long flags);

    String lookup(String key);

    void delete(String key);

    void push(String valueHex, long flags);

    String pop();

    String peek(String valueHex);
}
