package main

import (
	"context"
	"errors"
	"io"
	"os"
	"syscall"

	"golang.org/x/sys/unix"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
)

// exitWithParent returns a context that is cancelled when the parent process dies (the kernel
// sends SIGTERM, which the signal context already handles) or when stdin reaches its end, which
// happens when a parent holding the other end of a pipe exits for any reason, even SIGKILL.
func exitWithParent(ctx context.Context) context.Context {
	_ = unix.Prctl(unix.PR_SET_PDEATHSIG, uintptr(syscall.SIGTERM), 0, 0, 0)
	ctx, cancel := context.WithCancelCause(ctx)
	if os.Getppid() == 1 {
		// The parent died before the line above took effect.
		cancel(errors.New("parent process already gone"))
		return ctx
	}
	go func() {
		_, _ = io.Copy(io.Discard, os.Stdin)
		cancel(errors.New("stdin closed"))
	}()
	return ctx
}

// newRawClient returns a REST client for paths such as /readyz.
func newRawClient(config *rest.Config) (rest.Interface, error) {
	client, err := kubernetes.NewForConfig(config)
	if err != nil {
		return nil, err
	}
	return client.Discovery().RESTClient(), nil
}

// setParentDeathSignal asks the kernel to send SIGTERM to this process when its parent dies.
func setParentDeathSignal() error {
	return unix.Prctl(unix.PR_SET_PDEATHSIG, uintptr(syscall.SIGTERM), 0, 0, 0)
}
