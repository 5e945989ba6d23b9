//go:build tools

// Package tools pins sigs.k8s.io/kwok's command in this module's go.mod and go.sum; build.sh
// builds sigs.k8s.io/kwok/cmd/kwok from it.
package tools

import _ "sigs.k8s.io/kwok/cmd/kwok"
