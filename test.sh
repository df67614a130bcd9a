#!/usr/bin/env bash
# The whole test suite, kernel tests included. With BPFJMX_REQUIRE_PRIVILEGES=1 (as in CI), a kernel test that
# would be skipped for lack of privileges fails instead.
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")"
source scripts/prerequisites.sh

require=false
[ "${BPFJMX_REQUIRE_PRIVILEGES:-0}" = 1 ] && require=true
./mvnw -B verify -Dbpfjmx.requirePrivileges="$require" "$@"
