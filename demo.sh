#!/usr/bin/env bash
# The seed's example: load log_syscalls.bpf.o, insert "cat" with BPF_NOEXIST, run cat, print its syscall count.
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")"
source scripts/prerequisites.sh

./mvnw -q -B -pl demo -am package -DskipTests
java -jar demo/target/bpfjmx-demo.jar bpf/log_syscalls.bpf.o
