#!/usr/bin/env bash
# Rebuilds every *.bpf.c in this folder into <name>.bpf.o beside it.
# Objects keep .BTF (needed for map key/value types) but have DWARF stripped,
# so they stay small and reproducible. Run from any directory.
# types.bpf.c needs clang 15 or later (BTF_KIND_ENUM64); Debian 12's default clang is 14, so it is built with
# clang-16, the others with clang as before (so their objects stay byte-identical).
# map_count.bpf.o is also native-loader's resource (its pom takes it from here): rebuild, commit, and it ships.
set -euo pipefail

cd "$(dirname "$(readlink -f "$0")")"

if ! command -v clang >/dev/null || ! command -v llvm-strip >/dev/null || ! command -v clang-16 >/dev/null \
   || [ ! -f /usr/include/bpf/bpf_helpers.h ]; then
	apt-get install -y clang llvm clang-16 llvm-16 libbpf-dev
fi

for src in *.bpf.c; do
	obj="${src%.c}.o"
	cc=clang
	[ "$src" = types.bpf.c ] && cc=clang-16
	echo "CC  $obj ($cc)"
	"$cc" -O2 -g -target bpf -D__TARGET_ARCH_x86 \
		-I"/usr/include/$(uname -m)-linux-gnu" \
		-c "$src" -o "$obj"
	llvm-strip -g "$obj"
done
