#!/usr/bin/env bash
# Inserts or replaces one element with the typed update, as a plain GET: KEY and VALUE are JSON of the map's BTF
# types (or bare text: a string), written into the URL with Jolokia's escapes (! as !!, / as !/) and percent-encoded.
# Usage: update-json-get.sh MAP KEY VALUE [FLAGS]
#   e.g. update-json-get.sh types/names 'a/b!c' 42 noexist
set -euo pipefail
# shellcheck source=common.sh
source "$(dirname "$(readlink -f "$0")")/common.sh"
(($# == 3 || $# == 4)) || die "usage: $(basename "$0") MAP KEY VALUE [FLAGS]  (e.g. types/names 'a/b!c' 42 noexist)"

parse_map "$1"
flags=$(flags_number "${4:-any}")
# exec/<mbean>/<operation>/<arguments...>: Jolokia passes each argument's text to the agent as it is
path="exec/$(object_mbean "$object")/update/$(path_argument "$map")/$(path_argument "$2")/$(path_argument "$3")/$flags"
jolokia_get "$path" | jolokia_value >/dev/null
echo "updated $object/$map: $2 = $3"
