#!/usr/bin/env bash
# Lists every map bpfjmx manages, one read request for all of them.
# Usage: list-maps.sh        (JOLOKIA_URL: the Jolokia agent, default http://127.0.0.1:8778/jolokia)
set -euo pipefail
# shellcheck source=common.sh
source "$(dirname "$(readlink -f "$0")")/common.sh"
[ $# -eq 0 ] || die "takes no arguments; set JOLOKIA_URL to choose the JVM"

printf '%-32s %-16s %5s %5s %7s %-7s %s\n' OBJECT/MAP TYPE KEY VALUE MAX PER-CPU ID
jolokia_post '{"type": "read", "mbean": "io.bpfjmx:type=BpfMap,*",
		"attribute": ["Object", "Name", "Type", "KeySize", "ValueSize", "MaxEntries", "PerCpu", "Id"]}' |
	jolokia_value |
	jq -r '[.[]] | sort_by(.Object, .Name)[]
		| ["\(.Object)/\(.Name)", .Type, .KeySize, .ValueSize, .MaxEntries, .PerCpu, .Id] | @tsv' |
	while IFS=$'\t' read -r name type key value max percpu id; do
		printf '%-32s %-16s %5s %5s %7s %-7s %s\n' "$name" "$type" "$key" "$value" "$max" "$percpu" "$id"
	done
