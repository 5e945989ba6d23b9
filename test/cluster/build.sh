#!/usr/bin/env bash
# Builds the test cluster into test/cluster/bin/:
#   harness  embedded etcd + kube-apiserver, and kube-controller-manager and kube-scheduler, which
#            the harness runs as child processes of the same binary (module: ./go.mod);
#   kwok     simulated nodes (sigs.k8s.io/kwok), from its own module (./kwok/go.mod), so that its
#            Kubernetes library versions never mix with the harness's.
# The first build compiles Kubernetes and takes minutes; Go's build cache makes later ones fast.
# Modules come from the Go module proxy; each go.sum pins every one of them.
set -euo pipefail
cd "$(dirname "$0")"
command -v go >/dev/null || { echo "build.sh: go is not on PATH; install Go 1.26 or later" >&2; exit 3; }
mkdir -p bin
# Several cluster suites (jest workers) may call this at once: one builds, the others wait and then find
# Go's cache warm. Outputs go to a temporary name and are renamed into place, which never disturbs a
# harness that is running from the old file.
if command -v flock >/dev/null; then
  exec 9>bin/.build.lock
  flock 9
fi
trap 'rm -f "bin/harness.$$.tmp" "bin/kwok.$$.tmp"' EXIT
started=$(date +%s)
# The apiserver reports the version that Kubernetes' own build stamps in with -X; without it, it
# says v0.0.0-master and `kubectl version` fails to parse that.
version=$(go list -mod=readonly -m -f '{{.Version}}' k8s.io/kubernetes)
minor=$(echo "$version" | cut -d. -f2)
stamp=""
for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  stamp="$stamp -X $pkg.gitVersion=$version -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor -X $pkg.gitTreeState=clean"
done
# -trimpath keeps local paths out of the binary; -s -w drops symbols the tests never need,
# which makes linking faster and the binary smaller. CGO is off: the harness needs no C.
# A temporary name per build, then an atomic rename, so that a harness already started keeps its own file.
CGO_ENABLED=0 go build -mod=readonly -trimpath -ldflags="-s -w$stamp" -o "bin/harness.$$.tmp" .
mv -f "bin/harness.$$.tmp" bin/harness
echo "build.sh: built bin/harness in $(( $(date +%s) - started ))s" >&2

started=$(date +%s)
# kwok's main package lives in its module; ./kwok/tools.go pins it in ./kwok/go.mod and go.sum.
(cd kwok && CGO_ENABLED=0 go build -mod=readonly -trimpath -ldflags="-s -w" -o "../bin/kwok.$$.tmp" sigs.k8s.io/kwok/cmd/kwok)
mv "bin/kwok.$$.tmp" bin/kwok
echo "build.sh: built bin/kwok in $(( $(date +%s) - started ))s" >&2
