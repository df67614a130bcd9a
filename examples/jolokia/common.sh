# shellcheck shell=bash disable=SC2034  # what it sets is read by the scripts that source it
# Sourced by the scripts beside it: where things are, and how to talk to Jolokia with curl and jq.
#   JOLOKIA_URL   the Jolokia agent (default http://127.0.0.1:8778/jolokia)
#   BPF_OBJECT    the object whose maps a bare MAP names (default log_syscalls); OBJECT/MAP names another
# Keys and values are written as the bpfjmx CLI takes them: str:TEXT (NUL-padded to the size), int:N (little-endian,
# 1, 2, 4 or 8 bytes) or hex (hex:HEX or bare HEX, exactly the size). Flags: any, noexist, exist, lock (joined with
# , or |) or a number.

examples_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
repo_dir=$(cd "$examples_dir/.." && pwd)
JOLOKIA_URL=${JOLOKIA_URL:-http://127.0.0.1:8778/jolokia}
BPF_OBJECT=${BPF_OBJECT:-log_syscalls}
JOLOKIA_AGENT=${JOLOKIA_AGENT:-$examples_dir/target/jolokia-agent.jar}
JOLOKIA_POLICY=${JOLOKIA_POLICY:-$examples_dir/jolokia/jolokia-access.xml}
JOLOKIA_PORT=${JOLOKIA_PORT:-8778}

die() {
	echo "$(basename "$0"): $*" >&2
	exit 1
}

require_jolokia_agent() {
	[ -f "$JOLOKIA_AGENT" ] || die "no Jolokia agent at $JOLOKIA_AGENT: build it with" \
		"'./mvnw -B -pl examples -am package -DskipTests', or download org.jolokia:jolokia-agent-jvm:2.4.2:javaagent" \
		"from Maven Central and set JOLOKIA_AGENT to it"
}

# POSTs a request (or a JSON array of them: a bulk request) and prints Jolokia's answer.
jolokia_post() {
	curl -sS --max-time 30 -H 'Content-Type: application/json' --data-binary "$1" "$JOLOKIA_URL" ||
		die "no answer from Jolokia at $JOLOKIA_URL: start the JVM with Jolokia (start-demo.sh), attach it" \
			"(attach-jolokia.sh <pid>), or set JOLOKIA_URL"
}

# GETs a request path such as read/<mbean>/<attribute> and prints Jolokia's answer.
jolokia_get() {
	curl -sS --max-time 30 "$JOLOKIA_URL/$1" ||
		die "no answer from Jolokia at $JOLOKIA_URL: start the JVM with Jolokia (start-demo.sh), attach it" \
			"(attach-jolokia.sh <pid>), or set JOLOKIA_URL"
}

# Reads one answer on stdin and prints its value as JSON; an error is fatal, with Jolokia's message (the status is
# inside the answer: 403 is a refusal by the policy). A request that is not JSON gets a plain-text answer
# ("400 (Bad Request) Invalid JSON request"), printed as it is.
jolokia_value() {
	jq -Rs --arg me "$(basename "$0")" '
		(fromjson? // {error: "Jolokia did not take the request: \(gsub("\\s+"; " ") | rtrimstr(" "))"})
		| if .status == 200 then .value
		elif .status == 403 then "\($me): refused by the Jolokia policy: \(.error | '"$plain_error"')\n" | halt_error(1)
		else "\($me): \(.error | '"$plain_error"')\n" | halt_error(1) end'
}

# jq: Jolokia's error text without the exception's class ("java.lang.IllegalStateException : ").
plain_error='sub("^[A-Za-z0-9_.$]+ : "; "")'

# Splits MAP or OBJECT/MAP into $object and $map.
parse_map() {
	if [[ $1 == */* ]]; then
		object=${1%%/*}
		map=${1#*/}
	else
		object=$BPF_OBJECT
		map=$1
	fi
}

object_mbean() { echo "io.bpfjmx:type=BpfObject,name=$1"; }
map_mbean() { echo "io.bpfjmx:type=BpfMap,object=$1,name=$2"; }

# Sets $key_size and $value_size of $object/$map, from its MBean.
read_sizes() {
	local sizes
	sizes=$(jolokia_post "$(jq -nc --arg m "$(map_mbean "$object" "$map")" \
		'{type: "read", mbean: $m, attribute: ["KeySize", "ValueSize"]}')" |
		jolokia_value | jq -r '"\(.KeySize) \(.ValueSize)"')
	read -r key_size value_size <<<"$sizes"
}

# Prints a decimal or 0x hex integer (optionally negative) as bash reads numbers; fails on anything else.
parse_int() {
	local sign='' digits=${1,,}
	[[ $digits == -* ]] && sign=- digits=${digits#-}
	if [[ $digits =~ ^0x[0-9a-f]{1,16}$ ]]; then
		echo $((${sign}16#${digits#0x}))
	elif [[ $digits =~ ^[0-9]{1,19}$ ]]; then
		echo $((${sign}10#$digits))
	else
		return 1
	fi
}

# Prints the hex of a key or value written as str:TEXT, int:N or hex, sized $2 bytes; $3 names it in errors.
to_hex() {
	local spec=$1 size=$2 what=$3 hex be n i
	case $spec in
	str:*)
		hex=$(printf '%s' "${spec#str:}" | od -An -v -tx1 | tr -d ' \n')
		((${#hex} <= 2 * size)) || die "$what $spec is $((${#hex} / 2)) bytes; the map's $what is $size bytes"
		((${#hex} == 2 * size)) || hex+=$(printf "%0$((2 * size - ${#hex}))d" 0)
		;;
	int:*)
		((size == 1 || size == 2 || size == 4 || size == 8)) ||
			die "int: needs a $what of 1, 2, 4 or 8 bytes; the map's $what is $size bytes: write it as hex"
		n=$(parse_int "${spec#int:}") || die "$what $spec: not a number (decimal or 0x hex)"
		((size == 8 || (n >= -(1 << (8 * size - 1)) && n < (1 << (8 * size))))) ||
			die "$what $spec does not fit in $size bytes"
		be=$(printf '%016x' "$n")
		be=${be: -2*size}
		hex=
		for ((i = ${#be} - 2; i >= 0; i -= 2)); do hex+=${be:i:2}; done
		;;
	hex:*) hex=${spec#hex:} ;;
	*) hex=$spec ;;
	esac
	printf '%s' "$hex"
}

# Prints the JSON text that puts one typed key or value (JSON of the map's BTF types, or bare text) into the
# "arguments" of a POSTed exec: an object, array, number, true, false or null as itself, so Jolokia hands the
# agent its JSON text; anything else as a JSON string holding the text exactly, which Jolokia unwraps once (so a
# JSON string such as '"[1,2]"' reaches the agent quoted, and a bare word such as cat as the word; only the exact
# texts [null] and "" become null and empty). The text goes in as written, not rewritten by jq: jq 1.6 rounds
# integers above 2^53 (18446744073709551615 included).
json_argument() {
	local text=$1 trimmed
	trimmed=$(printf '%s' "$text" | tr -d ' \t\r\n')
	case $(jq -se 'if length == 1 then .[0] | type else "text" end' 2>/dev/null <<<"$text") in
	'"object"' | '"array"' | '"boolean"' | '"null"') printf '%s' "$text" ;;
	'"number"')
		# jq also takes NaN, 01 and .5, which are not JSON: those go as text, for the agent to judge
		if [[ $trimmed =~ ^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$ ]]; then
			printf '%s' "$text"
		else
			jq -n --arg text "$text" '$text'
		fi
		;;
	*) jq -n --arg text "$text" '$text' ;;
	esac
}

# Prints one argument of a GET request path: the text as is, with Jolokia's escapes (! as !!, / as !/) and then
# percent-encoded. Jolokia decodes the path, splits it at each / not escaped, and passes the text verbatim (except
# the exact texts [null], taken as null, and "", taken as empty).
path_argument() {
	jq -rn --arg text "$1" '$text | gsub("!"; "!!") | gsub("/"; "!/") | @uri'
}

# Prints the number of flags written as names (any, noexist, exist, lock; joined with , or |) or as a number.
flags_number() {
	local n=0 part parts name number
	IFS=',|' read -ra parts <<<"$1"
	for part in "${parts[@]}"; do
		name=${part,,}
		name=${name#bpf_}
		name=${name#f_}
		case $name in
		any) ;;
		noexist) n=$((n | 1)) ;;
		exist) n=$((n | 2)) ;;
		lock) n=$((n | 4)) ;;
		*)
			number=$(parse_int "$name") || number=-1
			((number >= 0)) ||
				die "'$part' is not a flag; flags are any, noexist, exist, lock (joined with , or |) or a number"
			n=$((n | number))
			;;
		esac
	done
	echo "$n"
}
