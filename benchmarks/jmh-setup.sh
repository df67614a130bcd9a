# Sourced by the JMH scripts (typed.sh, export.sh): the paths, the JMH settings (QUICK=1 for a smoke run, JMH_ARGS to
# replace them), the root check, and a rebuild of the benchmarks' jar when a source is newer than it.
# Sets here, root, jar, java and jmh_args.

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
jar="$here/target/benchmarks.jar"
java="${JAVA:-java}"
if [[ "${QUICK:-0}" == 1 ]]; then
  read -r -a jmh_args <<< "${JMH_ARGS:--f 1 -wi 1 -w 1s -i 1 -r 1s}"
else
  read -r -a jmh_args <<< "${JMH_ARGS:--f 2 -wi 3 -w 2s -i 5 -r 2s}"
fi
[[ "$(id -u)" == 0 ]] || { echo "$(basename "$0"): needs root (loading BPF objects needs CAP_BPF)" >&2; exit 1; }
if [[ ! -f "$jar" ]] || [[ -n "$(find "$here/src" "$root/native-loader/src/main" "$root/agent/src/main" \
    -newer "$jar" -print -quit)" ]]; then
  echo "== building $jar"
  (cd "$root" && ./mvnw -q -B -pl benchmarks -am package -DskipTests)
fi
