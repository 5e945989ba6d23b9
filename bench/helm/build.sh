#!/usr/bin/env bash
# Builds the `helm` binary that `npm run bench` compares shipshape with, from the Go module proxy
# (not part of CI or of npm test: only the benchmark needs it). Go's build cache makes later runs fast.
# Usage: bash bench/helm/build.sh   → bench/helm/bin/helm
set -euo pipefail
cd "$(dirname "$0")"
HELM_VERSION="${HELM_VERSION:-v3.22.0}"
command -v go >/dev/null || { echo "build.sh: go is not on PATH; install Go 1.26 or later" >&2; exit 3; }
mkdir -p bin
if [ -x bin/helm ] && bin/helm version --template '{{.Version}}' 2>/dev/null | grep -qx "$HELM_VERSION"; then
  echo "build.sh: bin/helm is already $HELM_VERSION" >&2
  exit 0
fi
started=$(date +%s)
# go install with a version builds the module exactly as its own go.mod and go.sum pin it. The version is
# stamped in as Helm's Makefile does, so that `helm version` reports it.
CGO_ENABLED=0 GOBIN="$PWD/bin" go install -trimpath \
  -ldflags="-s -w -X helm.sh/helm/v3/internal/version.version=$HELM_VERSION" \
  "helm.sh/helm/v3/cmd/helm@$HELM_VERSION"
echo "build.sh: built bin/helm $HELM_VERSION in $(( $(date +%s) - started ))s" >&2
