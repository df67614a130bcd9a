// SPDX-License-Identifier: GPL-2.0
// Counts syscalls per process name (comm), as in libbpf's bpf_map__update_elem
// docs example. Only counts names userspace has already inserted (e.g. "cat").
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, char[128]);
	__type(value, int);
	__uint(max_entries, 32);
} syscall_count_map SEC(".maps");

SEC("tracepoint/raw_syscalls/sys_enter")
int log_syscalls(void *ctx)
{
	char comm[128] = {0};
	int *count;

	bpf_get_current_comm(comm, 16);
	count = bpf_map_lookup_elem(&syscall_count_map, comm);
	if (count)
		__sync_fetch_and_add(count, 1); /* never inserts new keys */
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
