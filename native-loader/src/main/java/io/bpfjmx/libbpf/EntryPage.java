package io.bpfjmx.libbpf;

import java.util.List;

/**
 * One page of a map's entries ({@link BpfMap#page}), and where the next page starts: {@code next}, the cursor to
 * hand back for it, or null after the map's last page.
 */
public record EntryPage(List<MapEntry> entries, byte[] next) {}
