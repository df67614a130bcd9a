package io.bpfjmx.agent.export;

import static io.bpfjmx.libbpf.testing.TypesFixture.FLOW_KEY;
import static io.bpfjmx.libbpf.testing.TypesFixture.FLOW_STATS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bpfjmx.agent.options.AgentOptions;
import io.bpfjmx.agent.options.ExportRequest;
import io.bpfjmx.libbpf.BpfMap;
import io.bpfjmx.libbpf.BpfObject;
import io.bpfjmx.libbpf.UpdateFlags;
import io.bpfjmx.libbpf.testing.BpfObjects;
import io.bpfjmx.libbpf.testing.Bpftool;
import io.bpfjmx.libbpf.testing.Le;
import io.bpfjmx.libbpf.testing.RequiresBpf;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.search.Search;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Map entries as meters, on the real kernel: each test loads its own objects (fresh maps), writes entries, refreshes
 * the export by hand and reads the meters, and the Prometheus text that a scrape would serve.
 */
@RequiresBpf
class MapExportTest {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final List<AutoCloseable> opened = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable closeable : opened) {
            closeable.close();
        }
        registry.close();
    }

    @Test
    void aStructValueIsOneSeriesPerNumericFieldAndAStructKeyOneTagPerField() throws Exception {
        BpfMap flows = load("types").map("flows");
        put(flows, FLOW_KEY, FLOW_STATS);
        export(flows, "", 1000).refresh();

        Map<String, Double> byField = gauges("bpf.map.value").stream().collect(Collectors.toMap(
                gauge -> gauge.getId().getTag("field"), Gauge::value));
        // char arrays, other arrays, enums and 128-bit ints are no numbers: comm, color, labels, u.as_bytes, matrix,
        // big, wide are left out
        assertThat(byField.keySet()).containsExactlyInAnyOrder("packets", "delta", "range.lo", "range.hi", "flag_a", "flag_b",
                "level", "inner_a", "inner_b", "u.as_u32", "small", "medium", "enabled", "counter", "ptr", "ratio",
                "mean");
        assertThat(byField).containsEntry("packets", 0x1p64).containsEntry("delta", -42.0)
                .containsEntry("range.lo", -3.0).containsEntry("flag_b", 5.0).containsEntry("u.as_u32", 16909060.0)
                .containsEntry("enabled", 1.0).containsEntry("ratio", 1.5).containsEntry("mean", -2.25);
        Map<String, Object> shown = Bpftool.formatted(flows.id(), FLOW_KEY);
        Map<?, ?> value = (Map<?, ?>) shown.get("value");
        assertThat(byField.get("packets")).as("bpftool's packets").isEqualTo(((Number) value.get("packets"))
                .doubleValue());
        assertThat(byField.get("delta")).as("bpftool's delta").isEqualTo(((Number) value.get("delta")).doubleValue());

        assertThat(scrape()).contains("bpf_map_value{dst=\"2\",field=\"packets\",map=\"flows\",object=\"types\","
                + "port=\"80\",proto=\"6\",src=\"1\"} 1.8446744073709552E19\n");
    }

    @Test
    void aPerCpuValueIsSummedOrOneSeriesPerCpu() throws Exception {
        BpfObject types = load("types");
        BpfMap stats = types.map("percpu_stats");
        int cpus = stats.layout().slots();
        List<String> slots = new ArrayList<>();
        for (int cpu = 0; cpu < cpus; cpu++) {
            slots.add("{\"cpu\":" + cpu + ",\"value\":{\"packets\":" + (10 * (cpu + 1)) + ",\"drops\":" + cpu + "}}");
        }
        put(stats, "7", "[" + String.join(",", slots) + "]");
        double packets = 0;
        for (Object slot : (List<?>) Bpftool.formatted(stats.id(), "7").get("values")) {
            packets += ((Number) ((Map<?, ?>) ((Map<?, ?>) slot).get("value")).get("packets")).doubleValue();
        }

        ExportedMap summed = export(stats, "", 1000);
        summed.refresh();
        assertThat(gauge("bpf.map.value", "key", "7", "field", "packets").value()).as("bpftool's sum")
                .isEqualTo(packets).isEqualTo(10.0 * cpus * (cpus + 1) / 2);
        assertThat(gauge("bpf.map.value", "key", "7", "field", "drops").value()).isEqualTo(cpus * (cpus - 1) / 2.0);
        assertThat(gauges("bpf.map.value")).allMatch(gauge -> gauge.getId().getTag("cpu") == null);
        summed.close();

        export(stats, "/cpu/name=bpf.by.cpu", 1000).refresh();
        assertThat(gauges("bpf.by.cpu")).hasSize(2 * cpus);
        for (int cpu = 0; cpu < cpus; cpu++) {
            assertThat(gauge("bpf.by.cpu", "key", "7", "field", "packets", "cpu", Integer.toString(cpu)).value())
                    .isEqualTo(10.0 * (cpu + 1));
        }
    }

    @Test
    void atMostTheLimitOfSeriesAndTheEntriesLeftOutAreCounted() {
        BpfMap names = load("types").map("names");
        for (String name : List.of("alpha", "beta", "gamma", "delta", "epsilon")) {
            put(names, name, "1");
        }
        ExportedMap export = export(names, "", 2);
        export.refresh();
        assertThat(gauges("bpf.map.value")).hasSize(2);
        assertThat(meter(RefreshMeters.DROPPED)).isEqualTo(3.0);
        assertThat(meter(RefreshMeters.SERIES)).isEqualTo(2.0);
        Set<String> first = keyTags("bpf.map.value");

        export.refresh();
        assertThat(keyTags("bpf.map.value")).as("the same entries, whatever the map's order").isEqualTo(first);

        String gone = first.iterator().next();
        names.delete(names.codec().encodeKey(gone));
        export.refresh();
        assertThat(keyTags("bpf.map.value")).hasSize(2).doesNotContain(gone)
                .containsAll(first.stream().filter(name -> !name.equals(gone)).toList());
        assertThat(meter(RefreshMeters.DROPPED)).isEqualTo(2.0);
    }

    @Test
    void aLimitBelowTheSeriesOfOneEntryRefusesTheMap() {
        BpfMap flows = load("types").map("flows");
        assertThatThrownBy(() -> export(flows, "", 16)).isInstanceOf(NotExportableException.class)
                .hasMessage("one entry makes 17 series (its 17 numeric fields), more than exportLimit (16) allows; "
                        + "raise exportLimit");
    }

    @Test
    void anEntryDeletedFromTheMapLeavesTheRegistryAtTheNextRefresh() {
        BpfMap names = load("types").map("names");
        put(names, "kept", "1");
        put(names, "deleted", "2");
        ExportedMap export = export(names, "", 1000);
        export.refresh();
        assertThat(keyTags("bpf.map.value")).containsExactlyInAnyOrder("kept", "deleted");

        names.delete(names.codec().encodeKey("deleted"));
        put(names, "kept", "3");
        export.refresh();
        assertThat(keyTags("bpf.map.value")).containsExactly("kept");
        assertThat(gauge("bpf.map.value", "key", "kept").value()).isEqualTo(3.0);
        assertThat(scrape()).doesNotContain("deleted");
    }

    /**
     * Another thread deletes and re-adds half the keys and rewrites the others while the export reads the map again
     * and again: every refresh succeeds, and the keys there all along are series with the numbers they had.
     */
    @Test
    void aMapThatChangesWhileItIsReadKeepsItsSteadyEntries() throws Exception {
        BpfMap map = load("fixtures").map("hash_map");
        int steady = 500;
        int churned = 500;
        for (int key = 0; key < steady + churned; key++) {
            map.update(Le.u32(key), Le.u64(key), UpdateFlags.ANY);
        }
        ExportedMap export = export(map, "", 10_000);
        AtomicBoolean reading = new AtomicBoolean(true);
        AtomicReference<Throwable> writerFailure = new AtomicReference<>();
        Thread writer = new Thread(() -> {
            try {
                for (long round = 1; reading.get(); round++) {
                    for (int key = steady; key < steady + churned && reading.get(); key++) {
                        map.delete(Le.u32(key));
                        map.update(Le.u32(key), Le.u64(round), UpdateFlags.NOEXIST);
                    }
                }
            } catch (Throwable e) {
                writerFailure.set(e);
            }
        }, "changing-the-map");
        writer.start();
        try {
            for (int refresh = 0; refresh < 40; refresh++) {
                export.refresh();
                Set<String> keys = keyTags("bpf.map.value");
                for (int key = 0; key < steady; key += 50) {
                    assertThat(keys).as("refresh %d: key %d was there all along", refresh, key)
                            .contains(Integer.toString(key));
                    assertThat(gauge("bpf.map.value", "key", Integer.toString(key)).value()).isEqualTo(key);
                }
                assertThat(keys).hasSizeBetween(steady, steady + churned);
            }
        } finally {
            reading.set(false);
            writer.join();
        }
        assertThat(writerFailure.get()).isNull();
        assertThat(counter(RefreshMeters.REFRESHES, "outcome", "success")).isEqualTo(40.0);
        assertThat(registry.find(RefreshMeters.REFRESHES).tag("outcome", "failed").functionCounter()).isNull();
    }

    @Test
    void aMapWithoutBtfHasItsKeyInHexAndItsValueAsAnUnsignedNumber() {
        BpfMap raw = load("types").map("raw");
        raw.update(Le.u32(1), Le.u64(-1), UpdateFlags.ANY);
        export(raw, "/key=id", 1000).refresh();
        assertThat(gauge("bpf.map.value", "id", "01000000").value()).isEqualTo(0x1p64);
    }

    @Test
    void keyFieldsBecomeLabelsThatPrometheusKeepsApart() {
        BpfMap clashing = load("export").map("clashing");
        put(clashing, "{\"map\":1,\"addr\":{\"port\":80,\"proto\":6},\"addr_port\":9,\"__pad\":0}", "5");
        export(clashing, "", 1000).refresh();
        assertThat(scrape()).contains("bpf_map_value{addr_port=\"80\",addr_proto=\"6\",key_addr_port=\"9\","
                + "key_map=\"1\",map=\"clashing\",object=\"export\",pad=\"0\"} 5.0\n");
    }

    @Test
    void aCharArrayFieldOfTheKeyIsItsString() {
        BpfMap calls = load("export").map("calls");
        put(calls, "{\"comm\":\"cat\",\"pid\":42}", "118");
        export(calls, "/counter", 1000).refresh();
        FunctionCounter counter = registry.find("bpf.map.counter").tags("comm", "cat", "pid", "42")
                .functionCounter();
        assertThat(counter.count()).isEqualTo(118.0);
        assertThat(scrape()).contains("# TYPE bpf_map_counter_total counter\n"
                + "bpf_map_counter_total{comm=\"cat\",map=\"calls\",object=\"export\",pid=\"42\"} 118.0\n");
    }

    /** One meter name, maps with different keys: each series has its map's tags; Prometheus takes them together. */
    @Test
    void mapsOfDifferentKeysShareTheDefaultName() {
        BpfObject types = load("types");
        put(types.map("flows"), FLOW_KEY, FLOW_STATS);
        put(types.map("names"), "alpha", "-5");
        export(types.map("flows"), "", 1000).refresh();
        export(types.map("names"), "/key=name", 1000).refresh();
        String scrape = scrape();
        assertThat(scrape).containsOnlyOnce("# TYPE bpf_map_value gauge\n")
                .contains("bpf_map_value{map=\"names\",name=\"alpha\",object=\"types\"} -5.0\n")
                .contains("bpf_map_value{dst=\"2\",field=\"delta\",map=\"flows\",object=\"types\",port=\"80\","
                        + "proto=\"6\",src=\"1\"} -42.0\n");
    }

    /**
     * A global section has BTF for its value only, not for its key: it is exported as a map without BTF, a value of
     * 4 or 8 bytes as one number.
     */
    @Test
    void aGlobalSectionOfOneIntIsExportedAsAMapWithoutBtf() {
        BpfMap data = load("fixtures").map(".data");
        export(data, "", 1000).refresh();
        assertThat(gauge("bpf.map.value", "key", "00000000").value()).isEqualTo(7.0);
    }

    @Test
    void mapsWithoutKeysOrWithoutANumberAreRefused() {
        assertThatThrownBy(() -> export(load("types").map("colors"), "", 1000))
                .isInstanceOf(NotExportableException.class)
                .hasMessage("its value, enum color, has no numeric field (only ints, bools and floats are; char "
                        + "arrays, other arrays, enums and 128-bit ints are not)");
        assertThatThrownBy(() -> export(load("keyless").map("queue"), "", 1000))
                .isInstanceOf(NotExportableException.class)
                .hasMessage("it is a QUEUE, which has no keys to tell its entries apart (only maps with keys are "
                        + "exported: hashes, arrays, LRU and per-CPU maps, tries…)");
    }

    /** A scrape reads what the last refresh left: after the object closes, the numbers are still there. */
    @Test
    void aScrapeReadsTheLastRefreshNotTheKernel() {
        BpfObject types = load("types");
        BpfMap names = types.map("names");
        put(names, "alpha", "7");
        ExportedMap export = export(names, "", 1000);
        export.refresh();
        types.close();

        export.refresh();
        assertThat(gauge("bpf.map.value", "key", "alpha").value()).isEqualTo(7.0);
        assertThat(counter(RefreshMeters.REFRESHES, "outcome", "failed", "reason", "closed")).isEqualTo(1.0);
        assertThat(scrape()).contains("bpf_map_value{key=\"alpha\",map=\"names\",object=\"types\"} 7.0\n");
    }

    @Test
    void closingTheExportRemovesEveryMeterItRegistered() {
        BpfMap names = load("types").map("names");
        put(names, "alpha", "7");
        ExportedMap export = export(names, "", 1000);
        export.refresh();
        assertThat(registry.getMeters()).isNotEmpty();
        export.close();
        assertThat(registry.getMeters()).isEmpty();
        export.refresh();
        assertThat(registry.getMeters()).as("no refresh after the close").isEmpty();
    }

    private BpfObject load(String object) {
        BpfObject loaded = BpfObject.load(BpfObjects.path(object + ".bpf.o"));
        opened.add(loaded);
        return loaded;
    }

    /** The export of {@code map} with these settings ({@code /counter…}, or empty), of the object it belongs to. */
    private ExportedMap export(BpfMap map, String settings, int limit) {
        ExportRequest request = AgentOptions.parse("export=" + map.name() + settings).exports().get(0);
        String object = opened.stream().map(o -> (BpfObject) o).filter(o -> o.findMap(map.name()).orElse(null) == map)
                .findFirst().orElseThrow().name();
        ExportedMap export = ExportedMap.of(object, map, request, limit, registry);
        opened.add(export::close);
        return export;
    }

    /** Writes one entry as JSON, by the map's BTF. */
    static void put(BpfMap map, String keyJson, String valueJson) {
        map.update(map.codec().encodeKey(keyJson), map.codec().encodeValue(valueJson), UpdateFlags.ANY);
    }

    private List<Gauge> gauges(String name) {
        return new ArrayList<>(registry.find(name).gauges());
    }

    private Gauge gauge(String name, String... tags) {
        Gauge gauge = registry.find(name).tags(tags).gauge();
        assertThat(gauge).as("gauge %s %s among %s", name, List.of(tags), registry.getMeters().stream()
                .map(Meter::getId).toList()).isNotNull();
        return gauge;
    }

    /** The values of the {@code key} tag (or the first key tag) of the series of {@code name}. */
    private Set<String> keyTags(String name) {
        Set<String> keys = new HashSet<>();
        for (Gauge gauge : registry.find(name).gauges()) {
            keys.add(gauge.getId().getTag("key"));
        }
        return keys;
    }

    private double meter(String name) {
        return registry.get(name).gauge().value();
    }

    private double counter(String name, String... tags) {
        Search search = registry.find(name).tags(tags);
        return search.functionCounter().count();
    }

    private String scrape() {
        return registry.scrape();
    }
}
