#!/usr/bin/env bash
# Builds the exact engine (the kube-apiserver's own validation, compiled to WebAssembly) for each Kubernetes
# version it supports, into lib/exact-engine/: kubernetes-<version>.wasm.br, its .json manifest, and Go's
# wasm_exec.js. See README.md beside this script.
#
#   bash src/validate/exact/engine/build.sh             build every version that is missing or out of date
#   bash src/validate/exact/engine/build.sh 1.36        only that version
#   bash src/validate/exact/engine/build.sh --if-go     as the first, but exit 0 with a note when Go is absent
#   bash src/validate/exact/engine/build.sh --native    also build a native binary (for comparing verdicts)
#   bash src/validate/exact/engine/build.sh --force     rebuild even when up to date
#
# A build is skipped when the manifest's input hash matches the sources, patches, go.sum and Go version, so
# calling this before every test run costs well under a second. Modules come from the Go module proxy; each
# version's go.sum pins every one of them. The first build compiles Kubernetes for js/wasm and takes minutes.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../../.." && pwd)"
out="$root/lib/exact-engine"
work="$root/.tmp/exact-engine"

if_go=0
native=0
force=0
versions=()
for arg in "$@"; do
  case "$arg" in
    --if-go) if_go=1 ;;
    --native) native=1 ;;
    --force) force=1 ;;
    1.*) versions+=("$arg") ;;
    *) echo "build.sh: unknown argument '$arg'" >&2; exit 2 ;;
  esac
done
if [ ${#versions[@]} -eq 0 ]; then
  for dir in "$here"/v1.*; do versions+=("$(basename "$dir" | sed 's/^v//')"); done
fi

if ! command -v go >/dev/null; then
  if [ "$if_go" = 1 ]; then
    echo "build.sh: Go is not on PATH: the exact engine is not built (shipshape works without it; --exact needs it)" >&2
    exit 0
  fi
  echo "build.sh: go is not on PATH; install Go 1.26 or later to build the exact engine" >&2
  exit 3
fi

mkdir -p "$out"
goroot="$(go env GOROOT)"
modcache="$(go env GOMODCACHE)"
cp "$goroot/lib/wasm/wasm_exec.js" "$out/wasm_exec.js.tmp" && mv "$out/wasm_exec.js.tmp" "$out/wasm_exec.js"

# The hash of everything that goes into one version's artifact.
input_hash() {
  local version="$1"
  (
    cd "$here"
    go version
    find common "v$version" "patches/v$version" build.sh compress.js -type f 2>/dev/null | LC_ALL=C sort | xargs sha256sum
  ) | sha256sum | cut -d' ' -f1
}

build_version() {
  local version="$1"
  local src="$here/v$version"
  [ -f "$src/go.mod" ] || { echo "build.sh: no engine for Kubernetes $version (no $src/go.mod)" >&2; exit 2; }
  local hash manifest
  hash="$(input_hash "$version")"
  manifest="$out/kubernetes-$version.json"
  if [ -f "$manifest" ] && [ -f "$out/kubernetes-$version.wasm.br" ] && grep -q "\"inputHash\": \"$hash\"" "$manifest" && [ "$native" = 0 ] && [ "$force" = 0 ]; then
    echo "build.sh: exact engine for Kubernetes $version is up to date" >&2
    return
  fi
  local started dir
  started=$(date +%s)
  dir="$work/$version"
  rm -rf "$dir"
  mkdir -p "$dir/third_party"
  cp "$here"/common/*.go "$src"/* "$dir/"
  # Each patched module is a copy of the published one with the files under patches/ laid over it.
  if [ -d "$here/patches/v$version" ]; then
    for patched in $(cd "$here/patches/v$version" && find . -maxdepth 3 -type d -name '*@v*' | sed 's|^\./||'); do
      local module="${patched%@*}"
      local pristine="$modcache/$patched"
      if [ ! -d "$pristine" ]; then
        # Outside the module: inside it, the replace directive would stand in for the published version.
        local scratch
        scratch="$(mktemp -d)"
        (cd "$scratch" && GOFLAGS=-mod=mod go mod download "$patched")
        rmdir "$scratch"
      fi
      mkdir -p "$dir/third_party/$(dirname "$module")"
      cp -r "$pristine" "$dir/third_party/$module"
      chmod -R u+w "$dir/third_party/$module"
      cp -r "$here/patches/v$version/$patched/." "$dir/third_party/$module/"
    done
  fi
  (
    cd "$dir"
    # Go's garbage collector runs less often in a wasm heap that only this engine uses; see README.md.
    GOOS=js GOARCH=wasm CGO_ENABLED=0 go build -mod=readonly -trimpath -ldflags="-s -w" -o engine.wasm .
    if [ "$native" = 1 ]; then
      CGO_ENABLED=0 go build -mod=readonly -trimpath -ldflags="-s -w" -o "$out/kubernetes-$version-native" .
    fi
  )
  local built raw_bytes module_version
  built=$(date +%s)
  raw_bytes=$(stat -c %s "$dir/engine.wasm")
  module_version=$(cd "$dir" && go list -mod=readonly -m -f '{{.Version}}' k8s.io/kubernetes)
  node "$here/compress.js" "$dir/engine.wasm" "$out/kubernetes-$version.wasm.br"
  cat > "$manifest.tmp" <<EOF
{
  "kubernetesVersion": "$version",
  "kubernetesModule": "$module_version",
  "goVersion": "$(go env GOVERSION)",
  "rawBytes": $raw_bytes,
  "inputHash": "$hash"
}
EOF
  mv "$manifest.tmp" "$manifest"
  rm -f "$dir/engine.wasm"
  echo "build.sh: built the exact engine for Kubernetes $version in $(( $(date +%s) - started ))s (go build $(( built - started ))s)" >&2
}

for version in "${versions[@]}"; do
  build_version "$version"
done
