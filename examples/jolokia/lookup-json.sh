#!/usr/bin/env bash
# Prints the value stored under a key as JSON of the map's BTF types (typed lookup; per-CPU maps:
# [{"cpu":0,"value":V},...]). KEY is JSON or bare text, as update-json.sh takes it. The agent's JSON text is printed
# as it comes, on one line: pipe it to jq to pick fields (jq 1.6 rounds integers above 2^53).
# Usage: lookup-json.sh MAP KEY        e.g. lookup-json.sh types/flows '{"src":1,"dst":2,"port":80,"proto":6}'
set -euo pipefail
# shellcheck source=common.sh
source "$(dirname "$(readlink -f "$0")")/common.sh"
[ $# -eq 2 ] || die "usage: $(basename "$0") MAP KEY  (e.g. types/names cat)"

parse_map "$1"
request=$(printf '{"type":"exec","mbean":%s,"operation":"lookup","arguments":[%s,%s]}' \
	"$(jq -n --arg mbean "$(object_mbean "$object")" '$mbean')" "$(jq -n --arg map "$map" '$map')" \
	"$(json_argument "$2")")
jolokia_post "$request" | jolokia_value | jq -r .
