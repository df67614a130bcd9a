package io.bpfjmx.agent.system;

import io.bpfjmx.agent.DescribedMBean;
import java.util.concurrent.TimeUnit;
import javax.management.openmbean.TabularData;

/**
 * The BpfSystem MBean ({@link BpfSystemMBean}; agent option {@code system=true}): the host's maps and programs, read
 * when an attribute is read, at most once every {@value #REFRESH_SECONDS} seconds (a read opens every map and program
 * by id and walks every BPF file system for pins), so that the attributes of one look agree and a console polling
 * them costs little. Nothing here reads a map's contents; the maps of the agent option {@code map} have their own
 * MBeans for that.
 */
public final class SystemView implements BpfSystemMBean {
    /** How long one reading of the host is shown before the next attribute read reads again. */
    public static final int REFRESH_SECONDS = 5;

    public static final DescribedMBean.Descriptions DESCRIPTIONS = new DescribedMBean.Descriptions("Every BPF map and "
            + "program of the host, whoever made them, as bpftool map show and prog show list them; read-only, no "
            + "map contents. Read at most once every " + REFRESH_SECONDS + " s; needs CAP_SYS_ADMIN (root)")
            .attribute("Maps", "Every map: id, name, type, key and value sizes, max entries, flags, BTF id, pins, and "
                    + "the ids of the programs that use it")
            .attribute("Programs", "Every program: id, name, type, tag, load time, user, BTF id, the ids of the maps "
                    + "it uses, and pins")
            .attribute("MapCount", "How many maps the host has")
            .attribute("ProgramCount", "How many programs the host has")
            .attribute("Problems", "Maps and programs that could not be read, and pins the walk of the BPF file "
                    + "systems left out (it goes " + Snapshot.PIN_DEPTH + " folders deep and opens "
                    + Snapshot.PIN_FILES + " files at most); empty when the reading is complete")
            .attribute("ReadAt", "When the attributes were read from the kernel (UTC)");

    private final Runnable libbpf;
    /** The last reading, and when it was taken (System.nanoTime). Guarded by {@code this}. */
    private Snapshot last;
    private long lastNanos;

    /** @param libbpf loads the libbpf the agent options name, or throws saying why it cannot */
    public SystemView(Runnable libbpf) {
        this.libbpf = libbpf;
    }

    private synchronized Snapshot snapshot() {
        long now = System.nanoTime();
        if (last == null || now - lastNanos > TimeUnit.SECONDS.toNanos(REFRESH_SECONDS)) {
            try {
                libbpf.run();
                last = Snapshot.read();
            } catch (RuntimeException | LinkageError e) {
                // bpfjmx's own exception types cannot cross the wire: a JDK type with the whole message
                String why = e.getMessage() == null ? e.toString() : e.getMessage();
                throw new IllegalStateException("cannot read the host's BPF maps and programs: " + why);
            }
            lastNanos = now;
        }
        return last;
    }

    @Override
    public TabularData getMaps() {
        return SystemTables.maps(snapshot());
    }

    @Override
    public TabularData getPrograms() {
        return SystemTables.programs(snapshot());
    }

    @Override
    public int getMapCount() {
        return snapshot().maps().size();
    }

    @Override
    public int getProgramCount() {
        return snapshot().programs().size();
    }

    @Override
    public String[] getProblems() {
        return snapshot().problems().toArray(String[]::new);
    }

    @Override
    public String getReadAt() {
        return snapshot().readAt().toString();
    }
}
