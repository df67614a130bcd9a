package io.bpfjmx.client;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Entries as {@code lookup} and {@code dump} print them. As a table: KEY and VALUE in the syntax they are typed in
 * ({@code str:cat}, {@code int:5}, hex), or raw hex with {@code --hex}; per-CPU maps get a row per CPU. As JSON:
 * <pre>
 * {"object":"o","map":"m","perCpu":false,"truncated":false,"entries":[
 *   {"key":"hex","keyText":"str:cat","value":"hex","valueText":"int:5","cpus":null}]}
 * </pre>
 * where a per-CPU map's entries have {@code "value":null,"valueText":null} and
 * {@code "cpus":[{"cpu":0,"value":"hex","valueText":"int:1"}, ...]}.
 */
final class EntriesView {
    private EntriesView() {}

    /** Keys of up to 8 bytes in numeric order (they are integers in the map's byte order), longer ones by bytes. */
    static Comparator<Entry> keyOrder(MapInfo map) {
        return Comparator.comparing(Entry::key, (a, b) -> a.length() <= 16
                ? Long.compareUnsigned(number(a, map), number(b, map)) : a.compareTo(b));
    }

    /**
     * Sorts {@code entries} in {@link #keyOrder}, each key read as a number once (not once a comparison: a page of
     * 100,000 entries makes some 1.7 million comparisons).
     */
    static void sort(List<Entry> entries, MapInfo map) {
        if (entries.isEmpty() || entries.get(0).key().length() > 16) {
            entries.sort(keyOrder(map));
            return;
        }
        record Numbered(long number, Entry entry) {}
        List<Numbered> numbered = new ArrayList<>(entries.size());
        for (Entry entry : entries) {
            numbered.add(new Numbered(number(entry.key(), map), entry));
        }
        numbered.sort((a, b) -> Long.compareUnsigned(a.number(), b.number()));
        for (int i = 0; i < numbered.size(); i++) {
            entries.set(i, numbered.get(i).entry());
        }
    }

    static void printTable(List<Entry> entries, MapInfo map, boolean raw, PrintWriter out) {
        Table table = map.perCpu() ? new Table("KEY", "CPU", "VALUE") : new Table("KEY", "VALUE");
        for (Entry entry : entries) {
            String key = text(entry.key(), map, raw);
            if (!map.perCpu()) {
                table.row(key, text(entry.value(), map, raw));
                continue;
            }
            for (int cpu = 0; cpu < entry.cpuValues().size(); cpu++) {
                table.row(cpu == 0 ? key : "", cpu, text(entry.cpuValues().get(cpu), map, raw));
            }
        }
        table.print(out);
    }

    static Map<String, Object> json(MapInfo map, List<Entry> entries, boolean truncated) {
        List<Object> list = new ArrayList<>();
        for (Entry entry : entries) {
            list.add(json(map, entry));
        }
        return Json.object("object", map.object(), "map", map.name(), "perCpu", map.perCpu(),
                "truncated", truncated, "entries", list);
    }

    /** The members of {@link #json}'s object before its entries: where a dump streams, they come first. */
    static Map<String, Object> jsonHeader(MapInfo map) {
        return Json.object("object", map.object(), "map", map.name(), "perCpu", map.perCpu());
    }

    /** One element of {@link #json}'s {@code entries}. */
    static Map<String, Object> json(MapInfo map, Entry entry) {
        List<Object> cpus = null;
        if (entry.cpuValues() != null) {
            cpus = new ArrayList<>();
            for (int cpu = 0; cpu < entry.cpuValues().size(); cpu++) {
                String value = entry.cpuValues().get(cpu);
                cpus.add(Json.object("cpu", cpu, "value", value, "valueText", ValueSyntax.format(value, map.byteOrder())));
            }
        }
        return Json.object("key", entry.key(), "keyText", ValueSyntax.format(entry.key(), map.byteOrder()),
                "value", entry.value(), "valueText", entry.value() == null ? null
                        : ValueSyntax.format(entry.value(), map.byteOrder()), "cpus", cpus);
    }

    private static String text(String hex, MapInfo map, boolean raw) {
        return raw ? hex : ValueSyntax.format(hex, map.byteOrder());
    }

    private static long number(String hex, MapInfo map) {
        return ValueSyntax.unsigned(hex, map.byteOrder());
    }
}
