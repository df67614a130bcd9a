package io.bpfjmx.libbpf.testing;

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
