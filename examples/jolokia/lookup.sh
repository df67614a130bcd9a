#!/usr/bin/env bash
# Prints the value stored under a key (lookupElem) as hex, and as a number when it is 1, 2, 4 or 8 bytes.
# Usage: lookup.sh MAP KEY        e.g. lookup.sh syscall_count_map str:cat
set -euo pipefail
# shellcheck source=common.sh
source "$(dirname "$(readlink -f "$0")")/common.sh"
[ $# -eq 2 ] || die "usage: $(basename "$0") MAP KEY  (e.g. syscall_count_map str:cat)"

parse_map "$1"
read_sizes
key=$(to_hex "$2" "$key_size" key)
value=$(jolokia_get "exec/$(object_mbean "$object")/lookupElem/$map/$key" | jolokia_value | jq -r .)
case ${#value} in
2 | 4 | 8 | 16)
	little_endian=
	for ((i = ${#value} - 2; i >= 0; i -= 2)); do little_endian+=${value:i:2}; done
	printf '%s\tint:%u\n' "$value" "0x$little_endian"
	;;
*) echo "$value" ;;
esac
