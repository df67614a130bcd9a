#!/usr/bin/env bash
# Installs and mounts what the demo and the tests need on a fresh Debian 12 machine, as root.
# Sourced by demo.sh, demo/run.sh, test.sh and .ci/run; does nothing that is already done.
set -euo pipefail

if [ "$(id -u)" -ne 0 ]; then
	echo "bpfjmx needs root (or CAP_BPF + CAP_PERFMON) to load BPF programs; run as root" >&2
	exit 1
fi

packages=()
command -v javac >/dev/null || packages+=(openjdk-17-jdk-headless)
command -v gcc >/dev/null || packages+=(gcc libc6-dev)          # LibBpfLibraryTest builds stand-in libraries
command -v curl >/dev/null || packages+=(curl)       # ./mvnw fetches Maven; the Jolokia examples speak HTTP
command -v jq >/dev/null || packages+=(jq)           # the Jolokia examples and their tests read JSON
ldconfig -p | grep -q 'libbpf\.so\.1 ' || packages+=(libbpf1)
command -v bpftool >/dev/null || packages+=(bpftool) # the agent's ITs read maps back with it
if [ ${#packages[@]} -gt 0 ]; then
	echo "installing ${packages[*]}"
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${packages[@]}" >/dev/null
fi

# Tracepoint programs find their event ids in tracefs; maps are pinned in the BPF file system.
if [ -z "$(ls -A /sys/kernel/tracing 2>/dev/null)" ]; then
	mount -t tracefs nodev /sys/kernel/tracing
fi
if ! mountpoint -q /sys/fs/bpf; then
	mount -t bpf bpf /sys/fs/bpf
fi

# The native-loader's java.lang.foreign binding is compiled by a JDK 25's javac (README); a build for the demos
# on a machine without one leaves it out, and the agent calls libbpf through JNA.
build_flags=()
[ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/javac ] || build_flags+=(-Dbpfjmx.ffm.skip=true)
