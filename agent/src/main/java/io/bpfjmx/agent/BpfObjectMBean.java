package io.bpfjmx.agent;

import javax.management.openmbean.TabularData;

/**
 * {@code io.bpfjmx:type=BpfObject,name=<object>}: a loaded BPF object and every map in it. Descriptions of each
 * member are in {@link BpfObjectManager#DESCRIPTIONS}.
 */
public interface BpfObjectMBean {
    String getName();

    String getPath();

    String getStatus();

    int getPossibleCpus();

    String getLibbpfVersion();

    TabularData getMaps();

    TabularData getPrograms();

    void updateElem(String mapName, String keyHex, String valueHex, long flags);

    String lookupElem(String mapName, String keyHex);

    String[] lookupElemPerCpu(String mapName, String keyHex);

    void deleteElem(String mapName, String keyHex);

    String getNextKey(String mapName, String keyHex);

    TabularData dumpMap(String mapName, int maxEntries);

    int updateBatch(String mapName, String[] keysHex, String[] valuesHex, long flags);

    void update(String mapName, String key, String value, long flags);

    String lookup(String mapName, String key);

    void delete(String mapName, String key);

    void push(String mapName, String valueHex, long flags);

    String pop(String mapName);

    String peek(String mapName, String valueHex);

    String dump(String mapName, int maxEntries);

    String dumpFrom(String mapName, String cursorHex, int maxEntries);

    String reload();

    String detachProgram(String programName);

    String attachProgram(String programName);
}
