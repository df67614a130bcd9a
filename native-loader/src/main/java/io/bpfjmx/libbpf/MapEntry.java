package io.bpfjmx.libbpf;

/**
 * A key and its value buffer as the kernel returned them (for per-CPU maps, every CPU's slot; see
 * {@link ValueLayout#perCpuValues}).
 */
public record MapEntry(byte[] key, byte[] value) {
}
