// SPDX-License-Identifier: GPL-2.0
// Test fixture for the BTF codec: map keys and values that between them use
// every BTF kind (int of each size and sign, char, bool, 16-byte int, enum,
// enum64, typedef, const, volatile, pointer, struct, union, anonymous member,
// bitfields, arrays, nested arrays, float, double), plus one map without BTF
// types. Map names and layouts are relied upon by the tests.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

enum color { RED = 0, GREEN = 1, BLUE = 7 };
enum wide { WIDE_SMALL = 1, WIDE_LARGE = 0x100000000ULL }; /* BTF_KIND_ENUM64 */
typedef __u32 counter_t;

struct flow_key {            /* 12 bytes: 1 byte of tail padding */
	__u32 src;
	__u32 dst;
	__u16 port;
	__u8 proto;
};

struct range { __s32 lo; __s32 hi; };

struct flow_stats {
	__u64 packets;
	__s64 delta;
	char comm[16];
	enum color color;
	__u8 labels[4];
	struct range range;
	unsigned int flag_a : 1, flag_b : 3, level : 4;   /* bitfields */
	struct { __u16 inner_a; __u16 inner_b; };         /* anonymous struct member */
	union { __u32 as_u32; __u8 as_bytes[4]; } u;      /* union */
	__u16 matrix[2][3];                               /* nested arrays */
	__s8 small;
	__s16 medium;
	_Bool enabled;
	unsigned __int128 big;
	enum wide wide;
	const volatile counter_t counter;                 /* typedef + const + volatile */
	void *ptr;                                        /* pointer: a number */
	/* last: bpftool cannot print floats and stops the struct there */
	float ratio;
	double mean;
};

struct percpu_value { __u64 packets; __u32 drops; };   /* 16 bytes with tail padding */

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, struct flow_key);
	__type(value, struct flow_stats);
	__uint(max_entries, 64);
} flows SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, char[16]);
	__type(value, __s64);
	__uint(max_entries, 16);
} names SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_HASH);
	__type(key, __u32);
	__type(value, struct percpu_value);
	__uint(max_entries, 16);
} percpu_stats SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, enum color);
	__uint(max_entries, 4);
} colors SEC(".maps");

/* No BTF key/value types: only sizes. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(key_size, 4);
	__uint(value_size, 8);
	__uint(max_entries, 8);
} raw SEC(".maps");

/* "tc" (SCHED_CLS): never auto-attached by libbpf. It exists only so that
 * every map is referenced and everything passes the verifier. */
SEC("tc")
int types_prog(void *ctx)
{
	__u32 key = 0;
	struct flow_key fkey = {};
	char name[16] = {};

	bpf_map_lookup_elem(&flows, &fkey);
	bpf_map_lookup_elem(&names, name);
	bpf_map_lookup_elem(&percpu_stats, &key);
	bpf_map_lookup_elem(&colors, &key);
	bpf_map_lookup_elem(&raw, &key);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
