package io.bpfjmx.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteOrder;
import io.bpfjmx.libbpf.btf.JsonTree;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import javax.management.openmbean.CompositeDataSupport;
import javax.management.openmbean.CompositeType;
import javax.management.openmbean.OpenDataException;
import javax.management.openmbean.OpenType;
import javax.management.openmbean.SimpleType;
import javax.management.openmbean.TabularDataSupport;
import javax.management.openmbean.TabularType;
import org.junit.jupiter.api.Test;

/** Typed entries: the agent's dump read, ordered, printed, and rebuilt from the Entries attribute's rows. */
class TypedViewTest {
    private static final MapInfo FLOWS = new MapInfo("types", "flows", 4, "HASH", 12, 144, 64, 0, false, 144, 2,
            false, "struct flow_key {\n    __u32 src;\n    __u16 port;\n}", "struct flow_stats {\n    char comm[16];\n}", ByteOrder.LITTLE_ENDIAN);
    private static final MapInfo PERCPU = new MapInfo("types", "percpu_stats", 3, "PERCPU_HASH", 4, 16, 16, 0, true,
            32, 2, false, "__u32", "struct percpu_value {\n    __u64 packets;\n    __u32 drops;\n}", ByteOrder.LITTLE_ENDIAN);

    @Test
    void theAgentsDumpIsReadAndWrittenBackAsIs() {
        String dump = "[{\"key\":{\"src\":1,\"dst\":2},\"value\":{\"comm\":\"cat\",\"packets\":18446744073709551615,"
                + "\"ratio\":0.5}}]";
        List<TypedEntry> entries = TypedEntry.listOf(JsonTree.read(dump));
        assertThat(Json.write(TypedView.json(entries))).isEqualTo(dump);
    }

    @Test
    void perCpuEntriesPrintARowPerCpu() {
        List<TypedEntry> entries = TypedEntry.listOf(JsonTree.read("[{\"key\":3,\"values\":[{\"cpu\":0,\"value\":"
                + "{\"packets\":1,\"drops\":0}},{\"cpu\":1,\"value\":{\"packets\":2,\"drops\":0}}]}]"));
        StringWriter text = new StringWriter();
        TypedView.printTable(entries, true, new PrintWriter(text, true));
        assertThat(text.toString().lines()).containsExactly("KEY  CPU  VALUE", "3    0    {\"packets\":1,\"drops\":0}",
                "     1    {\"packets\":2,\"drops\":0}");
        assertThat(Json.write(entries.get(0).formatted())).startsWith("{\"key\":3,\"values\":[{\"cpu\":0,");
    }

    @Test
    void keysAreOrderedByValueNumbersNumerically() {
        List<TypedEntry> entries = new ArrayList<>(TypedEntry.listOf(JsonTree.read("[{\"key\":256,\"value\":0},"
                + "{\"key\":18446744073709551615,\"value\":0},{\"key\":2,\"value\":0},{\"key\":-1,\"value\":0}]")));
        entries.sort(TypedView.KEY_ORDER);
        assertThat(entries).extracting(entry -> entry.key().toString())
                .containsExactly("-1", "2", "256", "18446744073709551615");
        List<TypedEntry> structs = new ArrayList<>(TypedEntry.listOf(JsonTree.read("[{\"key\":{\"a\":2,\"b\":1},"
                + "\"value\":0},{\"key\":{\"a\":1,\"b\":9},\"value\":0},{\"key\":{\"a\":1,\"b\":3},\"value\":0}]")));
        structs.sort(TypedView.KEY_ORDER);
        assertThat(structs).extracting(entry -> Json.write(entry.key()))
                .containsExactly("{\"a\":1,\"b\":3}", "{\"a\":1,\"b\":9}", "{\"a\":2,\"b\":1}");
    }

    @Test
    void typedRowsOfEntriesBecomeTheDumpsShapesMembersInDeclarationOrder() throws OpenDataException {
        CompositeType range = new CompositeType("range", "struct range", new String[] {"lo", "hi"},
                new String[] {"__s32", "__s32"}, new OpenType<?>[] {SimpleType.LONG, SimpleType.LONG});
        String[] items = {"src", "port", "comm", "labels", "color", "wide", "range", "ratio", "(anonymous)"};
        CompositeType row = new CompositeType("flows.entry", "an entry", items, new String[] {
            "key field src: __u32", "key field port: __u16", "value field comm: char[16]",
            "value field labels: __u8[4]", "value field color: enum color", "value field wide: enum wide",
            "value field range: struct range", "value field ratio: float", "value field (anonymous): char[4]"},
                new OpenType<?>[] {SimpleType.LONG, SimpleType.LONG, SimpleType.STRING, SimpleType.STRING,
                    SimpleType.STRING, SimpleType.STRING, range, SimpleType.DOUBLE, SimpleType.STRING});
        TabularDataSupport table = new TabularDataSupport(new TabularType("flows.entries", "entries", row,
                new String[] {"src", "port"}));
        table.put(new CompositeDataSupport(row, items, new Object[] {1L, 80L, "123", "[1,2,3,4]", "BLUE", "7",
            new CompositeDataSupport(range, new String[] {"lo", "hi"}, new Object[] {-1L, 1L}), Double.NaN, "[ab"}));

        assertThat(TypedRows.isTyped(table)).isTrue();
        List<TypedEntry> entries = TypedRows.entries(table, FLOWS);
        assertThat(Json.write(TypedView.json(entries))).isEqualTo("[{\"key\":{\"src\":1,\"port\":80},\"value\":{"
                + "\"comm\":\"123\",\"\":\"[ab\",\"color\":\"BLUE\",\"labels\":[1,2,3,4],\"range\":{\"hi\":1,"
                + "\"lo\":-1},\"ratio\":\"NaN\",\"wide\":7}}]");
    }

