#!/usr/bin/env bash
# Builds the harness if needed and runs a throw-away cluster in the foreground for manual use:
#   test/cluster/start.sh            # prints the kubeconfig path when /readyz is ok; Ctrl-C stops it
#   KUBECONFIG=<printed path> kubectl get namespaces
# Extra arguments go to the harness (e.g. `-- --v=2` for kube-apiserver logging).
set -euo pipefail
cd "$(dirname "$0")"
./build.sh
log=$(mktemp -t shipshape-cluster-log.XXXXXX)
./bin/harness --startup-timeout 90s "$@" 2>"$log" &
pid=$!
trap 'kill -TERM $pid 2>/dev/null; wait $pid 2>/dev/null; echo "stopped; log: $log" >&2' EXIT INT TERM
echo "harness pid $pid, log $log; waiting for /readyz (at most 90s)..." >&2
wait $pid
