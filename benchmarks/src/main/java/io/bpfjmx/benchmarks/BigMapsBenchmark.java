package io.bpfjmx.benchmarks;

import com.google.gson.stream.JsonReader;
import io.bpfjmx.agent.AgentMain;
import io.bpfjmx.libbpf.BpfMap;
import io.bpfjmx.libbpf.UpdateFlags;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;

/**
 * Reads of big maps, in one run (BENCHMARKS.md, "Big maps"): hash maps (u32 key, u64 value) of the sizes given,
 * and a per-CPU hash, each created by bpftool, pinned, filled by batch updates and opened by this JVM's agent
 * ({@code map=pinned:<folder>}); then for each map, median wall-clock milliseconds of
 * <ul>
 *   <li>{@code mbean}: the whole map through this JVM's platform MBean server, page by page ({@code dumpFrom}: keys
 *       and values as hex, 100,000 entries a page), as a JMX client's calls arrive in the agent;</li>
 *   <li>{@code cli}: {@code bpfjmx dump --pid <this JVM> --json} as a whole process, its output to /dev/null;</li>
 *   <li>{@code bpftool}: {@code bpftool -j map dump id N}, its output to /dev/null;</li>
 *   <li>{@code count}: what a refresh of {@code EntryCount} costs ({@link BpfMap#countKeys}).</li>
 * </ul>
 * Then, once, for the largest hash map: the CLI's dump in a heap of {@value #SMALL_HEAP} (paging keeps one page,
 * not the map, in the CLI's heap), its JSON read back and its entries counted ({@code cli-small-heap}, with the
 * entries it printed).
 *
 * <p>A timed loop, not JMH: each measure runs {@code WARMUP} times untimed first (the JIT, the page cache), then
 * {@code RUNS} times timed. Writes {@code map,entries,method,ms} lines to the CSV named by the first argument.
 *
 * <p>Arguments: {@code <csv> <bpfjmx launcher> <size>...}; the per-CPU map has 100,000 entries.
 */
public final class BigMapsBenchmark {
    private static final int WARMUP = 2;
    private static final int RUNS = 5;
    private static final int PER_CPU_ENTRIES = 100_000;
    private static final int PAGE = 100_000;
    private static final String SMALL_HEAP = "-Xmx96m";

    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    private final String cli;
    private final PrintWriter csv;

    private BigMapsBenchmark(String cli, PrintWriter csv) {
        this.cli = cli;
        this.csv = csv;
    }

    public static void main(String[] args) throws Exception {
        Path folder = Path.of("/sys/fs/bpf", "bpfjmx-bigmaps-" + ProcessHandle.current().pid());
        Files.createDirectories(folder);
        try (PrintWriter csv = new PrintWriter(Files.newBufferedWriter(Path.of(args[0])))) {
            List<String> names = new ArrayList<>();
            for (String size : Arrays.copyOfRange(args, 2, args.length)) {
                names.add(create(folder, "hash", "h" + size, Integer.parseInt(size)));
            }
            names.add(create(folder, "percpu_hash", "percpu" + PER_CPU_ENTRIES, PER_CPU_ENTRIES));
            AgentMain.start("map=pinned:" + folder + ",failOnError=true", null, true);
            csv.println("map,entries,method,ms");
            BigMapsBenchmark benchmark = new BigMapsBenchmark(args[1], csv);
            for (String name : names) {
                benchmark.measure(folder.resolve(name), name);
            }
            benchmark.smallHeap(names.get(names.size() - 2));
        } finally {
            try (var pins = Files.list(folder)) {
                for (Path pin : pins.toList()) {
                    Files.delete(pin);
                }
            }
            Files.delete(folder);
        }
        System.exit(0); // the agent's threads would keep the JVM
    }

    /** A map made by bpftool, pinned in {@code folder}, filled to {@code entries} by batch updates. */
    private static String create(Path folder, String type, String name, int entries) throws Exception {
        Path pin = folder.resolve(name);
        run(new ProcessBuilder("bpftool", "map", "create", pin.toString(), "type", type, "key", "4", "value", "8",
                "entries", Integer.toString(entries), "name", name).inheritIO());
        try (BpfMap map = BpfMap.openPinned(pin)) {
            int chunk = 10_000;
            for (int start = 0; start < entries; start += chunk) {
                int count = Math.min(chunk, entries - start);
                ByteBuffer keys = ByteBuffer.allocate(count * 4).order(ByteOrder.nativeOrder());
                ByteBuffer values = ByteBuffer.allocate(count * 8).order(ByteOrder.nativeOrder());
                for (int i = 0; i < count; i++) {
                    keys.putInt(start + i);
                    values.putLong(start + i);
                }
                map.updateBatch(keys.array(), values.array(), UpdateFlags.of(0));
            }
        }
        return name;
    }

