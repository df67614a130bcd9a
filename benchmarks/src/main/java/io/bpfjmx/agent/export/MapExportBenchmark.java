package io.bpfjmx.agent.export;

import io.bpfjmx.agent.options.AgentOptions;
import io.bpfjmx.agent.options.ExportRequest;
import io.bpfjmx.libbpf.BpfMap;
import io.bpfjmx.libbpf.BpfObject;
import io.bpfjmx.libbpf.UpdateFlags;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.jmx.JmxConfig;
import io.micrometer.jmx.JmxMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The export of map entries as meters (agent option {@code export}) on a map of {@value #ENTRIES} entries: map
 * {@code calls} of {@code export.bpf.o}, key {@code struct comm_pid {char comm[16]; __u32 pid;}}, value {@code __u64}.
 * <ul>
 *   <li>{@code readEntries}: the map read bucket by bucket and nothing else, the baseline of a refresh;</li>
 *   <li>{@code refresh}: one refresh once the series exist (what every {@code exportInterval} costs): the read, every
 *       value decoded by BTF and set; {@code limit} series (1,000 is the default cap: 9,000 entries are then only
 *       counted);</li>
 *   <li>{@code firstRefresh} (single shot): the refresh that registers the {@code limit} series, in Prometheus and
 *       JMX, as in the agent;</li>
 *   <li>{@code scrape} against {@code scrapeWithoutExport}: a Prometheus scrape with the {@code limit} series, and
 *       the same registry's scrape before the export registered anything (the agent's own meters of the map).</li>
 * </ul>
 * In package {@code io.bpfjmx.agent.export} to reach the package-private export itself, not through the agent's
 * refresher thread, whose schedule would blur the figures.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
public class MapExportBenchmark {
    public static final int ENTRIES = 10_000;

    @Param({"1000", "10000"})
    public int limit;

    private BpfObject object;
    private BpfMap map;
    private PrometheusMeterRegistry prometheus;
    private PrometheusMeterRegistry bare;
    private ExportedMap export;

    @Setup(Level.Trial)
    public void load() {
        object = BpfObject.load(Path.of(System.getProperty("bpfjmx.bpfDir", "bpf"), "export.bpf.o"));
        map = object.map("calls");
        for (int i = 0; i < ENTRIES; i++) {
            map.update(map.codec().encodeKey("{\"comm\":\"cmd" + i + "\",\"pid\":" + i + "}"),
                    map.codec().encodeValue(Integer.toString(i)), UpdateFlags.ANY);
        }
        bare = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new RefreshMeters(bare, "export", "calls"); // what an export registers besides its series
        prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        export = ExportedMap.of("export", map, request(), limit, prometheus);
        export.refresh();
    }

    private static ExportRequest request() {
        return AgentOptions.parse("export=calls").exports().get(0);
    }

    @TearDown(Level.Trial)
    public void close() {
        export.close();
        prometheus.close();
        bare.close();
        object.close();
    }

    @Benchmark
    public void readEntries(Blackhole blackhole) {
        map.forEachEntry(ENTRIES, blackhole::consume);
    }

    @Benchmark
    public void refresh() {
        export.refresh();
    }

    /** A new export of the same map into the registries the agent has, Prometheus and JMX, for each invocation. */
    @State(Scope.Thread)
    public static class FreshExport {
        private CompositeMeterRegistry registries;
        private ExportedMap export;

        @Setup(Level.Invocation)
        public void create(MapExportBenchmark benchmark) {
            registries = new CompositeMeterRegistry();
            registries.add(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
            registries.add(new JmxMeterRegistry(JmxConfig.DEFAULT, Clock.SYSTEM));
            export = ExportedMap.of("export", benchmark.map, request(), benchmark.limit, registries);
        }

        @TearDown(Level.Invocation)
        public void drop() {
            export.close();
            registries.close();
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public void firstRefresh(FreshExport fresh) {
        fresh.export.refresh();
    }

    @Benchmark
    public String scrape() {
        return prometheus.scrape();
    }

    @Benchmark
    public String scrapeWithoutExport() {
        return bare.scrape();
    }
}
