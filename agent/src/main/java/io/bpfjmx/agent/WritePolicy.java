package io.bpfjmx.agent;

import io.bpfjmx.agent.options.AgentOptions;
import io.bpfjmx.agent.options.MapNames;
import io.bpfjmx.libbpf.BpfMap;
import io.bpfjmx.libbpf.BpfObject;
import java.util.List;

/**
 * Which maps the agent's options let JMX clients write: none with {@code readOnly=true}; with
 * {@code writableMaps}, only the maps it names; otherwise all. Settled per map when its object loads, and a
 * refusal names the option that refused.
 *
 * <p>{@code writableMaps} names maps exactly: by the name the {@code Maps} attribute shows, or a global's section
 * ({@code .data}, {@code .bss}, {@code .rodata}). Never by the kernel's name, which keeps only 15 characters: with
 * {@code connection_stats} declared before {@code connection_stat}, both are {@code connection_stat} to the kernel,
 * and a policy must not pick the wrong one.
 */
final class WritePolicy {
    private final boolean readOnly;
    /** Null: every map is writable. */
    private final List<String> writableMaps;

    private WritePolicy(boolean readOnly, List<String> writableMaps) {
        this.readOnly = readOnly;
        this.writableMaps = writableMaps;
    }

    static WritePolicy of(AgentOptions options) {
        return new WritePolicy(options.readOnly(), options.writableMaps());
    }

    /**
     * Why writes to {@code map} are refused, or null when they are allowed.
     *
     * @param object the map's object; names match within one map, so it is not needed (see
     *               {@link #refusalFor(BpfMap)})
     */
    Refusal refusalFor(BpfObject object, BpfMap map) {
        return refusalFor(map);
    }

    /** Why writes to {@code map} are refused, or null when they are allowed. */
    Refusal refusalFor(BpfMap map) {
        if (readOnly) {
            return new Refusal("read_only_mode", "bpfjmx runs read-only (agent option readOnly=true); start the "
                    + "agent without it to change maps");
        }
        if (writableMaps != null && writableMaps.stream().noneMatch(name -> names(name, map))) {
            return new Refusal("writable_maps", "the map is not among the writable maps (agent option writableMaps="
                    + String.join(":", writableMaps) + "); add " + map.name() + " there to change it");
        }
        return null;
    }

    /** Whether {@code name} is {@code map}'s name, or a global's section: {@code .bss} for {@code fixtures.bss}. */
    static boolean names(String name, BpfMap map) {
        return MapNames.names(name, map.name());
    }

    /** A refusal: the metric's {@code reason} tag and what the operator reads. */
    record Refusal(String reason, String explanation) {
        RefusedException refuse(String operation, String mapName) {
            return new RefusedException(reason, operation + " refused on map '" + mapName + "': " + explanation);
        }
    }

    /** A write refused by the agent's own settings, not by the map. */
    static final class RefusedException extends RuntimeException {
        private final String reason;

        RefusedException(String reason, String message) {
            super(message, null, false, false);
            this.reason = reason;
        }

        String reason() {
            return reason;
        }
    }
}
