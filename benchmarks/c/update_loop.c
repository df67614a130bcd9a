// SPDX-License-Identifier: GPL-2.0
// Baseline for MapUpdateBenchmark: the same bpf_map__update_elem on the same map, key and flags, from C.
//
//   gcc -O2 -o update_loop update_loop.c -lbpf
//   ./update_loop [iterations, default 2000000] [path to fixtures.bpf.o, default bpf/fixtures.bpf.o]
//
// Prints ns_per_op=<float>: wall time (CLOCK_MONOTONIC) of the timed loop divided by its iterations; then
// batch_ns_per_element=<float>: bpf_map_update_batch of keys 0..4095 (MapUpdateBenchmark.BATCH) of the same map,
// timed over iterations / 1000 (at least 20) calls, per element: the kernel's floor for MapUpdateBenchmark.updateBatch.
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define KEY 42 /* MapUpdateBenchmark.KEY */
#define BATCH 4096 /* MapUpdateBenchmark.BATCH */

/* libbpf's warnings only, not its debug chatter */
static int warnings(enum libbpf_print_level level, const char *format, va_list args)
{
	return level == LIBBPF_WARN ? vfprintf(stderr, format, args) : 0;
}

static double now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

int main(int argc, char **argv)
{
	long iterations = argc > 1 ? strtol(argv[1], NULL, 10) : 2000000;
	const char *path = argc > 2 ? argv[2] : "bpf/fixtures.bpf.o";
	if (iterations <= 0) {
		fprintf(stderr, "iterations must be positive: %s\n", argv[1]);
		return 2;
	}
	libbpf_set_print(warnings);

	struct bpf_object *object = bpf_object__open_file(path, NULL);
	if (!object) {
		fprintf(stderr, "bpf_object__open_file(%s): %s\n", path, strerror(errno));
		return 1;
	}
	int err = bpf_object__load(object);
	if (err) {
		fprintf(stderr, "bpf_object__load(%s): %s (root or CAP_BPF needed)\n", path, strerror(-err));
		bpf_object__close(object);
		return 1;
	}
	struct bpf_map *map = bpf_object__find_map_by_name(object, "hash_map");
	if (!map) {
		fprintf(stderr, "no map hash_map in %s\n", path);
		bpf_object__close(object);
		return 1;
	}

	uint32_t key = KEY; /* little-endian on x86, as the Java side builds it */
	uint64_t value = 7;
	long warmup = iterations / 10 > 100000 ? 100000 : iterations / 10 + 1;
	for (long i = 0; i < warmup; i++) {
		err = bpf_map__update_elem(map, &key, sizeof(key), &value, sizeof(value), BPF_ANY);
		if (err) {
			fprintf(stderr, "bpf_map__update_elem: %s\n", strerror(-err));
			bpf_object__close(object);
			return 1;
		}
	}

	double start = now_ns();
	for (long i = 0; i < iterations; i++) {
		err |= bpf_map__update_elem(map, &key, sizeof(key), &value, sizeof(value), BPF_ANY);
	}
	double elapsed = now_ns() - start;
	if (err) {
		fprintf(stderr, "bpf_map__update_elem failed during the timed loop\n");
		bpf_object__close(object);
		return 1;
	}
	printf("ns_per_op=%.1f\n", elapsed / iterations);

	/* batch: the same keys and values as MapUpdateBenchmark.updateBatch */
	static uint32_t keys[BATCH];
	static uint64_t values[BATCH];
	for (uint32_t i = 0; i < BATCH; i++) {
		keys[i] = i;
		values[i] = i;
	}
	LIBBPF_OPTS(bpf_map_batch_opts, opts, .elem_flags = BPF_ANY);
	int fd = bpf_map__fd(map);
	long batches = iterations / 1000 > 20 ? iterations / 1000 : 20;
	for (long i = 0; i < batches / 10 + 1; i++) { /* warm-up */
		__u32 count = BATCH;
		err |= bpf_map_update_batch(fd, keys, values, &count, &opts);
	}
	start = now_ns();
	for (long i = 0; i < batches; i++) {
		__u32 count = BATCH;
		err |= bpf_map_update_batch(fd, keys, values, &count, &opts);
	}
	elapsed = now_ns() - start;
	bpf_object__close(object);
	if (err) {
		fprintf(stderr, "bpf_map_update_batch failed: %s\n", strerror(errno));
		return 1;
	}
	printf("batch_ns_per_element=%.1f\n", elapsed / batches / BATCH);
	return 0;
}
