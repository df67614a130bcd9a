#!/usr/bin/env bash
# Times one BpfMap.update (Java, JNA), updateElem through the MBean server in-process, over RMI and over Jolokia,
# and batch updates, against a C loop of bpf_map__update_elem on the same map, key and flags in the same run, and
# prints the ratios. See BENCHMARKS.md (items 1 to 4).
#
#   sudo benchmarks/run.sh           # full run, about 8 minutes
#   sudo QUICK=1 benchmarks/run.sh   # smoke run, under a minute; its figures mean little
#
# Environment: QUICK=1 (short settings), C_ITERATIONS (C loop length), JMH_ARGS (replace the JMH settings of the
# in-process benchmarks), REMOTE_JMH_ARGS (the same for RemoteUpdateBenchmark, whose host JVMs take seconds to
# start), REMOTE=0 (skip the remote benchmarks), JAVA (java binary, default java on PATH), RECENT_JAVA (a JDK 22+
# java for items 1 and 2 again, default Temurin 25's; skipped when missing).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
target="$here/target"
jar="$target/benchmarks.jar"
fixtures="$root/bpf/fixtures.bpf.o"
# the agent's audit log to a file, as in production, not to JMH's console link (see the file)
logging="$here/logging.properties"
java="${JAVA:-java}"
recent_java="${RECENT_JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}"

if [[ "$(id -u)" != 0 ]]; then
  echo "run.sh: needs root (loading BPF objects needs CAP_BPF; the run installs packages if missing)" >&2
  exit 1
fi

if [[ "${QUICK:-0}" == 1 ]]; then
  c_iterations="${C_ITERATIONS:-200000}"
  read -r -a jmh_args <<< "${JMH_ARGS:--f 1 -wi 1 -w 1s -i 1 -r 1s}"
  read -r -a remote_jmh_args <<< "${REMOTE_JMH_ARGS:--f 1 -wi 1 -w 1s -i 1 -r 1s}"
else
  c_iterations="${C_ITERATIONS:-2000000}"
  read -r -a jmh_args <<< "${JMH_ARGS:--f 2 -wi 3 -w 2s -i 5 -r 2s}"
  read -r -a remote_jmh_args <<< "${REMOTE_JMH_ARGS:--f 1 -wi 2 -w 2s -i 5 -r 2s}"
fi
remote="${REMOTE:-1}"

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
if [[ ! -f "$jar" || ! -f "$target/jolokia-agent-jvm-javaagent.jar" || ! -f "$root/agent/target/bpfjmx-agent.jar" ]] \
    || [[ -n "$(find "$root/pom.xml" "$here/pom.xml" "$here/src" "$root/native-loader/pom.xml" \
      "$root/native-loader/src/main" "$root/agent/src/main" -newer "$jar" -print -quit)" ]]; then
  echo "== building $jar"
  (cd "$root" && ./mvnw -q -B -pl benchmarks -am package -DskipTests)
fi

# --- run: C, Java, C ------------------------------------------------------------------------------------------
# prints "<ns per update> <ns per element of a 4096-entry batch>"
c_run() {
  "$target/update_loop" "$c_iterations" "$fixtures" \
    | sed -n 's/^ns_per_op=//p; s/^batch_ns_per_element=//p' | paste -sd ' '
}

echo "== C baseline (before): $c_iterations x bpf_map__update_elem, then bpf_map_update_batch of 4096"
read -r c_before c_batch_before <<< "$(c_run)"
echo "ns_per_op=$c_before batch_ns_per_element=$c_batch_before"

echo "== JMH: ${jmh_args[*]}"
result="$target/jmh-result.json"
"$java" -Dbpfjmx.bpfDir="$root/bpf" -jar "$jar" 'MapUpdateBenchmark|MBeanUpdateBenchmark' "${jmh_args[@]}" \
  -jvmArgsAppend "-Dbpfjmx.bpfDir=$root/bpf -Djava.util.logging.config.file=$logging" -rf json -rff "$result"

# the same on a JDK with java.lang.foreign (22+), whose downcalls make the update (native-loader's ForeignLibBpf)
recent_result="$target/jmh-recent-result.json"
recent_jna_result="$target/jmh-recent-jna-result.json"
rm -f "$recent_result" "$recent_jna_result"
if [[ -x "$recent_java" ]]; then
  echo "== JMH on $("$recent_java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.version = //p'):" \
    "${jmh_args[*]}"
  "$recent_java" -jar "$jar" 'MapUpdateBenchmark.update$|MBeanUpdateBenchmark' "${jmh_args[@]}" \
    -jvmArgsAppend "-Dbpfjmx.bpfDir=$root/bpf -Djava.util.logging.config.file=$logging --enable-native-access=ALL-UNNAMED" \
    -rf json -rff "$recent_result"
  echo "== JMH on the same JDK with -Dbpfjmx.ffm=false: JNA makes the calls, as on JDK 17"
  "$recent_java" -jar "$jar" 'MapUpdateBenchmark.update$' "${jmh_args[@]}" \
    -jvmArgsAppend "-Dbpfjmx.bpfDir=$root/bpf -Dbpfjmx.ffm=false --enable-native-access=ALL-UNNAMED" \
    -rf json -rff "$recent_jna_result"
fi

