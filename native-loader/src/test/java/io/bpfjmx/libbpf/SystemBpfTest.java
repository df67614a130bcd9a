package io.bpfjmx.libbpf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.bpfjmx.libbpf.testing.BpfFsFolder;
import io.bpfjmx.libbpf.testing.BpfObjects;
import io.bpfjmx.libbpf.testing.Bpftool;
import io.bpfjmx.libbpf.testing.RequiresBpf;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The host's maps and programs as {@link SystemBpf} lists them, against bpftool's view of the same ids: maps and
 * programs that bpftool itself created, loaded and pinned (as a daemon or a C loader would), not bpfjmx.
 */
@RequiresBpf
class SystemBpfTest {
    @Test
    void aMapBpftoolCreatedIsListedAsBpftoolShowsItWithItsPin() throws Exception {
        try (BpfFsFolder folder = BpfFsFolder.named("system-map")) {
            Files.createDirectories(folder.path());
            Path pin = folder.path().resolve("plain");
            Bpftool.createPinnedMap(pin, "lru_hash", 8, 16, 32, "plain_lru");
            int id = Bpftool.pinnedMapId(pin);

            SystemMap listed = SystemBpf.maps().items().stream().filter(m -> m.id() == id).findFirst().orElseThrow();
            Map<String, Object> shown = Bpftool.show("map", id);
            assertThat(listed.name()).isEqualTo(shown.get("name")).isEqualTo("plain_lru");
            assertThat(listed.type().name().toLowerCase(Locale.ROOT)).isEqualTo(shown.get("type"));
            assertThat(listed.keySize()).isEqualTo(number(shown, "bytes_key"));
            assertThat(listed.valueSize()).isEqualTo(number(shown, "bytes_value"));
            assertThat(listed.maxEntries()).isEqualTo(number(shown, "max_entries"));
            assertThat(listed.flags()).isEqualTo(number(shown, "flags"));
            assertThat(listed.btfId()).as("bpftool map create gives no BTF").isZero();
            assertThat(SystemBpf.pins(8, 100_000).ofMap(id)).isEqualTo(shown.get("pinned"))
                    .containsExactly(pin.toString());
        }
    }

    @Test
    void aProgramLoadedByBpftoolIsListedWithItsMapsAsBpftoolShowsIt() throws Exception {
        try (BpfFsFolder folder = BpfFsFolder.named("system-program")) {
            Files.createDirectories(folder.path());
            Bpftool.loadAll(BpfObjects.types(), folder.path().resolve("programs"), folder.path().resolve("maps"));
            Path pin = folder.path().resolve("programs").resolve("types_prog");
            BpfPins pins = SystemBpf.pins(8, 100_000);
            int id = pins.programs().entrySet().stream().filter(e -> e.getValue().contains(pin.toString()))
                    .map(Map.Entry::getKey).findFirst().orElseThrow();

            SystemProgram listed = SystemBpf.programs().items().stream().filter(p -> p.id() == id).findFirst()
                    .orElseThrow();
            Map<String, Object> shown = Bpftool.show("prog", id);
            assertThat(listed.name()).isEqualTo(shown.get("name")).isEqualTo("types_prog");
            assertThat(listed.type()).isEqualTo(ProgramType.SCHED_CLS);
            assertThat(listed.type().name().toLowerCase(Locale.ROOT)).isEqualTo(shown.get("type"));
            assertThat(listed.tag()).isEqualTo(shown.get("tag"));
            assertThat(listed.uid()).isEqualTo(number(shown, "uid"));
            assertThat(listed.btfId()).isEqualTo(number(shown, "btf_id")).isPositive();
            assertThat(listed.mapIds()).hasSize(5).isEqualTo(((List<?>) shown.get("map_ids")).stream()
                    .map(n -> ((Number) n).intValue()).toList());
            assertThat(SystemBpf.wallClock(listed.loadTimeNanos()).getEpochSecond())
                    .isCloseTo(((Number) shown.get("loaded_at")).longValue(), within(2L));
            assertThat(pins.ofProgram(id)).isEqualTo(shown.get("pinned"));
            for (int mapId : listed.mapIds()) {
                assertThat(pins.ofMap(mapId)).as("map id " + mapId).isEqualTo(Bpftool.show("map", mapId)
                        .get("pinned")).hasSize(1).allMatch(p -> p.startsWith(folder.path() + "/maps/"));
            }
        }
    }

    @Test
    void thePinWalkSaysWhatItsBoundsLeftOut() throws Exception {
        try (BpfFsFolder folder = BpfFsFolder.named("system-bounds")) {
            Path deep = Files.createDirectories(folder.path().resolve("a"));
            Bpftool.createPinnedMap(deep.resolve("deep"), "array", 4, 4, 1, "deep_map");
            int id = Bpftool.pinnedMapId(deep.resolve("deep"));

            BpfPins shallow = SystemBpf.pins(2, 100_000);
            assertThat(shallow.ofMap(id)).isEmpty();
            assertThat(shallow.notes()).contains("pins: not below " + deep + " (more than 2 folders deep)");
            assertThat(SystemBpf.pins(3, 100_000).ofMap(id)).containsExactly(deep.resolve("deep").toString());
            assertThat(SystemBpf.pins(8, 0).notes()).containsExactly("pins: stopped after 0 files; pins beyond are "
                    + "not listed");
        }
    }

    private static int number(Map<String, Object> shown, String field) {
        return ((Number) shown.get(field)).intValue();
    }
}
