#!/usr/bin/env bash
# The library example: the seed's log_syscalls example through the native-loader library alone, without the agent
# (LogSyscallsDemo: load log_syscalls.bpf.o, insert "cat" with BPF_NOEXIST, run cat, print its syscall count).
# The main demo, with the agent and the CLI, is ../demo.sh.
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/.."
source scripts/prerequisites.sh

./mvnw -q -B -pl demo -am package -DskipTests "${build_flags[@]}"
java -jar demo/target/bpfjmx-demo.jar bpf/log_syscalls.bpf.o
