#!/usr/bin/env bash
# The whole test suite, kernel tests included. With BPFJMX_REQUIRE_PRIVILEGES=1 (as in CI), a kernel test that
# would be skipped for lack of privileges fails instead.
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")"

# Host JVMs and the native-loader's map tests also run on JDK 25 (README, "what the tests need"); say so up front
# rather than deep in Maven's output when it is missing and no other home is named.
recent=/usr/lib/jvm/temurin-25-jdk-amd64
if [[ ! -x "$recent/bin/java" && " $* " != *" -Dbpfjmx.recentJavaHome="* ]]; then
	echo "test.sh: no JDK 25 at $recent; install Temurin 25 there, or name JDK homes:" >&2
	echo "  ./test.sh -Dbpfjmx.recentJavaHome=/path/jdk25 -Dbpfjmx.itJavaHomes=/path/jdk17,/path/jdk25" >&2
	exit 2
fi

source scripts/prerequisites.sh

require=false
[ "${BPFJMX_REQUIRE_PRIVILEGES:-0}" = 1 ] && require=true
./mvnw -B verify -Dbpfjmx.requirePrivileges="$require" "$@"
