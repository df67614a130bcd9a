#!/usr/bin/env bash
# Sends many updateElem calls in one HTTP request (a Jolokia bulk request: a JSON array of requests). Each element
# succeeds or fails on its own; one line per element says which. Exits 1 if any failed.
# Usage: bulk-update.sh MAP FLAGS KEY=VALUE...
#   e.g. bulk-update.sh syscall_count_map noexist str:cat=int:0 str:ls=int:0 str:bash=int:0
set -euo pipefail
# shellcheck source=common.sh
source "$(dirname "$(readlink -f "$0")")/common.sh"
[ $# -ge 3 ] || die "usage: $(basename "$0") MAP FLAGS KEY=VALUE...  (e.g. syscall_count_map noexist str:cat=int:0 str:ls=int:0)"

parse_map "$1"
flags=$(flags_number "$2")
shift 2
read_sizes
requests=()
for pair in "$@"; do
	[[ $pair == *=* ]] || die "'$pair' is not KEY=VALUE"
	key=$(to_hex "${pair%%=*}" "$key_size" key)
	value=$(to_hex "${pair#*=}" "$value_size" value)
	requests+=("$(jq -nc --arg mbean "$(object_mbean "$object")" --arg map "$map" --arg key "$key" \
		--arg value "$value" --argjson flags "$flags" \
		'{type: "exec", mbean: $mbean, operation: "updateElem", arguments: [$map, $key, $value, $flags]}')")
done
answers=$(jolokia_post "$(printf '%s\n' "${requests[@]}" | jq -sc .)")
# answers come back in the order of the requests
jq -r --args '$ARGS.positional as $pairs | to_entries[]
		| "\($pairs[.key])\t\(if .value.status == 200 then "ok" else .value.error | '"$plain_error"' end)"' \
	"$@" <<<"$answers"
jq -e 'all(.status == 200)' <<<"$answers" >/dev/null
