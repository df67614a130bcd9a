package io.bpfjmx.client;

import java.util.List;

/** A BPF object the agent manages: its {@code Status} (LOADING, READY..., FAILED: why) and, once loaded, its maps. */
record ObjectInfo(String name, String path, String status, List<MapInfo> maps) {

    boolean isReady() {
        return status.startsWith("READY");
    }
}
