// SPDX-License-Identifier: GPL-2.0
// Test fixture for map entries as meters (agent option export): a struct key
// with a string and an int, room for the 10,000 entries of the refresh
// benchmark, and a key whose member names clash once flattened into labels.
// Map names and layouts are relied upon by the tests and benchmarks.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct comm_pid {            /* 20 bytes */
	char comm[16];
	__u32 pid;
};

struct clashing_key {        /* 16 bytes */
	__u32 map;               /* a tag every series has: becomes key_map */
	struct {
		__u16 port;          /* addr_port */
		__u8 proto;          /* addr_proto */
	} addr;
	__u8 addr_port;          /* the same label as addr.port: key_addr_port */
	__u32 __pad;             /* Prometheus keeps "__" names: pad */
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, struct comm_pid);
	__type(value, __u64);
	__uint(max_entries, 16384);
} calls SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, struct clashing_key);
	__type(value, __u32);
	__uint(max_entries, 4);
} clashing SEC(".maps");

/* "tc" (SCHED_CLS): never auto-attached by libbpf. It exists only so that
 * every map is referenced and everything passes the verifier. */
SEC("tc")
int export_prog(void *ctx)
{
	struct comm_pid key = {};
	struct clashing_key clash = {};

	bpf_map_lookup_elem(&calls, &key);
	bpf_map_lookup_elem(&clashing, &clash);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
