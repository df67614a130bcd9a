package io.bpfjmx.libbpf;

import java.nio.file.Path;

/**
 * Where a map of an object loaded with a pin folder lives in the BPF file system, and whether the load found it
 * there (its entries kept from an earlier load) or created and pinned it.
 *
 * @param map the map's name in the object
 * @param path its pin, {@code <pin folder>/<object>/<map>}
 * @param reused whether the load reused the map pinned there, rather than creating it empty
 */
public record MapPin(String map, Path path, boolean reused) {}
