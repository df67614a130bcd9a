package io.bpfjmx.client;

import io.bpfjmx.libbpf.btf.JsonTree;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Typed entries as {@code lookup} and {@code dump} print them: a table of KEY and VALUE as compact JSON (per-CPU
 * maps: KEY, CPU, VALUE, a row per CPU), or with {@code --json} bpftool's {@code formatted} shapes.
 */
final class TypedView {
    /** Keys in the order of their values: numbers by value, strings by text, structs member by member. */
    static final Comparator<TypedEntry> KEY_ORDER = Comparator.comparing(TypedEntry::key, TypedView::compare);

    private TypedView() {}

    static void printTable(List<TypedEntry> entries, boolean perCpu, PrintWriter out) {
        Table table = perCpu ? new Table("KEY", "CPU", "VALUE") : new Table("KEY", "VALUE");
        for (TypedEntry entry : entries) {
            String key = JsonTree.write(entry.key());
            if (!perCpu) {
                table.row(key, JsonTree.write(entry.value()));
                continue;
            }
            List<Object> values = entry.cpuValues();
            for (int cpu = 0; cpu < values.size(); cpu++) {
                table.row(cpu == 0 ? key : "", cpu, JsonTree.write(values.get(cpu)));
            }
        }
        table.print(out);
    }

    /** bpftool's {@code formatted} list: {@code [{"key":K,"value":V},…]}. */
    static List<Object> json(List<TypedEntry> entries) {
        List<Object> list = new ArrayList<>();
        entries.forEach(entry -> list.add(entry.formatted()));
        return list;
    }

    /** A total order of JSON trees: null, booleans, numbers, strings, lists, objects; alike ones by content. */
    static int compare(Object a, Object b) {
        int rank = Integer.compare(rank(a), rank(b));
        if (rank != 0) {
            return rank;
        }
        if (a instanceof Boolean x) {
            return x.compareTo((Boolean) b);
        }
        if (a instanceof Number x) {
            return decimal(x).compareTo(decimal((Number) b));
        }
        if (a instanceof List<?> x) {
            return compareAll(x.iterator(), ((List<?>) b).iterator());
        }
        if (a instanceof Map<?, ?> x) {
            return compareAll(x.values().iterator(), ((Map<?, ?>) b).values().iterator());
        }
        return a == null ? 0 : a.toString().compareTo(b.toString());
    }

    private static int compareAll(Iterator<?> a, Iterator<?> b) {
        while (a.hasNext() && b.hasNext()) {
            int c = compare(a.next(), b.next());
            if (c != 0) {
                return c;
            }
        }
        return Boolean.compare(a.hasNext(), b.hasNext());
    }

    private static int rank(Object tree) {
        return tree == null ? 0 : tree instanceof Boolean ? 1 : tree instanceof Number ? 2 : tree instanceof List ? 4
                : tree instanceof Map ? 5 : 3;
    }

    private static BigDecimal decimal(Number number) {
        if (number instanceof BigInteger big) {
            return new BigDecimal(big);
        }
        if (number instanceof Double || number instanceof Float) {
            double d = number.doubleValue();
            return Double.isFinite(d) ? BigDecimal.valueOf(d) : BigDecimal.valueOf(Math.copySign(Double.MAX_VALUE, d));
        }
        return BigDecimal.valueOf(number.longValue());
    }
}
