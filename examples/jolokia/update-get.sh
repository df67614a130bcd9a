#!/usr/bin/env bash
# Inserts or replaces one element with updateElem, as a plain GET: the whole request is the URL.
# Usage: update-get.sh MAP KEY VALUE [FLAGS]
#   e.g. update-get.sh syscall_count_map str:cat int:0 noexist
set -euo pipefail
# shellcheck source=common.sh
source "$(dirname "$(readlink -f "$0")")/common.sh"
(($# == 3 || $# == 4)) || die "usage: $(basename "$0") MAP KEY VALUE [FLAGS]  (e.g. syscall_count_map str:cat int:0 noexist)"

parse_map "$1"
read_sizes
key=$(to_hex "$2" "$key_size" key)
value=$(to_hex "$3" "$value_size" value)
flags=$(flags_number "${4:-any}")
# exec/<mbean>/<operation>/<arguments...>: hex and names need no escaping (Jolokia escapes / as !/ and ! as !!)
jolokia_get "exec/$(object_mbean "$object")/updateElem/$map/$key/$value/$flags" | jolokia_value >/dev/null
echo "updated $object/$map: $2 = $3"
