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

source "$(dirname "${BASH_SOURCE[0]}")/jmh-setup.sh"

result="$here/target/jmh-export-result.json"
# firstRefresh is one single shot per iteration: 20 of them per fork, after 5 warm-up shots
"$java" -jar "$jar" 'MapExportBenchmark' "${jmh_args[@]}" -jvmArgsAppend "-Dbpfjmx.bpfDir=$root/bpf" \
  -rf json -rff "$result"

python3 - "$result" <<'PY'
import json, statistics, sys
# medians of the iterations, with their range: on a shared machine a few iterations land on another job's burst,
# which a mean and its error spread over the rest
scores = {}
for entry in json.load(open(sys.argv[1])):
    name = entry["benchmark"].rsplit(".", 1)[1]
    raw = [x for fork in entry["primaryMetric"]["rawData"] for x in fork]
    scores[(int(entry["params"]["limit"]), name)] = (statistics.median(raw), min(raw), max(raw),
                                                      entry["primaryMetric"]["scoreUnit"])
def show(limit, name):
    median, low, high, unit = scores[(limit, name)]
    return f"{median:>10,.1f} {unit:<6} ({low:,.1f} to {high:,.1f})"
print()
print("medians of the iterations (their range)")
for limit in sorted({limit for limit, _ in scores}):
    read, refresh = scores[(limit, "readEntries")][0], scores[(limit, "refresh")][0]
    bare, scrape = scores[(limit, "scrapeWithoutExport")][0], scores[(limit, "scrape")][0]
    series = min(limit, 10000)
    print(f"exportLimit={limit} (10,000 entries, {series:,} series)")
    print(f"  read of the map alone      {show(limit, 'readEntries')}")
    print(f"  one refresh                {show(limit, 'refresh')}   refresh/read {refresh / read:.2f}")
    print(f"  first refresh (registers)  {show(limit, 'firstRefresh')}")
    print(f"  scrape without the export  {show(limit, 'scrapeWithoutExport')}")
    print(f"  scrape with the export     {show(limit, 'scrape')}   adds {scrape - bare:,.1f} us, "
          f"{(scrape - bare) / series * 1000:,.0f} ns a series")
PY
