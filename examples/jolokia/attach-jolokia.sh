#!/usr/bin/env bash
# Loads the Jolokia JVM agent into a running JVM (by PID, as that JVM's user), bound to 127.0.0.1:JOLOKIA_PORT
# (default 8778) with the policy jolokia-access.xml (or JOLOKIA_POLICY). A JVM on JDK 21+ warns about the dynamic
# agent unless it was started with -XX:+EnableDynamicAgentLoading.
# Usage: attach-jolokia.sh PID        (stop it again: java -jar "$JOLOKIA_AGENT" stop PID)
set -euo pipefail
# shellcheck source=common.sh
source "$(dirname "$(readlink -f "$0")")/common.sh"
[ $# -eq 1 ] || die "usage: $(basename "$0") PID  (find it with jps -l, or ps)"
require_jolokia_agent

# --startTimeout: the launcher's default, 500 ms, reports a failure when a busy JVM takes longer to start Jolokia
exec "${JAVA_HOME:+$JAVA_HOME/bin/}java" -jar "$JOLOKIA_AGENT" --host 127.0.0.1 --port "$JOLOKIA_PORT" \
	--policyLocation "file://$JOLOKIA_POLICY" --startTimeout 10000 start "$1"
