#!/usr/bin/env bash
# Starts the demo JVM in the foreground: a host application that does nothing, bpfjmx loading the seed's
# log_syscalls object (Prometheus metrics on PROMETHEUS_PORT), and the Jolokia JVM agent beside it on JOLOKIA_PORT
# with the policy jolokia-access.xml. Needs root (or CAP_BPF + CAP_PERFMON) for the BPF object.
#   JOLOKIA=none      start without Jolokia, to attach it later: attach-jolokia.sh <pid>
#   BPF_OBJECTS       the objects to load, space-separated (default: bpf/log_syscalls.bpf.o)
#   PROMETHEUS_PORT   the scrape endpoint's port (default 9464; none: no endpoint)
#   JOLOKIA_PORT (8778), JOLOKIA_POLICY, JOLOKIA_AGENT, BPFJMX_AGENT, JAVA_HOME
set -euo pipefail
# shellcheck source=common.sh
source "$(dirname "$(readlink -f "$0")")/common.sh"
[ $# -eq 0 ] || die "takes no arguments; see the environment variables at the top of $0"

bpfjmx_agent=${BPFJMX_AGENT:-$repo_dir/agent/target/bpfjmx-agent.jar}
host_classes=$examples_dir/target/classes
[ -f "$bpfjmx_agent" ] || die "no bpfjmx agent at $bpfjmx_agent: build it with" \
	"'./mvnw -B -pl examples -am package -DskipTests', or set BPFJMX_AGENT"
[ -d "$host_classes/io" ] || die "the demo host is not built: run './mvnw -B -pl examples -am package -DskipTests'"

options=()
[ "${PROMETHEUS_PORT:-}" = none ] || options+=("prometheusPort=${PROMETHEUS_PORT:-9464}")
for object in ${BPF_OBJECTS:-$repo_dir/bpf/log_syscalls.bpf.o}; do
	options+=("object=$(readlink -f "$object")")
done
agents=("-javaagent:$bpfjmx_agent=$(IFS=,; echo "${options[*]}")")
case ${JOLOKIA:-start} in
start)
	require_jolokia_agent
	agents+=("-javaagent:$JOLOKIA_AGENT=host=127.0.0.1,port=$JOLOKIA_PORT,policyLocation=file://$JOLOKIA_POLICY")
	;;
none) ;;
*) die "JOLOKIA must be start or none, not '$JOLOKIA'" ;;
esac
exec "${JAVA_HOME:+$JAVA_HOME/bin/}java" "${agents[@]}" -cp "$host_classes" io.bpfjmx.examples.DemoHost
