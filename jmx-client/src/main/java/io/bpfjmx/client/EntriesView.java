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

    /** Keys of up to 8 bytes in numeric order (they are little-endian integers), longer ones by their bytes. */
    static final Comparator<Entry> KEY_ORDER = Comparator.comparing(Entry::key, (a, b) -> a.length() <= 16
            ? Long.compareUnsigned(littleEndian(a), littleEndian(b)) : a.compareTo(b));

    static void printTable(List<Entry> entries, boolean perCpu, boolean raw, PrintWriter out) {
        Table table = perCpu ? new Table("KEY", "CPU", "VALUE") : new Table("KEY", "VALUE");
        for (Entry entry : entries) {
            String key = text(entry.key(), raw);
            if (!perCpu) {
                table.row(key, text(entry.value(), raw));
                continue;
            }
            for (int cpu = 0; cpu < entry.cpuValues().size(); cpu++) {
                table.row(cpu == 0 ? key : "", cpu, text(entry.cpuValues().get(cpu), raw));
            }
        }
        table.print(out);
    }

    static Map<String, Object> json(MapInfo map, List<Entry> entries, boolean truncated) {
        List<Object> list = new ArrayList<>();
        for (Entry entry : entries) {
            List<Object> cpus = null;
            if (entry.cpuValues() != null) {
                cpus = new ArrayList<>();
                for (int cpu = 0; cpu < entry.cpuValues().size(); cpu++) {
                    String value = entry.cpuValues().get(cpu);
                    cpus.add(Json.object("cpu", cpu, "value", value, "valueText", ValueSyntax.format(value)));
                }
            }
            list.add(Json.object("key", entry.key(), "keyText", ValueSyntax.format(entry.key()),
                    "value", entry.value(), "valueText", entry.value() == null ? null
                            : ValueSyntax.format(entry.value()), "cpus", cpus));
        }
        return Json.object("object", map.object(), "map", map.name(), "perCpu", map.perCpu(),
                "truncated", truncated, "entries", list);
    }

    private static String text(String hex, boolean raw) {
        return raw ? hex : ValueSyntax.format(hex);
    }

    private static long littleEndian(String hex) {
        long value = 0;
        for (int i = hex.length() - 2; i >= 0; i -= 2) {
            value = (value << 8) | Integer.parseInt(hex, i, i + 2, 16);
        }
        return value;
    }
}
