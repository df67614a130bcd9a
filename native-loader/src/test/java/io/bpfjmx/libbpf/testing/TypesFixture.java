package io.bpfjmx.libbpf.testing;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Typed entries of {@code bpf/types.bpf.o}'s maps ({@link BpfObjects#types()}) as JSON: one value of every member
 * kind, for tests in every module.
 */
public final class TypesFixture {
    /** A {@code struct flow_key} of map {@code flows}. */
    public static final String FLOW_KEY = "{\"src\":1,\"dst\":2,\"port\":80,\"proto\":6}";

    /** A {@code struct flow_stats} of map {@code flows}, in the order decoding gives its members. */
    public static final String FLOW_STATS = "{\"packets\":18446744073709551615,\"delta\":-42,\"comm\":\"cat\","
            + "\"color\":\"BLUE\",\"labels\":[1,2,3,255],\"range\":{\"lo\":-3,\"hi\":4},\"flag_a\":1,\"flag_b\":5,"
            + "\"level\":9,\"inner_a\":17,\"inner_b\":18,\"u\":{\"as_u32\":16909060,\"as_bytes\":[4,3,2,1]},"
            + "\"matrix\":[[1,2,3],[4,5,6]],\"small\":-7,\"medium\":-300,\"enabled\":true,"
            + "\"big\":\"0x10000000000000000000000005\",\"wide\":\"WIDE_LARGE\",\"counter\":99,\"ptr\":4660,"
            + "\"ratio\":1.5,\"mean\":-2.25}";

    private TypesFixture() {}

    /**
     * A decoded {@link #FLOW_STATS} (or any flow_stats) as bpftool's {@code formatted} JSON shows it: bitfields as hex
     * strings, the anonymous struct's members under {@code ""}, and no floats (bpftool cannot print them). These
     * are bpftool's shortcomings, which bpfjmx does better; everything else must be equal.
     */
    public static Map<String, Object> asBpftoolShowsFlowStats(Map<String, Object> decoded) {
        Map<String, Object> shown = new LinkedHashMap<>();
        for (Map.Entry<String, Object> member : decoded.entrySet()) {
            switch (member.getKey()) {
                case "flag_a", "flag_b", "level" -> shown.put(member.getKey(),
                        "0x" + Long.toHexString(((Number) member.getValue()).longValue()));
                case "inner_a" -> shown.put("", new LinkedHashMap<>(Map.of("inner_a", member.getValue(),
                        "inner_b", decoded.get("inner_b"))));
                case "inner_b", "ratio", "mean" -> { }
                default -> shown.put(member.getKey(), member.getValue());
            }
        }
        return shown;
    }

    /** A flow key with these numbers. */
    public static String flowKey(int src, int dst, int port, int proto) {
        return "{\"src\":" + src + ",\"dst\":" + dst + ",\"port\":" + port + ",\"proto\":" + proto + "}";
    }

    /** {@link #FLOW_STATS} with the JSON text {@code from} replaced by {@code to}, e.g. one member made wrong. */
    public static String flowStatsWith(String from, String to) {
        if (!FLOW_STATS.contains(from)) {
            throw new IllegalArgumentException(from + " is not in FLOW_STATS");
        }
        return FLOW_STATS.replace(from, to);
    }
}
