// SPDX-License-Identifier: GPL-2.0
// An object with several programs, for the tests of attaching, detaching and
// closing while other threads do the same. Program and map names are relied
// upon by the tests.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

/* calls[i]: how often program i ran (0 getpid, 1 getppid, 2 exec). */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 3);
} calls SEC(".maps");

static __always_inline void count(__u32 index)
{
	__u64 *counter = bpf_map_lookup_elem(&calls, &index);

	if (counter)
		__sync_fetch_and_add(counter, 1);
}

SEC("tracepoint/syscalls/sys_enter_getpid")
int count_getpid(void *ctx)
{
	count(0);
	return 0;
}

SEC("tracepoint/syscalls/sys_enter_getppid")
int count_getppid(void *ctx)
{
	count(1);
	return 0;
}

SEC("tracepoint/sched/sched_process_exec")
int count_exec(void *ctx)
{
	count(2);
	return 0;
}

/* Attaching always fails, with libbpf's warning: no kernel function has this
 * name. Loading succeeds (a kprobe's target is looked up at attach). */
SEC("kprobe/bpfjmx_no_such_function")
int missing_kprobe(void *ctx)
{
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
