package io.bpfjmx.libbpf;

import static io.bpfjmx.libbpf.LibBpfLibrary.libbpf;

/**
 * The native calls behind a {@link BpfMap}: libbpf's {@code bpf_map__*} for a map of a loaded object, the
 * fd-based {@code bpf_map_*} for a map opened by pin or id. Results are libbpf's: 0, or {@code -errno}.
 * Sizes are checked by {@link BpfMap} before these are called. Update and lookup take native addresses (the
 * caller's {@link ScratchBuffer}; address 0 is the NULL key of a queue, stack or bloom filter); the rest take
 * arrays. Every method, {@link #fd()} included, reads a handle that a close frees (the fd, or libbpf's
 * {@code struct bpf_map}): call them only inside the map's {@link Lifecycle} calls.
 */
interface MapAccess {
    int update(long key, long value, long flags);

    /** Writes the value buffer to the address {@code value}. */
    int lookup(long key, long value, long flags);

    int delete(byte[] key, long flags);

    /** Writes the value buffer to the address {@code value} and deletes the element: a queue's or stack's pop. */
    int lookupAndDelete(long key, long value, long flags);

    /** {@code key} null asks for the first key. */
    int nextKey(byte[] key, byte[] nextKey);

    int fd();

    /** A map of an object: through {@code bpf_map__*}, which also checks sizes; the object owns the fd. */
    final class OfObject implements MapAccess {
        private final LibBpf libbpf = libbpf();
        private final long map;
        private final long keySize;
        private final long valueBufferSize;

        OfObject(long map, int keySize, int valueBufferSize) {
            this.map = map;
            this.keySize = keySize;
            this.valueBufferSize = valueBufferSize;
        }

        @Override
        public int update(long key, long value, long flags) {
            return libbpf.bpf_map__update_elem(map, key, keySize, value, valueBufferSize, flags);
        }

        @Override
        public int lookup(long key, long value, long flags) {
            return libbpf.bpf_map__lookup_elem(map, key, keySize, value, valueBufferSize, flags);
        }

        @Override
        public int delete(byte[] key, long flags) {
            return libbpf.bpf_map__delete_elem(map, key, keySize, flags);
        }

        @Override
        public int lookupAndDelete(long key, long value, long flags) {
            return libbpf.bpf_map__lookup_and_delete_elem(map, key, keySize, value, valueBufferSize, flags);
        }

        @Override
        public int nextKey(byte[] key, byte[] nextKey) {
            return libbpf.bpf_map__get_next_key(map, key, nextKey, keySize);
        }

        @Override
        public int fd() {
            return libbpf.bpf_map__fd(map);
        }
    }

    /** A map known by its file descriptor only (pinned, or by id); the {@link BpfMap} owns and closes the fd. */
    final class OfFd implements MapAccess {
        private final LibBpf libbpf = libbpf();
        private final int fd;

        OfFd(int fd) {
            this.fd = fd;
        }

        @Override
        public int update(long key, long value, long flags) {
            return libbpf.bpf_map_update_elem(fd, key, value, flags);
        }

        @Override
        public int lookup(long key, long value, long flags) {
            return libbpf.bpf_map_lookup_elem_flags(fd, key, value, flags);
        }

        @Override
        public int delete(byte[] key, long flags) {
            return libbpf.bpf_map_delete_elem_flags(fd, key, flags);
        }

        /** {@code flags} must be 0: libbpf 1.1's fd call without flags is the one every kernel takes for a pop. */
        @Override
        public int lookupAndDelete(long key, long value, long flags) {
            return libbpf.bpf_map_lookup_and_delete_elem(fd, key, value);
        }

        @Override
        public int nextKey(byte[] key, byte[] nextKey) {
            return libbpf.bpf_map_get_next_key(fd, key, nextKey);
        }

        @Override
        public int fd() {
            return fd;
        }
    }
}
