package io.bpfjmx.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The shape of {@code --json} output, which scripts rely on. */
class JsonShapeTest {
    private static final MapInfo HASH = new MapInfo("fixtures", "hash_map", 7, "HASH", 4, 8, 8192, 0, false, 8, 2,
            false);
    private static final MapInfo PERCPU = new MapInfo("fixtures", "percpu_hash", 8, "PERCPU_HASH", 4, 4, 16, 0,
            true, 16, 2, false);

    @Test
    void entriesOfAnOrdinaryMap() {
        String json = Json.write(EntriesView.json(HASH, List.of(new Entry("01000000", "2a00000000000000", null)),
                false));
        assertThat(json).isEqualTo("{\"object\":\"fixtures\",\"map\":\"hash_map\",\"perCpu\":false,"
                + "\"truncated\":false,\"entries\":[{\"key\":\"01000000\",\"keyText\":\"int:1\","
                + "\"value\":\"2a00000000000000\",\"valueText\":\"int:42\",\"cpus\":null}]}");
    }

    @Test
    void entriesOfAPerCpuMapListEveryCpu() {
        String json = Json.write(EntriesView.json(PERCPU,
                List.of(new Entry("01000000", null, List.of("01000000", "02000000"))), true));
        assertThat(json).isEqualTo("{\"object\":\"fixtures\",\"map\":\"percpu_hash\",\"perCpu\":true,"
                + "\"truncated\":true,\"entries\":[{\"key\":\"01000000\",\"keyText\":\"int:1\",\"value\":null,"
                + "\"valueText\":null,\"cpus\":[{\"cpu\":0,\"value\":\"01000000\",\"valueText\":\"int:1\"},"
                + "{\"cpu\":1,\"value\":\"02000000\",\"valueText\":\"int:2\"}]}]}");
    }

    @Test
    void stringsAreEscaped() {
        assertThat(Json.write(Json.object("m", "a\"b\\c\nd\te\u0001", "n", null, "l", Arrays.asList(1, true))))
                .isEqualTo("{\"m\":\"a\\\"b\\\\c\\nd\\te\\u0001\",\"n\":null,\"l\":[1,true]}");
    }

    @Test
    void tableShowsEachCpuOfAPerCpuEntry() {
        StringWriter text = new StringWriter();
        EntriesView.printTable(List.of(new Entry("01000000", null, List.of("01000000", "02000000"))), PERCPU, false,
                new PrintWriter(text, true));
        assertThat(text.toString().lines())
                .containsExactly("KEY    CPU  VALUE", "int:1  0    int:1", "       1    int:2");
    }

    @Test
    void dumpOrderIsNumericForIntegerKeys() {
        List<Entry> entries = new ArrayList<>(List.of(new Entry("00010000", "", null),
                new Entry("02000000", "", null), new Entry("01000000", "", null)));
        entries.sort(EntriesView.keyOrder(HASH));
        assertThat(entries).extracting(Entry::key).containsExactly("01000000", "02000000", "00010000");
    }

    @Test
    void aPageSortsAsTheKeyOrderDoes() {
        List<Entry> entries = new ArrayList<>();
        for (String key : List.of("ffffffff", "00010000", "02000000", "01000000", "00000080", "00000000")) {
            entries.add(new Entry(key, "", null));
        }
        List<Entry> byComparator = new ArrayList<>(entries);
        byComparator.sort(EntriesView.keyOrder(HASH));

        EntriesView.sort(entries, HASH);

        assertThat(entries).containsExactlyElementsOf(byComparator);
        assertThat(entries).extracting(Entry::key).endsWith("00000080", "ffffffff"); // unsigned: 2^31 before 2^32-1
    }
}
