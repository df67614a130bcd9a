package io.bpfjmx.agent.it;

import static io.bpfjmx.libbpf.testing.TypesFixture.FLOW_KEY;
import static io.bpfjmx.libbpf.testing.TypesFixture.FLOW_STATS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bpfjmx.agent.it.apps.PlainHostApp;
import io.bpfjmx.libbpf.btf.JsonTree;
import io.bpfjmx.libbpf.testing.Bpftool;
import io.bpfjmx.libbpf.testing.PinnedByBpftool;
import io.bpfjmx.libbpf.testing.RequiresBpf;
import io.bpfjmx.libbpf.testing.TypesFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import javax.management.InstanceNotFoundException;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.RuntimeMBeanException;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Maps the JVM did not load (agent option {@code map}): created and pinned by bpftool, as a daemon or a C loader
 * would, opened in a real host JVM by pin, folder of pins, id and name, used over JMX, and read back by bpftool.
 */
@RequiresBpf
class ForeignMapsIT {
    private static final String S = "java.lang.String";
    private static final String[] UPDATE = {S, S, "long"};

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.bpfjmx.agent.it.Jdk#all")
    void aFolderOfPinsBecomesMapMBeansWithTypesMetersAndAuditAndThePinsOutliveTheJvm(Jdk jdk) throws Exception {
        try (PinnedByBpftool loaded = PinnedByBpftool.types("foreign-folder-" + jdk.feature())) {
            try (HostJvm host = HostJvm.on(jdk).mainClass(PlainHostApp.class)
                    .javaAgent(ItPaths.agentJar(), "map=pinned:" + loaded.maps()).start()) {
                host.waitFor("host ready");
                assertThat(host.awaitObjectStatus("pinned")).as(host.output()).isEqualTo("READY");
                MBeanServerConnection jmx = host.connect();
                ObjectName object = HostJvm.bpfObjectName("pinned");
                assertThat(jmx.getAttribute(object, "Path")).isEqualTo("pinned:" + loaded.maps());
                assertThat(names((TabularData) jmx.getAttribute(object, "Maps")))
                        .isEqualTo("colors flows names percpu_stats raw");
                host.waitFor("bpfjmx: map=pinned:" + loaded.maps() + ": skipped " + loaded.pin("types_prog")
                        + ": not a map (a program or link is pinned there)");

                // typed, from the BTF the kernel holds for a map bpftool created: bpftool decodes the same value
                ObjectName flows = map("flows");
                assertThat(jmx.getAttribute(flows, "Id")).isEqualTo(loaded.mapId("flows"));
                jmx.invoke(flows, "update", new Object[] {FLOW_KEY, FLOW_STATS, 0L}, UPDATE);
                assertThat(JsonTree.read((String) jmx.invoke(flows, "lookup", new Object[] {FLOW_KEY},
                        new String[] {S}))).isEqualTo(JsonTree.read(FLOW_STATS));
                @SuppressWarnings("unchecked")
                Map<String, Object> stats = (Map<String, Object>) JsonTree.read(FLOW_STATS);
                assertThat(Bpftool.formatted(loaded.mapId("flows"), FLOW_KEY).get("value"))
                        .isEqualTo(TypesFixture.asBpftoolShowsFlowStats(stats));

                // a map without BTF: hex only; sizes checked before the kernel, which would read past a short key
                ObjectName raw = map("raw");
                jmx.invoke(raw, "updateElem", new Object[] {"01000000", "2a00000000000000", 0L},
                        new String[] {S, S, "long"});
                assertThat(Bpftool.entries(loaded.mapId("raw"))).containsExactly(Map.entry("01000000",
                        "2a00000000000000"));
                assertThatThrownBy(() -> jmx.invoke(raw, "update", new Object[] {"1", "2", 0L}, UPDATE))
                        .isInstanceOf(RuntimeMBeanException.class).cause()
                        .isExactlyInstanceOf(IllegalArgumentException.class)
                        .hasMessageStartingWith("map 'raw' takes no typed keys and values: ");
                assertThatThrownBy(() -> jmx.invoke(raw, "updateElem", new Object[] {"010203", "00", 0L},
                        new String[] {S, S, "long"}))
                        .cause().isExactlyInstanceOf(IllegalArgumentException.class)
                        .hasMessage("key of 3 bytes for map 'raw': expected 4 bytes (the map's key size); pad or trim "
                                + "the key to 4 bytes");
                assertThat(Bpftool.entries(loaded.mapId("raw"))).hasSize(1);

                host.waitFor("bpfjmx audit: principal=(none) object=pinned map=raw operation=update key=01000000 "
                        + "value=2a00000000000000 flags=0 outcome=success reason=none");
                assertThat(meter(jmx, "raw", "success", "none")).isEqualTo(1);
                assertThat(meter(jmx, "raw", "rejected", "no_btf")).isEqualTo(1);
                assertThat(meter(jmx, "raw", "rejected", "key_size")).isEqualTo(1);
            }
            assertThat(loaded.pin("raw")).as("the JVM is gone; the pin, someone else's, stays").exists();
            assertThat(Bpftool.entries(loaded.mapId("raw"))).containsEntry("01000000", "2a00000000000000");
        }
    }

