// SPDX-License-Identifier: GPL-2.0
// Test fixtures for map names and sizes at the kernel's limits. Map names and
// their order are relied upon by the tests.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

/* 16 characters: the kernel keeps 15 (BPF_OBJ_NAME_LEN - 1), "connection_stat",
 * which is the whole name of the next map. Declared first on purpose. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 16);
} connection_stats SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 16);
} connection_stat SEC(".maps");

/* More entries than one dump may return (2^20); not preallocated, so it costs
 * no kernel memory until written. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 1 << 20);
	__uint(map_flags, BPF_F_NO_PREALLOC);
} large_hash SEC(".maps");

/* "tc" (SCHED_CLS): never auto-attached by libbpf. It only references every map. */
SEC("tc")
int names_prog(void *ctx)
{
	__u32 key = 0;

	bpf_map_lookup_elem(&connection_stats, &key);
	bpf_map_lookup_elem(&connection_stat, &key);
	bpf_map_lookup_elem(&large_hash, &key);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
