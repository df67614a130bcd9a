package io.bpfjmx.client;

import java.util.ArrayList;
import java.util.List;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;

/**
 * The rows of a table the agent returns, however the connector rebuilt it: RMI delivers the agent's own rows;
 * Jolokia's adapter rebuilds the JSON as a map, each row {@code {key: index, value: the agent's row}}.
 */
final class OpenRows {
    private OpenRows() {}

    static List<CompositeData> of(TabularData table) {
        List<CompositeData> rows = new ArrayList<>();
        for (Object value : table.values()) {
            CompositeData row = (CompositeData) value;
            boolean mapEntry = row.getCompositeType().keySet().size() == 2 && row.containsKey("key")
                    && row.get("value") instanceof CompositeData;
            rows.add(mapEntry ? (CompositeData) row.get("value") : row);
        }
        return rows;
    }
}
