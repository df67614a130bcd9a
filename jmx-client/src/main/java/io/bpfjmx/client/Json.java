package io.bpfjmx.client;

import io.bpfjmx.libbpf.btf.JsonTree;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON the CLI writes ({@code --json}): objects in insertion order, lists, strings, numbers, booleans, null,
 * and typed values as the agent decoded them; written by Gson through native-loader's {@link JsonTree}.
 */
final class Json {
    private Json() {}

    /** An object from alternating names and values: {@code object("map", "m", "updated", 1)}. */
    static Map<String, Object> object(Object... namesAndValues) {
        Map<String, Object> object = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            object.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return object;
    }

    /** Compact JSON text of a tree of maps, lists, numbers, booleans, null and (anything else) strings. */
    static String write(Object value) {
        return JsonTree.write(value);
    }
}
