#!/usr/bin/env bash
# The demo: a small host JVM runs with the bpfjmx agent loading the seed's bpf/log_syscalls.bpf.o; from outside
# that JVM, the bpfjmx CLI inserts "cat" with BPF_NOEXIST, shows a second insert refused (EEXIST, exit code 3),
# runs cat, reads its system-call count back, and prints the agent's meters for those updates (Prometheus).
# Every step checks its outcome: the demo fails, saying where, when one is not as shown. The host JVM is stopped
# on the way out, however the demo ends.
#   BPFJMX_DEMO_BUILD=no   use what the last build made (the tests do), instead of building the agent and the CLI
# The library example without the agent: demo/run.sh.
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")"
source scripts/prerequisites.sh

step() { printf '\n== %s\n' "$*"; }
die() {
	echo "demo.sh: $*" >&2
	exit 1
}
# Shows a command as typed, then runs it, its errors in line with its output.
show() {
	printf '$ %s\n' "$*"
	"$@" 2>&1
}

if [ "${BPFJMX_DEMO_BUILD:-yes}" != no ]; then
	step "building the agent and the CLI"
	# no tests, and no class-data archive for the CLI: making it costs more than it saves a handful of commands
	show ./mvnw -q -B -pl agent,jmx-client -am package -Dmaven.test.skip=true -Dbpfjmx.cds.skip=true "${build_flags[@]}"
fi
agent=$PWD/agent/target/bpfjmx-agent.jar
export PATH=$PWD/jmx-client/target:$PATH # the bpfjmx launcher
[ -f "$agent" ] && [ -f jmx-client/target/bpfjmx.jar ] || die "the agent or the CLI is not built: run ./demo.sh"

# The first free port from 9464 (Prometheus' usual for exporters) up, for the agent's metrics endpoint.
port=9464
while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
	port=$((port + 1))
done

log=$(mktemp --tmpdir bpfjmx-demo-host.XXXXXX)
host_pid=
stop_host() {
	if [ -n "$host_pid" ] && kill -0 "$host_pid" 2>/dev/null; then
		kill "$host_pid" # SIGTERM: the JVM's shutdown hooks run, and the agent closes the object
		wait "$host_pid" 2>/dev/null || true
		echo "stopped the host JVM (PID $host_pid)"
	fi
	rm -f "$log"
}
trap stop_host EXIT

step "a host JVM with the bpfjmx agent, loading log_syscalls.bpf.o (metrics on port $port)"
object=$PWD/bpf/log_syscalls.bpf.o
# the host is examples' DemoHost, run from its source file: nothing to build
host=(java "-javaagent:$agent=object=${object//,/\\,},prometheusPort=$port"
	examples/src/main/java/io/bpfjmx/examples/DemoHost.java)
printf '$ %s &\n' "${host[*]}"
"${host[@]}" >"$log" 2>&1 &
host_pid=$!
for ((tries = 0; ; tries++)); do
	grep -q "bpfjmx: object 'log_syscalls' READY" "$log" && break
	grep -q "failed to load" "$log" && die "the agent could not load the object: $(cat "$log")"
	kill -0 "$host_pid" 2>/dev/null || die "the host JVM ended: $(cat "$log")"
	((tries < 300)) || die "the object is not READY after 30 s: $(cat "$log")"
	sleep 0.1
done
echo "host JVM running, PID $host_pid"
show bpfjmx maps --pid "$host_pid"

step "insert \"cat\" with BPF_NOEXIST, from outside the JVM"
show bpfjmx update --pid "$host_pid" syscall_count_map cat 0 --flags noexist

step "the same insert again: the kernel refuses it (EEXIST), and bpfjmx exits with 3"
exit_code=0
show bpfjmx update --pid "$host_pid" syscall_count_map cat 0 --flags noexist || exit_code=$?
echo "exit code $exit_code"
[ "$exit_code" = 3 ] || die "the second insert should have been refused with exit code 3"

step "run cat: the BPF program counts its system calls into the map"
show cat /dev/null

step "cat's system calls, read back"
lookup=$(show bpfjmx lookup --pid "$host_pid" syscall_count_map cat --json) || die "the lookup failed: $lookup"
echo "$lookup"
count=$(jq -r '.value' <<<"${lookup##*$'\n'}")
((count > 0)) || die "the BPF program counted no system call of cat"
echo "cat made $count system calls"

step "the meters of those updates, from http://127.0.0.1:$port/metrics"
metrics=$(curl -sS --fail --max-time 10 "http://127.0.0.1:$port/metrics") || die "no metrics on port $port"
updates=$(grep '^bpfjmx_map_operations_total{.*operation="update"' <<<"$metrics") || die "no update meters: $metrics"
echo "$updates"
grep -q 'outcome="success".* 1\.0$' <<<"$updates" || die "the first insert is not counted as a success"
grep -q 'reason="EEXIST".* 1\.0$' <<<"$updates" || die "the refused insert is not counted as EEXIST"

step "done in $SECONDS s"
