package io.bpfjmx.agent.export;

import static io.bpfjmx.agent.export.MapExportTest.put;
import static org.assertj.core.api.Assertions.assertThat;

import io.bpfjmx.agent.options.AgentOptions;
import io.bpfjmx.libbpf.BpfMap;
import io.bpfjmx.libbpf.BpfObject;
import io.bpfjmx.libbpf.testing.BpfObjects;
import io.bpfjmx.libbpf.testing.RequiresBpf;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Which maps the option {@code export} names in each object, and what is said of those it cannot export, on the
 * real kernel; the refresher thread at work.
 */
@RequiresBpf
class MapExportsTest {
    private static final Logger LOG = Logger.getLogger(MapExports.class.getName());

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final MapExports exports = new MapExports(registry);
    private final List<String> logged = new CopyOnWriteArrayList<>();
    private BpfObject types;
    private BpfObject export;

    @BeforeEach
    void load() {
        LOG.setFilter(record -> logged.add(record.getMessage()));
        types = BpfObject.load(BpfObjects.types());
        export = BpfObject.load(BpfObjects.path("export.bpf.o"));
        put(types.map("names"), "alpha", "1");
        put(export.map("calls"), "{\"comm\":\"cat\",\"pid\":1}", "2");
    }

    @AfterEach
    void close() {
        exports.close();
        types.close();
        export.close();
        LOG.setFilter(null);
    }

    @Test
    void aMapTheObjectDoesNotHaveIsOneLineNamingItsMapsAndTheOthersExport() throws Exception {
        start(types, "export=nosuch:names,exportInterval=50ms");
        assertThat(logged).contains("bpfjmx: export: object 'types' has no map 'nosuch'; its maps: "
                + types.maps().stream().map(BpfMap::name).collect(Collectors.joining(", "))
                + " (add /object=<object> to export a map of one object only)");
        awaitSeries("names", 1);
    }

    @Test
    void aMapOfOneObjectIsLeftAloneInTheOthers() throws Exception {
        String options = "export=names/object=types:calls/counter/object=export,exportInterval=50ms";
        start(types, options);
        start(export, options);
        awaitSeries("names", 1);
        awaitSeries("calls", 1);
        assertThat(logged).noneMatch(line -> line.contains("has no map"));
        assertThat(registry.find("bpf.map.counter").tag("map", "calls").functionCounter().count()).isEqualTo(2.0);
    }

    @Test
    void oneMeterNameCannotBeACounterInOneObjectAndAGaugeInAnother() throws Exception {
        start(types, "export=names/counter/name=bpf.shared,exportInterval=50ms");
        start(export, "export=calls/name=bpf.shared");
        assertThat(logged).contains("bpfjmx: export of map 'calls' of object 'export' refused: meter 'bpf.shared' is "
                + "a counter already, and Prometheus takes one type per name; give the map another with "
                + "/name=<meter>");
        awaitSeries("names", 1);
        assertThat(registry.find("bpf.shared").tag("map", "calls").meters()).isEmpty();
    }

    @Test
    void aMapNamedTwiceIsExportedAsTheFirstSays() throws Exception {
        start(types, "export=names/counter:names/object=types,exportInterval=50ms");
        assertThat(logged).contains("bpfjmx: export: map 'names' of object 'types' is named twice, as names and as "
                + "names/object=types; exported as the first says");
        awaitSeries("names", 1);
        assertThat(registry.find("bpf.map.value").meters()).isEmpty();
    }

    /** Globals answer to their section's name, as in writableMaps: {@code .data} is {@code fixtures.data}. */
    @Test
    void aGlobalSectionIsFoundByItsSectionsName() throws Exception {
        try (BpfObject fixtures = BpfObject.load(BpfObjects.fixtures())) {
            start(fixtures, "export=.data,exportInterval=50ms");
            awaitSeries("fixtures.data", 1);
            assertThat(registry.get("bpf.map.value").tag("map", "fixtures.data").gauge().value()).isEqualTo(7.0);
        }
    }

    @Test
    void aMapThatCannotBeExportedIsOneLineAndTheOthersExport() throws Exception {
        start(types, "export=colors:names,exportInterval=50ms");
        assertThat(logged).contains("bpfjmx: export of map 'colors' of object 'types' refused: its value, enum "
                + "color, has no numeric field (only ints, bools and floats are; char arrays, other arrays, enums "
                + "and 128-bit ints are not)");
        awaitSeries("names", 1);
    }

    @Test
    void stoppingAnObjectsExportsRemovesTheirMeters() throws Exception {
        start(types, "export=names,exportInterval=50ms");
        start(export, "export=calls,exportInterval=50ms");
        awaitSeries("names", 1);
        awaitSeries("calls", 1);
        exports.stop("types");
        assertThat(registry.find("bpf.map.value").tag("object", "types").meters()).isEmpty();
        assertThat(registry.find("bpfjmx.export.series").tag("object", "types").meters()).isEmpty();
        assertThat(registry.find("bpf.map.value").tag("object", "export").meters()).hasSize(1);
    }

    private void start(BpfObject object, String options) {
        exports.start(object.name(), object.maps(), AgentOptions.parse(options));
    }

    /** Waits for the refresher thread to have exported {@code series} series of {@code map}. */
    private void awaitSeries(String map, int series) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (registry.find("bpfjmx.export.series").tag("map", map).gauge() == null
                || registry.find("bpfjmx.export.series").tag("map", map).gauge().value() != series) {
            assertThat(System.nanoTime()).as("series of map %s; logged: %s", map, logged).isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