    @Test
    void mapsByIdAndByNameAndTheOnesThatCannotBeOpenedSayWhy() throws Exception {
        String shared = "bj_" + ProcessHandle.current().pid(); // a kernel name of this test's own
        try (PinnedByBpftool loaded = PinnedByBpftool.types("foreign-ids")) {
            Path first = loaded.folder().resolve("first");
            Path second = loaded.folder().resolve("second");
            Bpftool.createPinnedMap(first, "hash", 4, 8, 8, shared);
            Bpftool.createPinnedMap(second, "array", 4, 4, 2, shared);
            String unique = "bjn_" + ProcessHandle.current().pid();
            Bpftool.createPinnedMap(loaded.folder().resolve("unique"), "hash", 8, 8, 8, unique);
            int firstId = Bpftool.pinnedMapId(first);
            int secondId = Bpftool.pinnedMapId(second);
            String options = "map=id:" + firstId + ",map=id:" + secondId + ",map=id:4294967295,map=name:" + shared
                    + ",map=name:" + unique + ",map=pinned:" + loaded.folder().resolve("missing");
            try (HostJvm host = HostJvm.on(Jdk.all().get(0)).mainClass(PlainHostApp.class)
                    .javaAgent(ItPaths.agentJar(), options).start()) {
                host.waitFor("host ready");
                String unknownId = "map=id:4294967295: open of map id 4294967295 failed: ENOENT (no such file, pin or "
                        + "id); bpftool map show lists the ids; a map created again gets a new id, so name such a "
                        + "map by pinned: or name: instead";
                assertThat(host.awaitObjectStatus("id")).isEqualTo("READY (1 not opened: " + unknownId + ")");
                host.waitFor("bpfjmx: not opened: " + unknownId);
                assertThat(host.awaitObjectStatus("name")).isEqualTo("READY (1 not opened: map=name:" + shared
                        + ": 2 maps have the kernel name '" + shared + "' (ids " + firstId + ", " + secondId
                        + "); name one of them with map=id:<N>)");
                assertThat(host.awaitObjectStatus("pinned")).isEqualTo("FAILED: map=pinned:"
                        + loaded.folder().resolve("missing") + ": open of pinned map "
                        + loaded.folder().resolve("missing") + " failed: ENOENT (no such file, pin or id); check the "
                        + "path; a map pinned later is opened by the reload operation of "
                        + "io.bpfjmx:type=BpfObject,name=pinned, or by the next attach naming it");

                MBeanServerConnection jmx = host.connect();
                // two maps of one kernel name: the second named with its id, whatever order bpftool gave them ids in
                assertThat(names((TabularData) jmx.getAttribute(HostJvm.bpfObjectName("id"), "Maps")))
                        .isEqualTo(shared + " " + shared + "#" + secondId);
                jmx.invoke(new ObjectName("io.bpfjmx:type=BpfMap,object=id,name=\"" + shared + "#" + secondId + "\""),
                        "updateElem", new Object[] {"01000000", "07000000", 0L}, new String[] {S, S, "long"});
                assertThat(Bpftool.entries(secondId)).containsEntry("01000000", "07000000");
                ObjectName byName = new ObjectName("io.bpfjmx:type=BpfMap,object=name,name=" + unique);
                assertThat(jmx.getAttribute(byName, "Id")).isEqualTo(Bpftool.pinnedMapId(loaded.folder()
                        .resolve("unique")));
                assertThat(jmx.getAttribute(byName, "KeySize")).isEqualTo(8);
                // maps come without programs: attach and detach are refused, naming where the programs are
                for (String operation : new String[] {"detachProgram", "attachProgram"}) {
                    assertThatThrownBy(() -> jmx.invoke(HostJvm.bpfObjectName("id"), operation,
                            new Object[] {"count_exec"}, new String[] {S}))
                            .isInstanceOf(RuntimeMBeanException.class).cause()
                            .isExactlyInstanceOf(IllegalArgumentException.class)
                            .hasMessage("object 'id' has no program 'count_exec': it holds maps opened by the agent "
                                    + "option map=, without programs; attach and detach programs on the object that "
                                    + "loaded them (io.bpfjmx:type=BpfObject,name=<object>), or with bpftool");
                }

                // the pin appears later: reload opens it
                Files.createDirectories(loaded.folder().resolve("missing"));
                Bpftool.createPinnedMap(loaded.folder().resolve("missing").resolve("late"), "hash", 4, 4, 4, "late");
                assertThat(jmx.invoke(HostJvm.bpfObjectName("pinned"), "reload", new Object[0], new String[0]))
                        .isEqualTo("READY");
                assertThat(jmx.getAttribute(map("late"), "KeySize")).isEqualTo(4);
                assertThat(host.isAlive()).isTrue();
            }
        }
    }

