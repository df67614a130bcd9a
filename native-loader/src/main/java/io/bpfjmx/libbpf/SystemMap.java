package io.bpfjmx.libbpf;

/**
 * One map of the host as {@code bpftool map show} lists it, whoever created it: read from the kernel by id
 * ({@link SystemBpf#maps()}), without its contents.
 *
 * @param btfId the kernel's id of the BTF the map was created with, 0 without one
 */
public record SystemMap(int id, String name, int typeNumber, int keySize, int valueSize, int maxEntries, int flags,
                        int btfId) {
    public MapType type() {
        return MapType.of(typeNumber);
    }
}
