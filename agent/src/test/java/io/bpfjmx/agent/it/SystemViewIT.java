package io.bpfjmx.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.bpfjmx.agent.it.apps.PlainHostApp;
import io.bpfjmx.libbpf.testing.Bpftool;
import io.bpfjmx.libbpf.testing.PinnedByBpftool;
import io.bpfjmx.libbpf.testing.RequiresBpf;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The agent option {@code system=true} in a real host JVM: the BpfSystem MBean lists a map and a program that bpftool
 * loaded and pinned, as bpftool shows them, in attributes only.
 */
@RequiresBpf
class SystemViewIT {
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.bpfjmx.agent.it.Jdk#all")
    void listsWhatBpftoolLoadedAsBpftoolShowsItInAttributesOnly(Jdk jdk) throws Exception {
        try (PinnedByBpftool loaded = PinnedByBpftool.types("system-" + jdk.feature());
             HostJvm host = HostJvm.on(jdk).mainClass(PlainHostApp.class)
                     .javaAgent(ItPaths.agentJar(), "system=true").start()) {
            host.waitFor("host ready");
            ObjectName system = new ObjectName("io.bpfjmx:type=BpfSystem");
            TabularData maps = (TabularData) host.awaitAttribute(system, "Maps", TabularData.class::isInstance);
            MBeanServerConnection jmx = host.connect();
            assertThat(jmx.getMBeanInfo(system).getOperations()).as("nothing to invoke, nothing of the contents")
                    .isEmpty();

            int flowsId = loaded.mapId("flows");
            Map<String, Object> flowsShown = Bpftool.show("map", flowsId);
            CompositeData flows = maps.get(new Object[] {flowsId});
            assertThat(flows.getAll(new String[] {"name", "type", "keySize", "valueSize", "maxEntries", "flags",
                "btfId"})).containsExactly("flows", "HASH", 12, 144, 64, 0, number(flowsShown, "btf_id"));
            assertThat((String[]) flows.get("pins")).containsExactly(loaded.pin("flows").toString());
            int programId = Bpftool.programUsing(flowsId);
            assertThat((Integer[]) flows.get("programIds")).containsExactly(programId);
            assertThat(maps.get(new Object[] {loaded.mapId("raw")}).get("btfId")).as("no BTF").isEqualTo(0);

            Map<String, Object> programShown = Bpftool.show("prog", programId);
            CompositeData program = ((TabularData) jmx.getAttribute(system, "Programs")).get(new Object[] {programId});
            assertThat(program.getAll(new String[] {"name", "type", "tag", "uid", "btfId"}))
                    .containsExactly("types_prog", "SCHED_CLS", programShown.get("tag"), number(programShown, "uid"),
                            number(programShown, "btf_id"));
            assertThat(Arrays.asList((Integer[]) program.get("mapIds"))).isEqualTo(((List<?>) programShown
                    .get("map_ids")).stream().map(id -> ((Number) id).intValue()).toList());
            assertThat((String[]) program.get("pins")).containsExactlyInAnyOrder(
                    loaded.folder().resolve("programs").resolve("types_prog").toString(),
                    loaded.pin("types_prog").toString());
            assertThat(Instant.parse((String) program.get("loadedAt")).getEpochSecond())
                    .isBetween(number(programShown, "loaded_at") - 2L, number(programShown, "loaded_at") + 2L);
            assertThat((Integer) jmx.getAttribute(system, "MapCount")).as("the maps bpftool loaded at least")
                    .isGreaterThanOrEqualTo(5);
            assertThat(jmx.getAttribute(system, "Problems")).isInstanceOf(String[].class);
        }
    }

    private static int number(Map<String, Object> shown, String field) {
        return ((Number) shown.get(field)).intValue();
    }
}