    @Test
    void scalarKeysAndPerCpuRowsOfEntries() throws OpenDataException {
        CompositeType value = new CompositeType("percpu_stats.value", "struct percpu_value",
                new String[] {"packets", "drops"}, new String[] {"__u64", "__u32"},
                new OpenType<?>[] {SimpleType.BIGINTEGER, SimpleType.LONG});
        String[] items = {"key", "cpu0", "cpu1"};
        CompositeType row = new CompositeType("percpu_stats.entry", "an entry", items,
                new String[] {"key: __u32", "CPU 0's value: struct percpu_value", "CPU 1's value: struct percpu_value"},
                new OpenType<?>[] {SimpleType.LONG, value, value});
        TabularDataSupport table = new TabularDataSupport(new TabularType("percpu_stats.entries", "entries", row,
                new String[] {"key"}));
        CompositeDataSupport one = new CompositeDataSupport(value, new String[] {"packets", "drops"},
                new Object[] {java.math.BigInteger.TEN, 1L});
        table.put(new CompositeDataSupport(row, items, new Object[] {7L, one, one}));
        assertThat(Json.write(TypedView.json(TypedRows.entries(table, PERCPU)))).isEqualTo("[{\"key\":7,\"values\":["
                + "{\"cpu\":0,\"value\":{\"packets\":10,\"drops\":1}},"
                + "{\"cpu\":1,\"value\":{\"packets\":10,\"drops\":1}}"
                + "]}]");
    }

    @Test
    void jolokiasNestedRowsOfAStructKeyAreTakenApartByTheKeysDeclaration() throws OpenDataException {
        String[] items = {"src", "port", "comm"};
        CompositeType row = new CompositeType("complex", "complex", items, items,
                new OpenType<?>[] {SimpleType.LONG, SimpleType.LONG, SimpleType.STRING});
        CompositeType byPort = new CompositeType("complex", "complex", new String[] {"80"}, new String[] {"80"},
                new OpenType<?>[] {row});
        CompositeType entry = new CompositeType("java.util.Map", "map entry", new String[] {"key", "value"},
                new String[] {"key", "value"}, new OpenType<?>[] {SimpleType.STRING, byPort});
        TabularDataSupport table = new TabularDataSupport(new TabularType("java.util.Map", "map", entry,
                new String[] {"key"}));
        CompositeDataSupport inner = new CompositeDataSupport(row, items, new Object[] {1L, 80L, "123"});
        table.put(new CompositeDataSupport(entry, new String[] {"key", "value"}, new Object[] {"1",
            new CompositeDataSupport(byPort, new String[] {"80"}, new Object[] {inner})}));
        assertThat(TypedRows.isTyped(table)).isTrue();
        assertThat(Json.write(TypedView.json(TypedRows.entries(table, FLOWS))))
                .isEqualTo("[{\"key\":{\"src\":1,\"port\":80},\"value\":{\"comm\":\"123\"}}]");
    }

    @Test
    void jolokiasRowsOfScalarsTakeTheirTypesFromTheMap() throws OpenDataException {
        CompositeType entry = new CompositeType("java.util.Map", "map entry", new String[] {"key", "value"},
                new String[] {"key", "value"}, new OpenType<?>[] {SimpleType.STRING, SimpleType.STRING});
        TabularDataSupport table = new TabularDataSupport(new TabularType("java.util.Map", "map", entry,
                new String[] {"key"}));
        table.put(new CompositeDataSupport(entry, new String[] {"key", "value"}, new Object[] {"123", "7"}));
        MapInfo names = new MapInfo("types", "names", 2, "HASH", 16, 8, 16, 0, false, 8, 2, false, "char[16]",
                "__s64", ByteOrder.LITTLE_ENDIAN);
        assertThat(Json.write(TypedView.json(TypedRows.entries(table, names))))
                .isEqualTo("[{\"key\":\"123\",\"value\":7}]");
    }
}
