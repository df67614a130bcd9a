// Times libbpf's own open + load of a BPF object, as the agent's start-up baseline (benchmarks/startup.sh).
#include <stdio.h>
#include <time.h>
#include <bpf/libbpf.h>

static double now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: %s OBJECT.bpf.o\n", argv[0]);
		return 2;
	}
	double start = now_ms();
	struct bpf_object *object = bpf_object__open_file(argv[1], NULL);
	if (!object || bpf_object__load(object)) {
		fprintf(stderr, "cannot load %s\n", argv[1]);
		return 1;
	}
	printf("load_ms=%.2f\n", now_ms() - start);
	bpf_object__close(object);
	return 0;
}