remote_results=("$target/jmh-remote-result.json" "$target/jmh-remote-nodelay-result.json")
rm -f "${remote_results[@]}"
if [[ "$remote" == 1 ]]; then
  # host JVMs run BenchmarkHost from target/classes (JDK only) with the agent jar, JMX remote and Jolokia's agent
  remote_props="-Dbpfjmx.bpfDir=$root/bpf -Dbpfjmx.agentJar=$root/agent/target/bpfjmx-agent.jar"
  remote_props+=" -Dbpfjmx.jolokiaAgentJar=$target/jolokia-agent-jvm-javaagent.jar"
  remote_props+=" -Dbpfjmx.hostClassPath=$target/classes -Djava.util.logging.config.file=$logging"
  echo "== JMH remote, RMI and Jolokia (a host JVM per trial): ${remote_jmh_args[*]}"
  "$java" -jar "$jar" 'RemoteUpdateBenchmark' "${remote_jmh_args[@]}" -jvmArgsAppend "$remote_props" \
    -rf json -rff "${remote_results[0]}"
  echo "== JMH remote, Jolokia with -Dsun.net.httpserver.nodelay=true in the host"
  "$java" -jar "$jar" 'RemoteUpdateBenchmark.updateElemJolokia' "${remote_jmh_args[@]}" -p httpServerNoDelay=true \
    -jvmArgsAppend "$remote_props" -rf json -rff "${remote_results[1]}"
fi

echo "== C baseline (after)"
read -r c_after c_batch_after <<< "$(c_run)"
echo "ns_per_op=$c_after batch_ns_per_element=$c_batch_after"

# --- table ---------------------------------------------------------------------------------------------------
python3 - "$c_before" "$c_after" "$c_batch_before" "$c_batch_after" "$result" "$recent_result" \
  "$recent_jna_result" "${remote_results[@]}" <<'PY'
import json, os, sys

c_before, c_after, c_batch_before, c_batch_after = map(float, sys.argv[1:5])
recent_result, recent_jna_result = sys.argv[6:8]
scores = {}
for result in sys.argv[5:]:
    if not os.path.exists(result):
        continue
    for entry in json.load(open(result)):
        name = entry["benchmark"].rsplit(".", 1)[1]
        params = entry.get("params", {})
        if params.get("httpServerNoDelay") == "true":
            name += "NoDelay"
        if "auditLog" in params:
            name += "[audit " + params["auditLog"] + "]"
        if result == recent_result:
            name = "recent:" + name
        if result == recent_jna_result:
            name = "recent-jna:" + name
        metric = entry["primaryMetric"]
        error = metric.get("scoreError")
        scores[name] = (metric["score"], error if isinstance(error, (int, float)) and error == error else None)

c = (c_before + c_after) / 2
c_batch = (c_batch_before + c_batch_after) / 2
java, java_err = scores["update"]
batch, batch_err = scores["updateBatch"]
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
print(f"{'C bpf_map_update_batch(4096), ns/element':<44} {c_batch:>13.1f} ({c_batch_before:.0f}/{c_batch_after:.0f})")
print(f"{'ratio C batch per element / C single':<44} {c_batch / c:>13.3f}")
print(f"{'ratio Java batch / C batch, per element':<44} {batch / c_batch:>13.3f}")
for audit in ("off", "log", "file"):
    mbean, mbean_err = scores[f"updateElem[audit {audit}]"]
    print(f"{'MBean updateElem, audit ' + audit + ', ns/op':<44} {mbean:>13.1f}{pm(mbean_err)}")
    print(f"{'ratio MBean/C':<44} {mbean / c:>13.3f}")
if "recent:update" in scores:
    print("on the recent JDK (java.lang.foreign):")
    for name, label in (("recent:update", "Java BpfMap.update"),
                        ("recent-jna:update", "Java BpfMap.update, -Dbpfjmx.ffm=false"),
                        ("recent:updateElem[audit file]", "MBean updateElem, audit file"),
                        ("recent:updateElem[audit log]", "MBean updateElem, audit log"),
                        ("recent:updateElem[audit off]", "MBean updateElem, audit off")):
        score, error = scores[name]
        print(f"{label + ', ns/op':<44} {score:>13.1f}{pm(error)}")
        print(f"{'ratio / C':<44} {score / c:>13.3f}")
print(f"{'Java per-CPU update, ns/op':<44} {per_cpu:>13.1f}{pm(per_cpu_err)}")
print(f"{'Java per-CPU batch(4096), ns/element':<44} {per_cpu_batch:>13.1f}{pm(per_cpu_batch_err)}")
print(f"{'ratio per-CPU batch per element / single':<44} {per_cpu_batch / per_cpu:>13.3f}")
remote = [("updateElemRmi", "RMI (JMX remote, loopback)"),
          ("updateElemJolokiaJmx", "Jolokia, JMX adapter"),
          ("updateElemJolokiaHttp", "Jolokia, raw HTTP POST"),
          ("updateElemJolokiaJmxNoDelay", "Jolokia, JMX adapter, nodelay"),
          ("updateElemJolokiaHttpNoDelay", "Jolokia, raw HTTP POST, nodelay")]
for name, label in remote:
    if name in scores:
        score, error = scores[name]
        print(f"{label + ', ns/op':<44} {score:>13.0f}{pm(error)}")
        print(f"{'  ratio ' + name.removeprefix('updateElem') + ' / C':<44} {score / c:>13.1f}")
PY
