#!/usr/bin/env bash
# Times the export of map entries as meters (agent option export) on a map of 10,000 entries, in one JMH run: one
# refresh against the bare read of the same map, the first refresh (which registers the series), and a Prometheus
# scrape with the exported series against one without; prints the ratios. See BENCHMARKS.md ("Map contents as
# metrics").
#
#   sudo benchmarks/export.sh            # about 4 minutes
#   sudo QUICK=1 benchmarks/export.sh    # smoke run; its figures mean little
#
# Environment: JMH_ARGS (replace the JMH settings), JAVA (java binary, default java on PATH).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
jar="$here/target/benchmarks.jar"
java="${JAVA:-java}"
if [[ "${QUICK:-0}" == 1 ]]; then
  read -r -a jmh_args <<< "${JMH_ARGS:--f 1 -wi 1 -w 1s -i 1 -r 1s}"
else
  read -r -a jmh_args <<< "${JMH_ARGS:--f 2 -wi 3 -w 2s -i 5 -r 2s}"
fi
[[ "$(id -u)" == 0 ]] || { echo "export.sh: needs root (loading BPF objects needs CAP_BPF)" >&2; exit 1; }
if [[ ! -f "$jar" ]] || [[ -n "$(find "$here/src" "$root/native-loader/src/main" "$root/agent/src/main" \
    -newer "$jar" -print -quit)" ]]; then
  echo "== building $jar"
  (cd "$root" && ./mvnw -q -B -pl benchmarks -am package -DskipTests)
fi

result="$here/target/jmh-export-result.json"
# firstRefresh is one single shot per iteration: 20 of them per fork, after 5 warm-up shots
"$java" -jar "$jar" 'MapExportBenchmark' "${jmh_args[@]}" -jvmArgsAppend "-Dbpfjmx.bpfDir=$root/bpf" \
  -rf json -rff "$result"

python3 - "$result" <<'PY'
import json, sys
scores = {}
for entry in json.load(open(sys.argv[1])):
    name = entry["benchmark"].rsplit(".", 1)[1]
    metric = entry["primaryMetric"]
    error = metric.get("scoreError")
    scores[(int(entry["params"]["limit"]), name)] = (metric["score"], error if isinstance(error, float) and error == error else 0.0, metric["scoreUnit"])
def show(limit, name):
    score, error, unit = scores[(limit, name)]
    return f"{score:,.1f} ± {error:,.1f} {unit}"
print()
for limit in sorted({limit for limit, _ in scores}):
    read, refresh = scores[(limit, "readEntries")][0], scores[(limit, "refresh")][0]
    bare, scrape = scores[(limit, "scrapeWithoutExport")][0], scores[(limit, "scrape")][0]
    print(f"exportLimit={limit} (10,000 entries, {min(limit, 10000):,} series)")
    print(f"  read of the map alone      {show(limit, 'readEntries')}")
    print(f"  one refresh                {show(limit, 'refresh')}   refresh/read {refresh / read:.2f}")
    print(f"  first refresh (registers)  {show(limit, 'firstRefresh')}")
    print(f"  scrape without the export  {show(limit, 'scrapeWithoutExport')}")
    print(f"  scrape with the export     {show(limit, 'scrape')}   adds {scrape - bare:,.1f} us, "
          f"{(scrape - bare) / min(limit, 10000) * 1000:,.0f} ns a series")
PY
