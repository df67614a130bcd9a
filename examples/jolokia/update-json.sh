#!/usr/bin/env bash
# Inserts or replaces one element with the typed update: KEY and VALUE are JSON of the map's BTF types (see
# KeyType/ValueType, describe.sh), put into the POSTed request's "arguments" as JSON objects and arrays, not as
# strings holding JSON. Bare text is a string: cat for a char[] key, GREEN for an enum. Per-CPU maps take one
# value (written to every CPU) or the list [{"cpu":0,"value":V},...] of every possible CPU.
# Usage: update-json.sh MAP KEY VALUE [FLAGS]
#   e.g. update-json.sh types/flows '{"src":1,"dst":2,"port":80,"proto":6}' '{"packets":1,...}' noexist
set -euo pipefail
# shellcheck source=common.sh
source "$(dirname "$(readlink -f "$0")")/common.sh"
(($# == 3 || $# == 4)) || die "usage: $(basename "$0") MAP KEY VALUE [FLAGS]  (e.g. types/names cat 42 noexist)"

parse_map "$1"
flags=$(flags_number "${4:-any}")
# {"type":"exec",...,"arguments":["flows",{"src":1,...},{"packets":1,...},0]}: the request is assembled as text so
# that KEY and VALUE reach Jolokia as written (see json_argument in common.sh)
request=$(printf '{"type":"exec","mbean":%s,"operation":"update","arguments":[%s,%s,%s,%s]}' \
	"$(jq -n --arg mbean "$(object_mbean "$object")" '$mbean')" "$(jq -n --arg map "$map" '$map')" \
	"$(json_argument "$2")" "$(json_argument "$3")" "$flags")
jolokia_post "$request" | jolokia_value >/dev/null
echo "updated $object/$map: $2 = $3"
