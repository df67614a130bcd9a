#!/usr/bin/env bash
# The long load runs, outside the default suite (agent/src/test/java/io/bpfjmx/agent/it/LoadIT.java at full size):
#   - 8 JMX clients over RMI, each doing CLIENT_UPDATES updates on its own keys, then NOEXIST races on shared keys;
#   - UPDATES updates through the MBean inside the host, resident memory measured before and after.
# Usage: scripts/soak.sh [CLIENT_UPDATES (default 100000)] [UPDATES (default 10000000)]
# The figures ("load: ...") are printed and kept in agent/target/soak/results.txt; docs/RELIABILITY.md quotes the
# last ones.
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/.."
source scripts/prerequisites.sh

client_updates=${1:-100000}
updates=${2:-10000000}
mkdir -p agent/target/soak
log=agent/target/soak/build.log
started=$(date +%s)
./mvnw -B -pl native-loader,agent verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=LoadIT \
	-Dbpfjmx.requirePrivileges=true -Dbpfjmx.load.clientUpdates="$client_updates" -Dbpfjmx.load.updates="$updates" \
	| tee "$log"
{
	echo "soak of $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) CPUs, kernel $(uname -r), $(java -version 2>&1 | head -1)"
	grep '^load:' "$log"
	echo "took $(($(date +%s) - started)) s, build included"
} | tee agent/target/soak/results.txt
