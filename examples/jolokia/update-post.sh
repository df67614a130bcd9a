#!/usr/bin/env bash
# Inserts or replaces one element with updateElem, as a JSON request POSTed to Jolokia.
# Usage: update-post.sh MAP KEY VALUE [FLAGS]
#   e.g. update-post.sh syscall_count_map str:cat int:0 noexist
set -euo pipefail
# shellcheck source=common.sh
source "$(dirname "$(readlink -f "$0")")/common.sh"
(($# == 3 || $# == 4)) || die "usage: $(basename "$0") MAP KEY VALUE [FLAGS]  (e.g. syscall_count_map str:cat int:0 noexist)"

parse_map "$1"
read_sizes
key=$(to_hex "$2" "$key_size" key)
value=$(to_hex "$3" "$value_size" value)
flags=$(flags_number "${4:-any}")
jolokia_post "$(jq -nc --arg mbean "$(object_mbean "$object")" --arg map "$map" --arg key "$key" \
	--arg value "$value" --argjson flags "$flags" \
	'{type: "exec", mbean: $mbean, operation: "updateElem", arguments: [$map, $key, $value, $flags]}')" |
	jolokia_value >/dev/null
echo "updated $object/$map: $2 = $3"
