#!/usr/bin/env bash
# The bpfjmx CLI as whole processes, against bpftool, with hyperfine (BENCHMARKS.md, items 5 and "CLI start-up"):
#   (a) one `bpfjmx update --pid` against one `bpftool map update`;
#   (b) a file of 10,000 entries through `bpfjmx update --from` against a shell loop of 10,000 `bpftool map update`
#       (and, for reference, the same 10,000 commands in one `bpftool batch file`);
#   (c) the CLI's start-up: `--help` and one `maps --pid`, through the launcher (CDS archive when present) and as
#       it started before (the same JVM options without the archive), with `java -version` as the JVM's floor.
# All against one target JVM with the agent and bpf/fixtures.bpf.o loaded, map hash_map (HASH, u32 -> u64, 8192
# entries). Every figure is a ratio against a baseline of the same run.
#
#   sudo benchmarks/cli.sh              # about 1.5 minutes
#   sudo QUICK=1 benchmarks/cli.sh      # smoke run: few runs, a 1,000-entry file
#
# Environment: RUNS (hyperfine runs of the short commands, default 20), LOOP_RUNS (runs of the bpftool loop,
# default 3), ENTRIES (lines of the file, default 10000), JAVA_HOME (the JDK for the target and the CLI).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
target="$here/target/cli"
agent="$root/agent/target/bpfjmx-agent.jar"
cli="$root/jmx-client/target/bpfjmx"
cli_jar="$root/jmx-client/target/bpfjmx.jar"
fixtures="$root/bpf/fixtures.bpf.o"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"

if [[ "${QUICK:-0}" == 1 ]]; then
  runs="${RUNS:-3}" loop_runs="${LOOP_RUNS:-1}" entries="${ENTRIES:-1000}"
else
  runs="${RUNS:-20}" loop_runs="${LOOP_RUNS:-3}" entries="${ENTRIES:-10000}"
fi
if (( entries % 2 )); then
  echo "cli.sh: ENTRIES must be even (keys 0..ENTRIES/2-1, each written twice)" >&2
  exit 2
fi

if [[ "$(id -u)" != 0 ]]; then
  echo "cli.sh: needs root (the target loads a BPF object; bpftool writes maps)" >&2
  exit 1
fi

