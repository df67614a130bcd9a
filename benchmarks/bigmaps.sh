#!/usr/bin/env bash
# Reads of big maps, in one run (BENCHMARKS.md, "Big maps"): hash maps (u32 -> u64) of 10^3..10^6 entries and a
# per-CPU hash of 10^5, made by bpftool and filled by batch updates, then for each the median of 5 timed runs
# (after 2 untimed) of: a whole dump through the MBean server in-process (dumpFrom pages), `bpfjmx dump --json` as
# a whole process, `bpftool -j map dump id N`, and a count of the keys (what an EntryCount refresh costs).
# Writes benchmarks/target/bigmaps.csv and the plot docs/img/bigmaps.png (gnuplot; installed if missing).
#
#   sudo benchmarks/bigmaps.sh                      # about 3 minutes
#   sudo SIZES="1000 10000" benchmarks/bigmaps.sh   # fewer sizes
#
# Environment: SIZES (hash map sizes, default "1000 10000 100000 1000000"), JAVA (java binary, default java),
# HEAP (the benchmark JVM's heap options, default "-Xms1g -Xmx1g -XX:+AlwaysPreTouch": a heap touched once at start,
# as a host's heap is after it has run a while; HEAP= for a fresh, growing heap, whose first touch of each 4 KiB
# costs a page fault, ~15 us on the VM of BENCHMARKS.md: the first big map's dumps then pay 3,000+ faults each).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
jar="$here/target/benchmarks.jar"
cli="$root/jmx-client/target/bpfjmx"
csv="$here/target/bigmaps.csv"
png="$root/docs/img/bigmaps.png"
java="${JAVA:-java}"
read -r -a heap <<< "${HEAP--Xms1g -Xmx1g -XX:+AlwaysPreTouch}"
read -r -a sizes <<< "${SIZES:-1000 10000 100000 1000000}"

[[ "$(id -u)" == 0 ]] || { echo "bigmaps.sh: needs root (bpftool creates maps; the agent opens them)" >&2; exit 1; }
if ! command -v gnuplot > /dev/null; then
  echo "== installing gnuplot-nox"
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q gnuplot-nox
fi
if [[ ! -f "$jar" || ! -x "$cli" ]] || [[ -n "$(find "$here/src" "$root/native-loader/src/main" \
    "$root/agent/src/main" "$root/jmx-client/src/main" -newer "$jar" -print -quit)" ]]; then
  echo "== building $jar and the CLI"
  (cd "$root" && ./mvnw -q -B -pl benchmarks,jmx-client -am package -DskipTests)
fi

echo "== load average before: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) CPUs; heap: ${heap[*]:-(default)}"
"$java" "${heap[@]}" -cp "$jar" io.bpfjmx.benchmarks.BigMapsBenchmark "$csv" "$cli" "${sizes[@]}"
echo "== load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

python3 - "$csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
ms = {(r["map"], r["method"]): float(r["ms"]) for r in rows}
entries = {r["map"]: int(r["entries"]) for r in rows}
print()
print(f"{'map':<14}{'entries':>9}{'MBean dump ms':>15}{'CLI ms':>10}{'bpftool ms':>12}{'count ms':>10}"
      f"{'MBean/bpftool':>15}{'CLI/bpftool':>13}")
for name in dict.fromkeys(r["map"] for r in rows if r["method"] == "bpftool"):
    b = ms[(name, "bpftool")]
    print(f"{name:<14}{entries[name]:>9}{ms[(name, 'mbean')]:>15.1f}{ms[(name, 'cli')]:>10.1f}{b:>12.1f}"
          f"{ms[(name, 'count')]:>10.2f}{ms[(name, 'mbean')] / b:>15.3f}{ms[(name, 'cli')] / b:>13.3f}")
for r in rows:
    if r["method"] == "cli-small-heap":
        print(f"CLI dump of {r['map']} in a 96 MB heap: {float(r['ms']):.0f} ms, {r['entries']} entries in its JSON")
PY

# one data file per method, hash maps only (the per-CPU map is a single point, in the table)
for method in mbean cli bpftool count; do
  grep "^h[0-9]*,[0-9]*,$method," "$csv" | cut -d, -f2,4 | tr , ' ' > "$here/target/bigmaps-$method.dat"
done
mkdir -p "$(dirname "$png")"
gnuplot <<GP
set terminal pngcairo size 800,520 font ",11" noenhanced
set output "$png"
set title "Reading a whole hash map (u32 -> u64), median of 5 runs"
set logscale xy
set xlabel "entries in the map"
set ylabel "milliseconds"
set key top left
set grid
plot "$here/target/bigmaps-bpftool.dat" using 1:2 with linespoints title "bpftool -j map dump (process)", \
     "$here/target/bigmaps-cli.dat" using 1:2 with linespoints title "bpfjmx dump --json (process)", \
     "$here/target/bigmaps-mbean.dat" using 1:2 with linespoints title "dumpFrom pages through the MBean server", \
     "$here/target/bigmaps-count.dat" using 1:2 with linespoints title "EntryCount refresh (countKeys)"
GP
echo "== wrote $csv and $png"
