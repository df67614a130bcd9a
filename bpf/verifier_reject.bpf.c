// SPDX-License-Identifier: GPL-2.0
// Compiles fine but is REJECTED by the kernel verifier at load time:
// the map lookup result is dereferenced without a NULL check.
// Used to test how load failures (verifier log) are reported. The map is a
// HASH: newer kernels treat ARRAY lookups with a constant in-range key as
// never NULL, so an ARRAY would pass.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 1);
} reject_map SEC(".maps");

SEC("tracepoint/raw_syscalls/sys_enter")
int verifier_reject(void *ctx)
{
	__u32 key = 0;
	__u64 *val = bpf_map_lookup_elem(&reject_map, &key);

	*val += 1; /* BUG on purpose: missing NULL check */
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
