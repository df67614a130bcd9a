#!/usr/bin/env bash
# Agent start-up, measured (BENCHMARKS.md, "Agent start-up"): a hello-world JVM with and without the agent,
# each RUNS times, alternating; libbpf's own object load in C as the baseline of the time to READY.
#
#   sudo benchmarks/startup.sh        # RUNS=10 by default
#   sudo BASELINE_AGENT=/path/to/older/bpfjmx-agent.jar benchmarks/startup.sh   # also that agent, in turn
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
target="$here/target/startup"
runs="${RUNS:-10}"
object="$root/bpf/log_syscalls.bpf.o"
agent="$root/agent/target/bpfjmx-agent.jar"

if [[ "$(id -u)" != 0 ]]; then
  echo "startup.sh: needs root (loading BPF objects needs CAP_BPF)" >&2
  exit 1
fi
command -v gcc > /dev/null && [[ -f /usr/include/bpf/libbpf.h ]] || {
  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q gcc libbpf-dev
}
[[ -f "$agent" ]] || (cd "$root" && ./mvnw -q -B -pl agent -am package -DskipTests)

mkdir -p "$target"
gcc -O2 -Wall -o "$target/load_object" "$here/c/load_object.c" -lbpf
javac -d "$target" "$here/startup/StartupProbe.java"

: > "$target/results.txt"
for ((i = 0; i < runs; i++)); do
  java -cp "$target" StartupProbe | sed 's/^/without /' >> "$target/results.txt"
  java -javaagent:"$agent=object=$object" -cp "$target" StartupProbe log_syscalls 2> /dev/null \
    | sed 's/^/with /' >> "$target/results.txt"
  if [[ -n "${BASELINE_AGENT:-}" ]]; then
    java -javaagent:"$BASELINE_AGENT=object=$object" -cp "$target" StartupProbe log_syscalls 2> /dev/null \
      | sed 's/^/baseline /' >> "$target/results.txt"
  fi
  "$target/load_object" "$object" | sed 's/^/c /' >> "$target/results.txt"
done

python3 - "$target/results.txt" <<'PY'
import statistics, sys
values = {}
for line in open(sys.argv[1]):
    side, pair = line.split()
    key, value = pair.split("=")
    if key != "status":
        values.setdefault((side, key), []).append(float(value))
med = lambda side, key: statistics.median(values[(side, key)])
runs = len(values[("without", "main_ms")])
print(f"medians of {runs} runs")
print(f"{'time to main, without agent (ms)':<46} {med('without', 'main_ms'):>8.1f}")
print(f"{'time to main, with agent (ms)':<46} {med('with', 'main_ms'):>8.1f}")
print(f"{'  agent adds before main (ms)':<46} {med('with', 'main_ms') - med('without', 'main_ms'):>8.1f}")
print(f"{'time to READY, from JVM start (ms)':<46} {med('with', 'ready_ms'):>8.1f}")
print(f"{'libbpf open+load in C (ms)':<46} {med('c', 'load_ms'):>8.1f}")
print(f"{'  agent beyond libbpf: READY - main - C load (ms)':<46} "
      f"{med('with', 'ready_ms') - med('with', 'main_ms') - med('c', 'load_ms'):>8.1f}")
print(f"{'  agent from JVM start: READY - main without agent - C load (ms)':<46} "
      f"{med('with', 'ready_ms') - med('without', 'main_ms') - med('c', 'load_ms'):>8.1f}")
if ("baseline", "ready_ms") in values:
    print(f"{'baseline agent: time to main (ms)':<46} {med('baseline', 'main_ms'):>8.1f}")
    print(f"{'baseline agent: time to READY (ms)':<46} {med('baseline', 'ready_ms'):>8.1f}")
    print(f"{'  baseline from JVM start: READY - main without agent - C load (ms)':<46} "
          f"{med('baseline', 'ready_ms') - med('without', 'main_ms') - med('c', 'load_ms'):>8.1f}")
heap = med('with', 'heap_bytes') - med('without', 'heap_bytes')
rss = med('with', 'rss_kib') - med('without', 'rss_kib')
print(f"{'heap in use after GC: without / with (MB)':<46} {med('without', 'heap_bytes') / 1e6:>8.1f} / {med('with', 'heap_bytes') / 1e6:.1f}")
print(f"{'  agent heap (MB)':<46} {heap / 1e6:>8.1f}")
print(f"{'resident set: without / with (MB)':<46} {med('without', 'rss_kib') / 1024:>8.1f} / {med('with', 'rss_kib') / 1024:.1f}")
print(f"{'  agent resident memory (MB)':<46} {rss / 1024:>8.1f}")
PY
