package io.bpfjmx.agent;

import io.bpfjmx.agent.options.AgentOptions;
import io.bpfjmx.agent.options.MapNames;
import io.bpfjmx.libbpf.BpfMap;
import io.bpfjmx.libbpf.BpfObject;
import io.bpfjmx.libbpf.FdValue;
import io.bpfjmx.libbpf.OpenFd;
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
 *
 * <p>A map put into a map of maps is bound by {@code writableMaps} too ({@link #innerMapRefusal}).
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

    /**
     * Why {@code inner} may not go into a map of maps, or null when it may. With {@code writableMaps}, only maps it
     * names may: in a map of maps, the object's programs read and write them, a way around the option otherwise. So a
     * map of the object that it does not name is refused, and so is any other map (of another object, or pinned by
     * another program), which it cannot name. Programs are not maps: any program may go into a program array.
     *
     * @param ownMap {@code inner} when it is a map of the object, else null
     */
    Refusal innerMapRefusal(OpenFd inner, BpfMap ownMap) {
        if (inner.kind() != FdValue.MAP || writableMaps == null
                || (ownMap != null && writableMaps.stream().anyMatch(name -> names(name, ownMap)))) {
            return null;
        }
        String option = "agent option writableMaps=" + String.join(":", writableMaps);
        return new Refusal("writable_maps", ownMap != null
                ? inner.description() + " is not among the writable maps (" + option + "): in a map of maps the "
                + "object's programs would read and write it; add " + ownMap.name() + " there to allow it"
                : inner.description() + " is not a map of this object that " + option + " names: while that option "
                + "is set, only maps it names may go into a map of maps, where the object's programs would read and "
                + "write them");
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
