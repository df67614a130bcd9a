package io.bpfjmx.agent.system;

import javax.management.openmbean.TabularData;

/**
 * {@code io.bpfjmx:type=BpfSystem}: every BPF map and program of the host, whoever made them, as
 * {@code bpftool map show} and {@code prog show} list them; attributes only, so a JMX role that may read but not
 * invoke sees all of it, and no map's contents. Descriptions are in {@link SystemView#DESCRIPTIONS}.
 */
public interface BpfSystemMBean {
    TabularData getMaps();

    TabularData getPrograms();

    int getMapCount();

    int getProgramCount();

    String[] getProblems();

    String getReadAt();
}
