package io.bpfjmx.client;

import java.util.List;

/**
 * One key and its value as hex, as the agent returns them: {@code value} for an ordinary map, or one value per
 * possible CPU in {@code cpuValues} (padding dropped) for a per-CPU map, the other being null.
 */
record Entry(String key, String value, List<String> cpuValues) {
}