    private void measure(Path pin, String name) throws Exception {
        ObjectName mbean = new ObjectName("io.bpfjmx:type=BpfMap,object=pinned,name=" + name);
        int entries;
        int id;
        try (BpfMap map = BpfMap.openPinned(pin)) {
            entries = map.countKeys(Integer.MAX_VALUE);
            id = map.id();
            time(name, entries, "count", () -> map.countKeys(Integer.MAX_VALUE));
        }
        time(name, entries, "mbean", () -> dumpThroughMBean(mbean, entries));
        String pid = Long.toString(ProcessHandle.current().pid());
        time(name, entries, "cli", () -> run(new ProcessBuilder(cli, "dump", "--pid", pid, "pinned/" + name, "--json")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)));
        time(name, entries, "bpftool", () -> run(new ProcessBuilder("bpftool", "-j", "map", "dump", "id",
                Integer.toString(id)).redirectOutput(ProcessBuilder.Redirect.DISCARD)));
    }

    /** The CLI's dump of map {@code name} in a small heap: its wall-clock time, and the entries its JSON holds. */
    private void smallHeap(String name) throws Exception {
        Path out = Files.createTempFile("bigmaps", ".json");
        try {
            ProcessBuilder process = new ProcessBuilder(cli, "dump", "--pid",
                    Long.toString(ProcessHandle.current().pid()), "pinned/" + name, "--json").redirectOutput(out.toFile());
            process.environment().put("BPFJMX_JAVA_OPTS", SMALL_HEAP);
            long start = System.nanoTime();
            run(process);
            double ms = (System.nanoTime() - start) / 1e6;
            int entries = 0;
            try (JsonReader json = new JsonReader(Files.newBufferedReader(out))) {
                json.beginObject();
                while (json.hasNext()) {
                    if (json.nextName().equals("entries")) {
                        json.beginArray();
                        while (json.hasNext()) {
                            json.skipValue();
                            entries++;
                        }
                        json.endArray();
                    } else {
                        json.skipValue();
                    }
                }
            }
            String line = name + "," + entries + ",cli-small-heap," + String.format("%.2f", ms);
            csv.println(line);
            System.out.println(line + " (" + SMALL_HEAP + "; entries: those its JSON holds)");
        } finally {
            Files.delete(out);
        }
    }

    private int dumpThroughMBean(ObjectName mbean, int expected) throws Exception {
        int read = 0;
        String cursor = null;
        do {
            CompositeData page = (CompositeData) server.invoke(mbean, "dumpFrom", new Object[] {cursor, PAGE},
                    new String[] {String.class.getName(), "int"});
            read += ((String[]) page.get("keys")).length;
            cursor = (String) page.get("next");
        } while (cursor != null);
        if (read != expected) {
            throw new IllegalStateException("the dump read " + read + " entries of " + expected);
        }
        return read;
    }

    private interface Measured {
        Object run() throws Exception;
    }

    private void time(String name, int entries, String method, Measured measured) throws Exception {
        for (int i = 0; i < WARMUP; i++) {
            measured.run();
        }
        double[] ms = new double[RUNS];
        for (int i = 0; i < RUNS; i++) {
            long start = System.nanoTime();
            measured.run();
            ms[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(ms);
        String line = name + "," + entries + "," + method + "," + String.format("%.2f", ms[RUNS / 2]);
        csv.println(line);
        csv.flush();
        System.out.println(line);
    }

    private static Object run(ProcessBuilder process) throws IOException, InterruptedException {
        Process started = process.redirectError(ProcessBuilder.Redirect.INHERIT).start();
        int exit = started.waitFor();
        if (exit != 0) {
            throw new IllegalStateException(String.join(" ", process.command()) + " exited with " + exit);
        }
        return exit;
    }
}
