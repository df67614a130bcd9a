// SPDX-License-Identifier: GPL-2.0
// Maps without keys (queue, stack, bloom filter, ring buffer) and a perf event
// array: the map types that the key-based operations do not fit. Map names are
// relied upon by the tests.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

/* FIFO of __u64, room for 4: push, pop, peek. */
struct {
	__uint(type, BPF_MAP_TYPE_QUEUE);
	__type(value, __u64);
	__uint(max_entries, 4);
} queue SEC(".maps");

/* LIFO of __u64, room for 4. */
struct {
	__uint(type, BPF_MAP_TYPE_STACK);
	__type(value, __u64);
	__uint(max_entries, 4);
} stack SEC(".maps");

/* Set membership of __u32 values, with false positives: push and peek(value).
 * map_extra 0: the kernel's default of 5 hash functions. */
struct {
	__uint(type, BPF_MAP_TYPE_BLOOM_FILTER);
	__type(value, __u32);
	__uint(max_entries, 64);
} bloom SEC(".maps");

/* 4 KiB ring buffer (a page): no keys, no values; read by consumers. */
struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} ringbuf SEC(".maps");

/* One perf event fd per CPU (libbpf sets max_entries to the possible CPUs). */
struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, sizeof(__u32));
} events SEC(".maps");

/* "tc" (SCHED_CLS): never auto-attached by libbpf. It uses every map the way
 * a BPF program would. */
SEC("tc")
int keyless_prog(struct __sk_buff *skb)
{
	__u64 value = 1;
	__u32 member = 7;

	bpf_map_push_elem(&queue, &value, BPF_ANY);
	bpf_map_push_elem(&stack, &value, BPF_ANY);
	bpf_map_push_elem(&bloom, &member, BPF_ANY);
	bpf_ringbuf_output(&ringbuf, &value, sizeof(value), 0);
	bpf_perf_event_output(skb, &events, BPF_F_CURRENT_CPU, &value, sizeof(value));
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
