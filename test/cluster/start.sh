#!/usr/bin/env bash
# Builds the harness and kwok if needed and runs a throw-away cluster in the foreground for manual use:
# etcd, kube-apiserver, kube-controller-manager, kube-scheduler and six simulated nodes in three zones.
#   test/cluster/start.sh            # prints the ready line (with the kubeconfig path) once all is ready; Ctrl-C stops it
#   KUBECONFIG=<printed path> kubectl get nodes
#   test/cluster/start.sh --control-plane=false     # the API server alone
# Extra arguments go to the harness (e.g. `-- --v=2` for kube-apiserver logging).
set -euo pipefail
cd "$(dirname "$0")"
./build.sh
log=$(mktemp -t shipshape-cluster-log.XXXXXX)
./bin/harness --startup-timeout 90s "$@" 2>"$log" &
pid=$!
trap 'kill -TERM $pid 2>/dev/null; wait $pid 2>/dev/null; echo "stopped; log: $log" >&2' EXIT INT TERM
echo "harness pid $pid, log $log; waiting for the API server, components and nodes (at most 90s)..." >&2
wait $pid
