package io.bpfjmx.libbpf;

/**
 * What the values of a map type are when user space writes them: file descriptors, which the kernel resolves in the
 * writing process to the program, map, socket, perf event, cgroup or device behind them ({@link MapType#fdValue()}).
 *
 * <p>Raw bytes for such a value are a number that means whatever file that process has open under it: through a
 * JVM's JMX, any program or map the JVM holds. So {@link BpfMap} refuses raw values for these maps, and writes only
 * programs and maps named by id, pin or name ({@link FdTarget}), which it opens for the one write and closes after.
 * What a process cannot name that way (a socket, a perf event, a cgroup, an AF_XDP socket, a device's redirect
 * target) bpfjmx does not write at all.
 *
 * <p>A lookup from user space reads no file descriptor back: the kernel answers with the id of the program or map
 * ({@code PROG_ARRAY}, maps of maps), a socket's cookie ({@code SOCKMAP}, {@code SOCKHASH},
 * {@code REUSEPORT_SOCKARRAY}), the device's value struct ({@code DEVMAP}, {@code CPUMAP}), or refuses.
 */
public enum FdValue {
    /** {@code PROG_ARRAY}: the programs a tail call jumps to. */
    PROGRAM("programs", null),
    /** {@code ARRAY_OF_MAPS}, {@code HASH_OF_MAPS}: inner maps, all of the shape the outer map was created for. */
    MAP("maps", null),
    /** {@code PERF_EVENT_ARRAY}. */
    PERF_EVENT("perf events", "perf event file descriptors, which only the process that opened the events can give"),
    /** {@code CGROUP_ARRAY}. */
    CGROUP("cgroups", "file descriptors of cgroup directories, which the process that writes them opens itself"),
    /** {@code SOCKMAP}, {@code SOCKHASH}, {@code REUSEPORT_SOCKARRAY}. */
    SOCKET("sockets", "socket file descriptors, which only a process holding the socket can give"),
    /** {@code XSKMAP}. */
    XDP_SOCKET("AF_XDP sockets", "AF_XDP socket file descriptors, which only the process holding the socket can "
            + "give"),
    /** {@code DEVMAP}, {@code DEVMAP_HASH}: a network interface index and, in the 8-byte form, a program fd. */
    NET_DEVICE("network devices", "network interface indexes and, in their 8-byte form, the file descriptor of a "
            + "program to run on redirected packets, which would name a program this process holds"),
    /** {@code CPUMAP}: a queue size and, in the 8-byte form, a program fd. */
    CPU("CPUs", "queue sizes and, in their 8-byte form, the file descriptor of a program to run on redirected "
            + "packets, which would name a program this process holds");

    private final String plural;
    private final String unwritable;

    FdValue(String plural, String unwritable) {
        this.plural = plural;
        this.unwritable = unwritable;
    }

    /** Whether bpfjmx writes such values: programs and maps, named by id, pin or name. */
    public boolean isWritable() {
        return unwritable == null;
    }

    /** {@code programs}, {@code maps}, {@code sockets}: what the map holds, for messages. */
    public String plural() {
        return plural;
    }

    /** {@code program}, {@code map}: one of them, for messages about programs and maps. */
    String singular() {
        return this == PROGRAM ? "program" : "map";
    }

    /** Why a map of {@code type} holding these cannot be written by bpfjmx; only for kinds that are not writable. */
    String whyUnwritable(MapType type) {
        return type.withArticle() + "'s values are " + unwritable + "; bpfjmx cannot write them";
    }
}
