#!/usr/bin/env bash
# Scrapes bpfjmx's Prometheus endpoint (agent option prometheusPort) and prints its bpfjmx_ samples.
# Usage: scrape.sh [URL]        (default http://127.0.0.1:9464/metrics)
set -euo pipefail
url=${1:-http://127.0.0.1:9464/metrics}

metrics=$(curl -sS --fail --max-time 30 "$url") || {
	echo "$(basename "$0"): no metrics at $url: start the agent with prometheusPort=<port> and pass" \
		"http://127.0.0.1:<port>/metrics" >&2
	exit 1
}
grep '^bpfjmx_' <<<"$metrics" || echo "no bpfjmx_ samples yet: meters appear with the first map operation" >&2
