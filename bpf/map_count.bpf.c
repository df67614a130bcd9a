// SPDX-License-Identifier: GPL-2.0
// Every map's element count, as the kernel keeps it (since 6.6, for the hash maps): one record a map, written to
// the iterator's file, which bpfjmx reads to answer a hash map's EntryCount without reading the map
// (io.bpfjmx.libbpf.ElementCounts). Shipped inside native-loader's jar; loaded from memory.
#include <linux/types.h>
#include <bpf/bpf_helpers.h>

// Only the fields used, relocated against the running kernel's BTF (CO-RE), so no vmlinux.h is needed.
struct seq_file;

struct bpf_map {
	__u32 id;
} __attribute__((preserve_access_index));

struct bpf_iter_meta {
	struct seq_file *seq;
} __attribute__((preserve_access_index));

struct bpf_iter__bpf_map {
	struct bpf_iter_meta *meta;
	struct bpf_map *map;
} __attribute__((preserve_access_index));

// The sum of the map's per-CPU element counters; 0 for a map without them (all but the hash maps).
extern __s64 bpf_map_sum_elem_count(const struct bpf_map *map) __ksym;

// One record a map, in the host's byte order: the id, 4 bytes of padding, the count.
struct map_count {
	__u32 id;
	__u32 pad;
	__s64 count;
};

SEC("iter/bpf_map")
int map_count(struct bpf_iter__bpf_map *ctx)
{
	struct bpf_map *map = ctx->map;
	struct map_count record = {};

	if (!map) // the iterator's last call, after the last map
		return 0;
	record.id = map->id;
	record.count = bpf_map_sum_elem_count(map);
	bpf_seq_write(ctx->meta->seq, &record, sizeof(record));
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
