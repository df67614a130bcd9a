package io.bpfjmx.client;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One key and its value decoded by the map's BTF, as JSON trees ({@link io.bpfjmx.libbpf.btf.JsonTree}: maps in
 * order, lists, Long/BigInteger/Double, strings, booleans). For a per-CPU map {@code value} is the list
 * {@code [{"cpu":0,"value":V},…]}, one per possible CPU, and {@code perCpu} is true.
 */
record TypedEntry(Object key, Object value, boolean perCpu) {

    /**
     * The entries of the agent's typed dump, bpftool's {@code formatted} shapes: {@code [{"key":K,"value":V},…]},
     * per-CPU maps {@code [{"key":K,"values":[{"cpu":0,"value":V},…]},…]}.
     */
    static List<TypedEntry> listOf(Object dump) {
        List<TypedEntry> entries = new ArrayList<>();
        for (Object element : (List<?>) dump) {
            Map<?, ?> entry = (Map<?, ?>) element;
            boolean perCpu = entry.containsKey("values");
            entries.add(new TypedEntry(entry.get("key"), entry.get(perCpu ? "values" : "value"), perCpu));
        }
        return entries;
    }

    /** As bpftool's {@code formatted} JSON has it: {@code {"key":K,"value":V}} or {@code {"key":K,"values":[…]}}. */
    Map<String, Object> formatted() {
        Map<String, Object> formatted = new LinkedHashMap<>();
        formatted.put("key", key);
        formatted.put(perCpu ? "values" : "value", value);
        return formatted;
    }

    /** Each CPU's value in CPU order (per-CPU maps only). */
    List<Object> cpuValues() {
        List<Object> values = new ArrayList<>();
        for (Object slot : (List<?>) value) {
            values.add(((Map<?, ?>) slot).get("value"));
        }
        return values;
    }
}
