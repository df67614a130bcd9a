// SPDX-License-Identifier: GPL-2.0
// Maps whose values are file descriptors, for the tests of writing programs
// and maps into them by id, pin and name (bpf/README.md). Both programs run on
// getpid, only in the process whose pid the test writes to watched_pid, so
// that other processes' calls change nothing the tests read.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

/* The process whose getpid calls the programs follow (a .bss global). */
__u32 watched_pid;

/* jump tail-calls jump_table[0]; empty until user space puts a program there. */
struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(key_size, 4);
	__uint(value_size, 4);
	__uint(max_entries, 2);
} jump_table SEC(".maps");

/* tail_calls[0]: runs of target (reached only by the tail call);
 * tail_calls[1]: runs of jump. Two entries: unlike the inner maps below. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 2);
} tail_calls SEC(".maps");

/* The inner maps that outer and outer_hash take: ARRAY __u32 -> __u64, 1 entry. */
struct inner_map {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 1);
} inner_a SEC(".maps"), inner_b SEC(".maps"), inner_c SEC(".maps");

/* read_inner copies outer[0]'s element 0 to seen[0]; empty until user space puts a map there. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__type(key, __u32);
	__uint(max_entries, 1);
	__array(values, struct inner_map);
} outer SEC(".maps");

/* A map of maps with 8-byte keys, which no program uses. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH_OF_MAPS);
	__type(key, __u64);
	__uint(max_entries, 4);
	__array(values, struct inner_map);
} outer_hash SEC(".maps");

/* A socket map, whose values no JMX client can give: bpfjmx refuses every write. */
struct {
	__uint(type, BPF_MAP_TYPE_SOCKMAP);
	__uint(key_size, 4);
	__uint(value_size, 8);
	__uint(max_entries, 2);
} sockets SEC(".maps");

/* seen[0]: what read_inner last read in outer[0] (0 when outer[0] was empty). */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 1);
} seen SEC(".maps");

static __always_inline int watched(void)
{
	return (bpf_get_current_pid_tgid() >> 32) == watched_pid;
}

static __always_inline void count(__u32 index)
{
	__u64 *counter = bpf_map_lookup_elem(&tail_calls, &index);

	if (counter)
		__sync_fetch_and_add(counter, 1);
}

SEC("tracepoint/syscalls/sys_enter_getpid")
int jump(void *ctx)
{
	if (!watched())
		return 0;
	count(1);
	bpf_tail_call(ctx, &jump_table, 0);
	return 0;
}

/* A tracepoint program without an attach point: libbpf loads it but does not
 * attach it, so it runs only when jump tail-calls it. */
SEC("tracepoint")
int target(void *ctx)
{
	count(0);
	return 0;
}

SEC("tracepoint/syscalls/sys_enter_getpid")
int read_inner(void *ctx)
{
	__u32 zero = 0;
	__u64 value = 0;
	__u64 *found;
	void *inner;

	if (!watched())
		return 0;
	inner = bpf_map_lookup_elem(&outer, &zero);
	if (inner) {
		found = bpf_map_lookup_elem(inner, &zero);
		if (found)
			value = *found;
	}
	bpf_map_update_elem(&seen, &zero, &value, BPF_ANY);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
