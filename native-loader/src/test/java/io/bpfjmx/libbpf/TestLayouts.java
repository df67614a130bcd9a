package io.bpfjmx.libbpf;

/** {@link ValueLayout}s for tests outside this package, which cannot call its constructor. */
public final class TestLayouts {
    private TestLayouts() {}

    /** One value of {@code valueSize} bytes per element (hash, array, … maps). */
    public static ValueLayout plain(String mapName, int valueSize) {
        return new ValueLayout(mapName, valueSize, false, 1);
    }

    /** One slot of round_up({@code valueSize}, 8) bytes per possible CPU. */
    public static ValueLayout perCpu(String mapName, int valueSize, int possibleCpus) {
        return new ValueLayout(mapName, valueSize, true, possibleCpus);
    }
}
