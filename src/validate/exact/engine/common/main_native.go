//go:build !(js && wasm)

package main

import (
	"fmt"
	"io"
	"os"
)

// The native build reads a JSON array of objects on stdin and writes the results on stdout: the same engine
// as the WebAssembly module, for debugging and for comparing the two builds.
func main() {
	if len(os.Args) > 1 && os.Args[1] == "info" {
		os.Stdout.Write(info())
		return
	}
	input, err := io.ReadAll(os.Stdin)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Stdout.Write(validateBatch(input))
}
