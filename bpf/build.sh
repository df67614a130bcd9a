#!/usr/bin/env bash
# Rebuilds every *.bpf.c in this folder into <name>.bpf.o beside it.
# Objects keep .BTF (needed for map key/value types) but have DWARF stripped,
# so they stay small and reproducible. Run from any directory.
set -euo pipefail

cd "$(dirname "$(readlink -f "$0")")"

if ! command -v clang >/dev/null || ! command -v llvm-strip >/dev/null \
   || [ ! -f /usr/include/bpf/bpf_helpers.h ]; then
	apt-get install -y clang llvm libbpf-dev
fi

for src in *.bpf.c; do
	obj="${src%.c}.o"
	echo "CC  $obj"
	clang -O2 -g -target bpf -D__TARGET_ARCH_x86 \
		-I"/usr/include/$(uname -m)-linux-gnu" \
		-c "$src" -o "$obj"
	llvm-strip -g "$obj"
done
