// SPDX-License-Identifier: GPL-2.0
// A cgroup storage map (max_entries 0: one entry per cgroup the program is
// attached to) and the cgroup_skb program that uses it. The tests attach the
// program to a cgroup of their own with bpftool; names are relied upon.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

/* Egress packets per cgroup: the kernel creates the entry at attach time. */
struct {
	__uint(type, BPF_MAP_TYPE_CGROUP_STORAGE);
	__type(key, struct bpf_cgroup_storage_key);
	__type(value, __u64);
} egress_packets SEC(".maps");

SEC("cgroup_skb/egress")
int count_egress(struct __sk_buff *skb)
{
	__u64 *packets = bpf_get_local_storage(&egress_packets, 0);

	__sync_fetch_and_add(packets, 1);
	return 1;
}

char LICENSE[] SEC("license") = "GPL";
