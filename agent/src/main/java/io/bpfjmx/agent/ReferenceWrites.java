package io.bpfjmx.agent;

import io.bpfjmx.libbpf.BpfMap;
import io.bpfjmx.libbpf.BpfObject;
import io.bpfjmx.libbpf.FdTarget;
import io.bpfjmx.libbpf.OpenFd;
import io.bpfjmx.libbpf.UpdateFlags;

/**
 * Typed updates of the maps of one object whose values are programs or maps (a {@code PROG_ARRAY}, a map of maps):
 * the value names one as bpftool does, {@code {"id":N}}, {@code {"pinned":"/sys/fs/bpf/…"}} or
 * {@code {"name":"<program or map of this object>"}}; the agent opens it in the host for the one write and closes it
 * after. Raw bytes are refused for these maps (native-loader's {@code FdValue}): they would be the number of any file
 * the host JVM holds open.
 *
 * <p>With {@code writableMaps}, a map put into a map of maps must be one the option names ({@link WritePolicy}):
 * there the object's programs would read and write it, a way around the option otherwise.
 */
final class ReferenceWrites {
    private final BpfObject object;
    private final WritePolicy policy;

    /** @param object the maps' object; null for maps opened by pin or id ({@code map=}), which have none */
    ReferenceWrites(BpfObject object, WritePolicy policy) {
        this.object = object;
        this.policy = policy;
    }

    /** Puts the program or map {@code valueJson} names into {@code map} under {@code key}. */
    void update(BpfMap map, byte[] key, String valueJson, UpdateFlags flags) {
        FdTarget target = FdTarget.parse(valueJson, map);
        try (OpenFd value = target.openFor(map, object)) {
            BpfMap ownMap = object == null ? null
                    : object.maps().stream().filter(m -> m.id() == value.id()).findFirst().orElse(null);
            WritePolicy.Refusal refusal = policy.innerMapRefusal(value, ownMap);
            if (refusal != null) {
                throw refusal.refuse("update", map.name());
            }
            map.update(key, value, flags);
        }
    }
}
