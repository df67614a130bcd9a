#!/usr/bin/env bash
# Agent start-up, measured (BENCHMARKS.md, "Agent start-up"): a hello-world JVM with and without the agent,
# each RUNS times, alternating, on each JDK of JAVA_HOMES in the same run; libbpf's own object load in C as the
# baseline of the time to READY. On JDK 22 and later the agent calls libbpf through java.lang.foreign (and is
# timed again kept on JNA, -Dbpfjmx.ffm=false), before through JNA.
#
#   sudo benchmarks/startup.sh        # RUNS=10 by default
#   sudo BASELINE_AGENT=/path/to/older/bpfjmx-agent.jar benchmarks/startup.sh   # also that agent, in turn
#   sudo JAVA_HOMES=/usr/lib/jvm/temurin-25-jdk-amd64 benchmarks/startup.sh     # one JDK only
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
target="$here/target/startup"
runs="${RUNS:-10}"
object="$root/bpf/log_syscalls.bpf.o"
agent="$root/agent/target/bpfjmx-agent.jar"
read -r -a homes <<< "${JAVA_HOMES:-/usr/lib/jvm/java-17-openjdk-amd64 /usr/lib/jvm/temurin-25-jdk-amd64}"

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
  for home in "${homes[@]}"; do
    jdk="jdk$("$home/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
    java=("$home/bin/java" --enable-native-access=ALL-UNNAMED)
    [[ "$jdk" == jdk17 ]] && java=("$home/bin/java")  # JDK 17 has no such option
    "${java[@]}" -cp "$target" StartupProbe | sed "s/^/$jdk without /" >> "$target/results.txt"
    "${java[@]}" -javaagent:"$agent=object=$object" -cp "$target" StartupProbe log_syscalls 2> /dev/null \
      | sed "s/^/$jdk with /" >> "$target/results.txt"
    if [[ "$jdk" != jdk17 ]]; then # the same agent kept on JNA: what the JDK's binding changes
      "${java[@]}" -Dbpfjmx.ffm=false -javaagent:"$agent=object=$object" -cp "$target" StartupProbe log_syscalls \
        2> /dev/null | sed "s/^/$jdk jna /" >> "$target/results.txt"
    fi
    if [[ -n "${BASELINE_AGENT:-}" ]]; then
      "${java[@]}" -javaagent:"$BASELINE_AGENT=object=$object" -cp "$target" StartupProbe log_syscalls 2> /dev/null \
        | sed "s/^/$jdk baseline /" >> "$target/results.txt"
    fi
  done
  "$target/load_object" "$object" | sed 's/^/all c /' >> "$target/results.txt"
done

python3 - "$target/results.txt" <<'PY'
import statistics, sys
values = {}
for line in open(sys.argv[1]):
    jdk, side, pair = line.split()
    key, value = pair.split("=")
    if key != "status":
        values.setdefault((jdk, side, key), []).append(float(value))
c_load = statistics.median(values[("all", "c", "load_ms")])
for jdk in sorted({k[0] for k in values if k[0] != "all"}):
    med = lambda side, key: statistics.median(values[(jdk, side, key)])
    runs = len(values[(jdk, "without", "main_ms")])
    print(f"== {jdk}: medians of {runs} runs")
    print(f"{'time to main, without agent (ms)':<46} {med('without', 'main_ms'):>8.1f}")
    print(f"{'time to main, with agent (ms)':<46} {med('with', 'main_ms'):>8.1f}")
    print(f"{'  agent adds before main (ms)':<46} {med('with', 'main_ms') - med('without', 'main_ms'):>8.1f}")
    print(f"{'time to READY, from JVM start (ms)':<46} {med('with', 'ready_ms'):>8.1f}")
    print(f"{'libbpf open+load in C (ms)':<46} {c_load:>8.1f}")
    print(f"{'  agent beyond libbpf: READY - main - C load (ms)':<46} "
          f"{med('with', 'ready_ms') - med('with', 'main_ms') - c_load:>8.1f}")
    print(f"{'  agent from JVM start: READY - main without agent - C load (ms)':<46} "
          f"{med('with', 'ready_ms') - med('without', 'main_ms') - c_load:>8.1f}")
    if (jdk, "jna", "ready_ms") in values:
        print(f"{'the agent kept on JNA (-Dbpfjmx.ffm=false): READY (ms)':<46} {med('jna', 'ready_ms'):>8.1f}")
        print(f"{'  on JNA, from JVM start: READY - main without agent - C load (ms)':<46} "
              f"{med('jna', 'ready_ms') - med('without', 'main_ms') - c_load:>8.1f}")
    if (jdk, "baseline", "ready_ms") in values:
        print(f"{'baseline agent: time to main (ms)':<46} {med('baseline', 'main_ms'):>8.1f}")
        print(f"{'baseline agent: time to READY (ms)':<46} {med('baseline', 'ready_ms'):>8.1f}")
        print(f"{'  baseline from JVM start: READY - main without agent - C load (ms)':<46} "
              f"{med('baseline', 'ready_ms') - med('without', 'main_ms') - c_load:>8.1f}")
    heap = med('with', 'heap_bytes') - med('without', 'heap_bytes')
    rss = med('with', 'rss_kib') - med('without', 'rss_kib')
    print(f"{'heap in use after GC: without / with (MB)':<46} {med('without', 'heap_bytes') / 1e6:>8.1f} / "
          f"{med('with', 'heap_bytes') / 1e6:.1f}")
    print(f"{'  agent heap (MB)':<46} {heap / 1e6:>8.1f}")
    print(f"{'resident set: without / with (MB)':<46} {med('without', 'rss_kib') / 1024:>8.1f} / "
          f"{med('with', 'rss_kib') / 1024:.1f}")
    print(f"{'  agent resident memory (MB)':<46} {rss / 1024:>8.1f}")
PY
