//go:build js && wasm

package main

import (
	"syscall/js"
	// Time zones (CronJob spec.timeZone, schedules) come from Go's embedded database: the engine has no files.
	_ "time/tzdata"
)

// The module registers two functions on globalThis and then waits forever, so that the JavaScript side can
// call them as often as it likes:
//
//	shipshapeExactValidate(bytes: Uint8Array): string  (a JSON array of objects in, a JSON array of results out)
//	shipshapeExactInfo(): string                        (the engine's Kubernetes version and number of kinds)
//
// Bytes in (one copy into Go's memory, no UTF-16 string round trip) and one string out per batch.
func main() {
	js.Global().Set("shipshapeExactValidate", js.FuncOf(func(_ js.Value, args []js.Value) any {
		if len(args) != 1 {
			return `{"error":"shipshapeExactValidate takes one Uint8Array"}`
		}
		input := make([]byte, args[0].Get("length").Int())
		js.CopyBytesToGo(input, args[0])
		return string(validateBatch(input))
	}))
	js.Global().Set("shipshapeExactInfo", js.FuncOf(func(_ js.Value, _ []js.Value) any {
		return string(info())
	}))
	select {}
}
