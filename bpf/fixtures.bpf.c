// SPDX-License-Identifier: GPL-2.0
// Test fixtures for the Java tests: one map of each interesting kind plus
// .data/.bss/.rodata globals. Map names are relied upon by the tests.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

/* 12 bytes: deliberately not a multiple of 8 (per-CPU value padding). */
struct triple {
	__u32 a, b, c;
};

struct lpm_key {
	__u32 prefixlen;
	__u8 addr[4];
};

/* Has a spin lock, so BPF_F_LOCK lookups/updates work on it. */
struct locked_value {
	struct bpf_spin_lock lock;
	__u32 counter;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 8192);
} hash_map SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, __u32);
	__type(value, __u32);
	__uint(max_entries, 2);
} small_hash SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 4);
} array_map SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_HASH);
	__type(key, __u32);
	__type(value, struct triple);
	__uint(max_entries, 4096);
} percpu_hash SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__type(key, __u32);
	__type(value, struct triple);
	__uint(max_entries, 4);
} percpu_array SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 128);
} lru_hash SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_LRU_PERCPU_HASH);
	__type(key, __u32);
	__type(value, struct triple);
	__uint(max_entries, 128);
} lru_percpu_hash SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_LPM_TRIE);
	__type(key, struct lpm_key);
	__type(value, __u32);
	__uint(max_entries, 16);
	__uint(map_flags, BPF_F_NO_PREALLOC); /* required for LPM tries */
} lpm_trie SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, __u32);
	__type(value, struct locked_value);
	__uint(max_entries, 16);
} locked_hash SEC(".maps");

int data_counter = 7;                  /* .data */
int bss_counter;                       /* .bss */
const volatile int rodata_limit = 42;  /* .rodata */

/* "tc" (SCHED_CLS): never auto-attached by libbpf, and unlike "socket"
 * it may use bpf_spin_lock ("socket filter progs cannot use bpf_spin_lock"). */
SEC("tc")
int fixtures_prog(void *ctx)
{
	__u32 key = 0;
	struct lpm_key lkey = { .prefixlen = 32 };
	struct locked_value *lv;

	bss_counter = data_counter + rodata_limit;
	data_counter++;

	/* Reference every map so all of them are kept and loaded. */
	bpf_map_lookup_elem(&hash_map, &key);
	bpf_map_lookup_elem(&small_hash, &key);
	bpf_map_lookup_elem(&array_map, &key);
	bpf_map_lookup_elem(&percpu_hash, &key);
	bpf_map_lookup_elem(&percpu_array, &key);
	bpf_map_lookup_elem(&lru_hash, &key);
	bpf_map_lookup_elem(&lru_percpu_hash, &key);
	bpf_map_lookup_elem(&lpm_trie, &lkey);

	lv = bpf_map_lookup_elem(&locked_hash, &key);
	if (lv) {
		bpf_spin_lock(&lv->lock);
		lv->counter++;
		bpf_spin_unlock(&lv->lock);
	}
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
