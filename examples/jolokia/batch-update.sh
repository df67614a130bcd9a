#!/usr/bin/env bash
# Writes many elements in one system call with updateBatch, whose keys and values are String[] parameters: Jolokia
# takes them as JSON arrays, no JMX signature needed. Prints how many were written.
# Usage: batch-update.sh MAP KEY=VALUE...        e.g. batch-update.sh syscall_count_map str:cat=int:0 str:ls=int:0
set -euo pipefail
# shellcheck source=common.sh
source "$(dirname "$(readlink -f "$0")")/common.sh"
[ $# -ge 2 ] || die "usage: $(basename "$0") MAP KEY=VALUE...  (e.g. syscall_count_map str:cat=int:0 str:ls=int:0)"

parse_map "$1"
shift
read_sizes
keys=()
values=()
for pair in "$@"; do
	[[ $pair == *=* ]] || die "'$pair' is not KEY=VALUE"
	keys+=("$(to_hex "${pair%%=*}" "$key_size" key)")
	values+=("$(to_hex "${pair#*=}" "$value_size" value)")
done
# flags 0 (BPF_ANY): the kernel takes no NOEXIST/EXIST in batches
request=$(jq -nc --arg mbean "$(object_mbean "$object")" --arg map "$map" \
	--argjson keys "$(printf '%s\n' "${keys[@]}" | jq -Rsc 'split("\n")[:-1]')" \
	--argjson values "$(printf '%s\n' "${values[@]}" | jq -Rsc 'split("\n")[:-1]')" \
	'{type: "exec", mbean: $mbean, operation: "updateBatch", arguments: [$map, $keys, $values, 0]}')
written=$(jolokia_post "$request" | jolokia_value)
echo "wrote $written elements of $object/$map in one batch"