# --- tools ---------------------------------------------------------------------------------------------------
missing=()
command -v hyperfine > /dev/null || missing+=(hyperfine)
command -v bpftool > /dev/null || missing+=(bpftool)
if (( ${#missing[@]} )); then
  echo "== installing ${missing[*]}"
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"
fi

# --- build ---------------------------------------------------------------------------------------------------
if [[ ! -f "$cli_jar" || ! -x "$cli" || ! -f "$agent" ]] || [[ -n "$(find "$root/pom.xml" "$root/jmx-client/pom.xml" \
      "$root/jmx-client/src/main" "$root/agent/src/main" "$root/native-loader/src/main" -newer "$cli_jar" -print \
      -quit)" ]]; then
  echo "== building the CLI (and the agent)"
  (cd "$root" && ./mvnw -q -B -pl jmx-client -am package -DskipTests)
fi
mkdir -p "$target"
"${java}c" -d "$target/host" "$here/src/main/java/io/bpfjmx/benchmarks/BenchmarkHost.java"

# --- the target JVM ------------------------------------------------------------------------------------------
"$java" -Djava.util.logging.config.file="$here/logging.properties" -javaagent:"$agent=object=$fixtures" -cp "$target/host" io.bpfjmx.benchmarks.BenchmarkHost fixtures forever \
  > "$target/host.log" 2>&1 &
host=$!
trap 'kill "$host" 2> /dev/null || true' EXIT
for ((i = 0; i < 600; i++)); do
  grep -q '^ready' "$target/host.log" && break
  kill -0 "$host" 2> /dev/null || break
  sleep 0.1
done
if ! grep -q '^ready READY' "$target/host.log"; then
  echo "cli.sh: the target JVM did not load fixtures.bpf.o:" >&2
  cat "$target/host.log" >&2
  exit 1
fi
# the first attach starts the target's local JMX agent: not part of any figure
"$cli" maps --pid "$host" --json > "$target/maps.json"
id="$(python3 -c 'import json, sys
maps = [m for o in json.load(open(sys.argv[1]))["objects"] for m in o["maps"] if m["name"] == "hash_map"]
print(maps[0]["id"])' "$target/maps.json")"
echo "== target JVM $host, hash_map is map id $id"

# --- the 10,000 entries: keys 0..N/2-1, twice (hash_map holds 8192); the second value wins ---------------------
python3 - "$entries" "$id" "$target" <<'PY'
import struct, sys
entries, map_id, target = int(sys.argv[1]), sys.argv[2], sys.argv[3]
half = entries // 2
rows = [(k, k) for k in range(half)] + [(k, 1000000 + k) for k in range(half)]
hexbytes = lambda data: " ".join(f"{b:02x}" for b in data)
with open(f"{target}/entries.txt", "w") as cli, open(f"{target}/entries.hex", "w") as loop, \
        open(f"{target}/entries.batch", "w") as batch:
    for key, value in rows:
        cli.write(f"int:{key} int:{value}\n")
        k, v = hexbytes(struct.pack("<I", key)), hexbytes(struct.pack("<Q", value))
        loop.write(f"{k} {v}\n")
        batch.write(f"map update id {map_id} key hex {k} value hex {v}\n")
PY
cat > "$target/loop.sh" <<EOF
#!/usr/bin/env bash
# one bpftool process per entry, as a shell script that writes a map entry by entry would
while read -r k0 k1 k2 k3 v0 v1 v2 v3 v4 v5 v6 v7; do
  bpftool map update id $id key hex \$k0 \$k1 \$k2 \$k3 value hex \$v0 \$v1 \$v2 \$v3 \$v4 \$v5 \$v6 \$v7
done < "$target/entries.hex"
EOF
chmod +x "$target/loop.sh"

# --- (a) one update --------------------------------------------------------------------------------------------
echo "== (a) one update, whole process: bpfjmx against bpftool ($runs runs each)"
hyperfine -N --style basic -w 3 -r "$runs" --export-json "$target/single.json" \
  -n 'bpftool map update' "bpftool map update id $id key hex 2a 00 00 00 value hex 07 00 00 00 00 00 00 00" \
  -n 'bpfjmx update' "$cli update --pid $host hash_map int:42 int:7"

# --- (b) the file --------------------------------------------------------------------------------------------
echo "== (b) $entries entries: bpfjmx update --from against $entries bpftool calls"
hyperfine -N --style basic -w 1 -r "$loop_runs" --export-json "$target/bulk-loop.json" \
  -n "shell loop of $entries bpftool map update" "bash $target/loop.sh"
hyperfine -N --style basic -w 2 -r "$runs" --export-json "$target/bulk.json" \
  -n "bpftool batch file ($entries commands)" "bpftool batch file $target/entries.batch" \
  -n "bpfjmx update --from ($entries lines)" "$cli update --pid $host hash_map --from $target/entries.txt"
# the file really landed: the last key holds its second value
last=$(( entries / 2 - 1 ))
expected="$(python3 -c "import struct; print(struct.pack('<Q', 1000000 + $last).hex())")"
"$cli" lookup --pid "$host" hash_map "int:$last" --hex | grep -qi "$expected" || {
  echo "cli.sh: key $last of hash_map does not hold $expected after the runs" >&2
  exit 1
}

# --- (c) start-up ----------------------------------------------------------------------------------------------
# "before": the launcher's JVM options without a CDS archive, as it started before the archive existed
before="$java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto -jar $cli_jar"
[[ -f "${cli_jar%.jar}.jsa" ]] || echo "   (no ${cli_jar%.jar}.jsa: the launcher runs without its CDS archive)"
echo "== (c) CLI start-up: launcher against its former JVM options; java -version as the floor"
hyperfine -N --style basic -w 3 -r "$runs" --export-json "$target/startup.json" \
  -n 'java -version' "$java -Xshare:auto -version" \
  -n 'bpfjmx --help, before' "$before --help" \
  -n 'bpfjmx --help' "$cli --help" \
  -n 'bpfjmx maps --pid, before' "$before maps --pid $host" \
  -n 'bpfjmx maps --pid' "$cli maps --pid $host"

# --- table ---------------------------------------------------------------------------------------------------
python3 - "$target" "$entries" <<'PY'
import json, sys
target, entries = sys.argv[1], int(sys.argv[2])
results = {}
for name in ("single", "bulk-loop", "bulk", "startup"):
    for r in json.load(open(f"{target}/{name}.json"))["results"]:
        results[r["command"]] = r
def row(label, name):
    r = results[name]
    print(f"{label:<52} {r['median'] * 1e3:>10.1f} {r['mean'] * 1e3:>10.1f} ± {r['stddev'] * 1e3 if r['stddev'] else 0:.1f}")
def ratio(label, a, b):
    print(f"{label:<52} {results[a]['median'] / results[b]['median']:>10.3f}")
print()
print(f"{'whole process, ms':<52} {'median':>10} {'mean':>10}")
row("bpftool map update (one)", "bpftool map update")
row("bpfjmx update --pid (one)", "bpfjmx update")
ratio("  ratio bpfjmx / bpftool (one update)", "bpfjmx update", "bpftool map update")
loop = f"shell loop of {entries} bpftool map update"
batch = f"bpftool batch file ({entries} commands)"
bulk = f"bpfjmx update --from ({entries} lines)"
row(loop, loop)
row(batch, batch)
row(bulk, bulk)
ratio(f"  ratio bpfjmx --from / bpftool loop (target <= 0.05)", bulk, loop)
ratio(f"  ratio bpfjmx --from / bpftool batch file", bulk, batch)
print(f"{'  bpftool loop per call, ms':<52} {results[loop]['median'] * 1e3 / entries:>10.3f}")
row("java -version (JVM floor)", "java -version")
row("bpfjmx --help, before (no CDS archive)", "bpfjmx --help, before")
row("bpfjmx --help (launcher)", "bpfjmx --help")
ratio("  ratio --help launcher / before", "bpfjmx --help", "bpfjmx --help, before")
row("bpfjmx maps --pid, before (no CDS archive)", "bpfjmx maps --pid, before")
row("bpfjmx maps --pid (launcher)", "bpfjmx maps --pid")
ratio("  ratio maps launcher / before", "bpfjmx maps --pid", "bpfjmx maps --pid, before")
PY