    @Test
    void readOnlyAndWritableMapsApplyByTheMBeansNameAndAReplacedPinLeavesTheMBeanOnItsMap() throws Exception {
        try (PinnedByBpftool loaded = PinnedByBpftool.types("foreign-policy")) {
            String options = "map=pinned:" + loaded.pin("raw") + ",map=pinned:" + loaded.pin("colors")
                    + ",writableMaps=colors";
            try (HostJvm host = HostJvm.on(Jdk.all().get(0)).mainClass(PlainHostApp.class).allowDynamicAgents()
                    .javaAgent(ItPaths.agentJar(), options).start()) {
                host.waitFor("host ready");
                assertThat(host.awaitObjectStatus("pinned")).isEqualTo("READY");
                MBeanServerConnection jmx = host.connect();
                assertThatThrownBy(() -> jmx.invoke(map("raw"), "updateElem", new Object[] {"01000000",
                        "0100000000000000", 0L}, new String[] {S, S, "long"}))
                        .cause().isExactlyInstanceOf(UnsupportedOperationException.class)
                        .hasMessage("updateElem refused on map 'raw': the map is not among the writable maps (agent "
                                + "option writableMaps=colors); add raw there to change it");
                jmx.invoke(map("colors"), "update", new Object[] {"1", "\"BLUE\"", 0L}, UPDATE);
                int colorsId = loaded.mapId("colors");
                assertThat(Bpftool.formatted(colorsId, "1")).containsEntry("value", "BLUE");

                // the pin replaced by another map: the MBean stays on the map it opened, which lives on
                Files.delete(loaded.pin("colors"));
                Bpftool.createPinnedMap(loaded.pin("colors"), "array", 4, 4, 4, "colors");
                assertThat(loaded.mapId("colors")).isNotEqualTo(colorsId);
                assertThat(jmx.getAttribute(map("colors"), "Id")).isEqualTo(colorsId);
                assertThat(jmx.invoke(map("colors"), "lookup", new Object[] {"1"}, new String[] {S}))
                        .isEqualTo("\"BLUE\"");
                host.attachAgent(ItPaths.agentJar(), "map=pinned:" + loaded.pin("flows") + ",readOnly=true");
                ObjectName flows = map("flows");
                host.awaitAttribute(flows, "Name", "flows"::equals);
                assertThatThrownBy(() -> jmx.invoke(flows, "update", new Object[] {FLOW_KEY, FLOW_STATS, 0L}, UPDATE))
                        .cause().isExactlyInstanceOf(UnsupportedOperationException.class)
                        .hasMessage("update refused on map 'flows': bpfjmx runs read-only (agent option readOnly=true);"
                                + " start the agent without it to change maps");
                assertThat(jmx.getAttribute(flows, "EntryCount")).isEqualTo(0);
            }
        }
    }

    private static ObjectName map(String name) throws Exception {
        return new ObjectName("io.bpfjmx:type=BpfMap,object=pinned,name=" + name);
    }

    /** The map names of a Maps table, sorted, separated by spaces. */
    private static String names(TabularData maps) {
        return maps.values().stream().map(row -> (String) ((CompositeData) row).get("name")).sorted()
                .collect(Collectors.joining(" "));
    }

    /** {@code bpfjmx.map.operations} of updates of pinned map {@code map} with that outcome and reason. */
    private static long meter(MBeanServerConnection jmx, String map, String outcome, String reason) throws Exception {
        try {
            return (Long) jmx.getAttribute(new ObjectName("metrics:name=bpfjmxMapOperations.map." + map
                    + ".object.pinned.operation.update.outcome." + outcome + ".reason." + reason + ",type=meters"),
                    "Count");
        } catch (InstanceNotFoundException none) {
            return 0;
        }
    }
}
