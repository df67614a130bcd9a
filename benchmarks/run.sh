#!/usr/bin/env bash
# Times one BpfMap.update (Java, JNA) against a C loop of bpf_map__update_elem on the same map, key and flags,
# in the same run, and prints the ratios. See BENCHMARKS.md.
#
#   sudo benchmarks/run.sh           # full run, about 75 seconds
#   sudo QUICK=1 benchmarks/run.sh   # smoke run, a few seconds; its figures mean little
#
# Environment: QUICK=1 (short settings), C_ITERATIONS (C loop length), JMH_ARGS (replace the JMH settings),
# JAVA (java binary, default java on PATH).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
target="$here/target"
jar="$target/benchmarks.jar"
fixtures="$root/bpf/fixtures.bpf.o"
java="${JAVA:-java}"

if [[ "$(id -u)" != 0 ]]; then
  echo "run.sh: needs root (loading BPF objects needs CAP_BPF; the run installs packages if missing)" >&2
  exit 1
fi

if [[ "${QUICK:-0}" == 1 ]]; then
  c_iterations="${C_ITERATIONS:-200000}"
  read -r -a jmh_args <<< "${JMH_ARGS:--f 1 -wi 1 -w 1s -i 1 -r 1s}"
else
  c_iterations="${C_ITERATIONS:-2000000}"
  read -r -a jmh_args <<< "${JMH_ARGS:--f 2 -wi 3 -w 2s -i 5 -r 2s}"
fi

# --- tools ---------------------------------------------------------------------------------------------------
missing=()
command -v gcc > /dev/null || missing+=(gcc)
[[ -f /usr/include/bpf/libbpf.h ]] || missing+=(libbpf-dev)
if (( ${#missing[@]} )); then
  echo "== installing ${missing[*]}"
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"
fi

# --- build ---------------------------------------------------------------------------------------------------
mkdir -p "$target"
gcc -O2 -Wall -o "$target/update_loop" "$here/c/update_loop.c" -lbpf

# (re)package the jar when it is missing or older than a source it is built from
if [[ ! -f "$jar" ]] || [[ -n "$(find "$root/pom.xml" "$here/pom.xml" "$here/src" "$root/native-loader/pom.xml" \
      "$root/native-loader/src/main" "$root/agent/src/main" -newer "$jar" -print -quit)" ]]; then
  echo "== building $jar"
  (cd "$root" && ./mvnw -q -B -pl benchmarks -am package -DskipTests)
fi

# --- run: C, Java, C ------------------------------------------------------------------------------------------
c_run() {
  "$target/update_loop" "$c_iterations" "$fixtures" | sed -n 's/^ns_per_op=//p'
}

echo "== C baseline (before): $c_iterations x bpf_map__update_elem"
c_before="$(c_run)"
echo "ns_per_op=$c_before"

echo "== JMH: ${jmh_args[*]}"
result="$target/jmh-result.json"
"$java" -Dbpfjmx.bpfDir="$root/bpf" -jar "$jar" 'MapUpdateBenchmark|MBeanUpdateBenchmark' "${jmh_args[@]}" \
  -jvmArgsAppend "-Dbpfjmx.bpfDir=$root/bpf" -rf json -rff "$result"

echo "== C baseline (after)"
c_after="$(c_run)"
echo "ns_per_op=$c_after"

# --- table ---------------------------------------------------------------------------------------------------
python3 - "$result" "$c_before" "$c_after" <<'PY'
import json, sys

result, c_before, c_after = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
scores = {}
for entry in json.load(open(result)):
    name = entry["benchmark"].rsplit(".", 1)[1]
    metric = entry["primaryMetric"]
    error = metric.get("scoreError")
    scores[name] = (metric["score"], error if isinstance(error, (int, float)) and error == error else None)

c = (c_before + c_after) / 2
java, java_err = scores["update"]
batch, batch_err = scores["updateBatch"]
mbean, mbean_err = scores["updateElem"]
per_cpu, per_cpu_err = scores["updatePerCpu"]
per_cpu_batch, per_cpu_batch_err = scores["updateBatchPerCpu"]

def pm(error):
    return f" ± {error:.1f}" if error is not None else ""

print()
print(f"{'what':<44} {'figure':>22}")
print(f"{'C bpf_map__update_elem, ns/op (before/after)':<44} {c:>13.1f} ({c_before:.0f}/{c_after:.0f})")
print(f"{'Java BpfMap.update, ns/op':<44} {java:>13.1f}{pm(java_err)}")
print(f"{'ratio Java/C':<44} {java / c:>13.3f}")
print(f"{'Java BpfMap.updateBatch(4096), ns/element':<44} {batch:>13.1f}{pm(batch_err)}")
print(f"{'ratio batch per element / Java single':<44} {batch / java:>13.3f}")
print(f"{'MBean updateElem (in-process), ns/op':<44} {mbean:>13.1f}{pm(mbean_err)}")
print(f"{'ratio MBean/C':<44} {mbean / c:>13.3f}")
print(f"{'Java per-CPU update, ns/op':<44} {per_cpu:>13.1f}{pm(per_cpu_err)}")
print(f"{'Java per-CPU batch(4096), ns/element':<44} {per_cpu_batch:>13.1f}{pm(per_cpu_batch_err)}")
print(f"{'ratio per-CPU batch per element / single':<44} {per_cpu_batch / per_cpu:>13.3f}")
PY
