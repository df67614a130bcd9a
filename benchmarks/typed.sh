#!/usr/bin/env bash
# Times a typed update (JSON by the map's BTF) against a hex updateElem of the same entry, both through the MBean
# server in-process with the audit log off, in one run, and prints the ratios. See BENCHMARKS.md ("Typed values").
#
#   sudo benchmarks/typed.sh            # about 3 minutes
#   sudo QUICK=1 benchmarks/typed.sh    # smoke run; its figures mean little
#
# Environment: JMH_ARGS (replace the JMH settings), JAVA (java binary, default java on PATH).
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/jmh-setup.sh"

result="$here/target/jmh-typed-result.json"
"$java" -jar "$jar" 'TypedUpdateBenchmark' "${jmh_args[@]}" -jvmArgsAppend "-Dbpfjmx.bpfDir=$root/bpf" \
  -rf json -rff "$result"

python3 - "$result" <<'PY'
import json, sys
scores = {}
for entry in json.load(open(sys.argv[1])):
    name = entry["benchmark"].rsplit(".", 1)[1]
    metric = entry["primaryMetric"]
    error = metric.get("scoreError")
    scores[(entry["params"]["entry"], name)] = (metric["score"], error if isinstance(error, float) and error == error else 0.0)
print()
print(f"{'entry':<8} {'hex updateElem, ns/op':>24} {'typed update, ns/op':>24} {'typed/hex':>10}")
for entry in ("flows", "names"):
    hex_score, hex_err = scores[(entry, "updateElemHex")]
    typed_score, typed_err = scores[(entry, "updateTyped")]
    print(f"{entry:<8} {hex_score:>15.1f} ± {hex_err:>6.1f} {typed_score:>15.1f} ± {typed_err:>6.1f} "
          f"{typed_score / hex_score:>10.3f}")
PY
