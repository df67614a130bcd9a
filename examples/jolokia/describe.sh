#!/usr/bin/env bash
# Prints what an object's or a map's MBean offers, as JConsole shows it: each attribute, operation and parameter with
# its type and description (Jolokia's list command).
# Usage: describe.sh [OBJECT | OBJECT/MAP]        (default: the object BPF_OBJECT, log_syscalls)
set -euo pipefail
# shellcheck source=common.sh
source "$(dirname "$(readlink -f "$0")")/common.sh"
[ $# -le 1 ] || die "usage: $(basename "$0") [OBJECT | OBJECT/MAP]  (e.g. log_syscalls/syscall_count_map)"

target=${1:-$BPF_OBJECT}
if [[ $target == */* ]]; then
	parse_map "$target"
	path="type=BpfMap,object=$object,name=$map"
else
	path="type=BpfObject,name=$target"
fi
# list/<domain>/<properties>: the MBeanInfo of one MBean
jolokia_get "list/io.bpfjmx/$path" | jolokia_value |
	jq -r '"\(.desc)",
		(.attr // {} | to_entries | sort_by(.key)[] | ["attribute", .key, .value.type, .value.desc]),
		(.op // {} | to_entries | sort_by(.key)[] | (.value | if type == "array" then .[] else . end) as $op
			| ["operation", .key, $op.ret, $op.desc],
				($op.args[] | ["  parameter", .name, .type, .desc]))
		| if type == "array" then @tsv else . end'
