package main

import (
	"context"
	"fmt"
	"net"

	"github.com/spf13/pflag"
	utilerrors "k8s.io/apimachinery/pkg/util/errors"
	"k8s.io/client-go/rest"
	basecompatibility "k8s.io/component-base/compatibility"
	"k8s.io/component-base/featuregate"
	logsapi "k8s.io/component-base/logs/api/v1"
	"k8s.io/kubernetes/cmd/kube-apiserver/app"
	"k8s.io/kubernetes/cmd/kube-apiserver/app/options"
)

// apiserver is a prepared kube-apiserver: run serves until ctx is cancelled.
type apiserver struct {
	url      string
	loopback *rest.Config
	run      func(ctx context.Context) error
}

// prepareAPIServer configures a kube-apiserver the way cmd/kube-apiserver/app/testing/testserver.go
// does, but on our own cancellable context instead of app.NewAPIServerCommand's process-wide
// signal handler. extraArgs are kube-apiserver flags given after `--` on our command line; they
// come last, so they override the defaults below.
func prepareAPIServer(etcdURL string, creds *credentials, extraArgs []string) (*apiserver, error) {
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("no free loopback port for the apiserver: %w", err)
	}
	port := listener.Addr().(*net.TCPAddr).Port
	url := fmt.Sprintf("https://127.0.0.1:%d", port)

	s := options.NewServerRunOptions()
	fs := pflag.NewFlagSet("kube-apiserver", pflag.ContinueOnError)
	for _, set := range s.Flags().FlagSets {
		fs.AddFlagSet(set)
	}
	args := []string{
		"--etcd-servers=" + etcdURL,
		"--bind-address=127.0.0.1",
		"--advertise-address=127.0.0.1",
		"--tls-cert-file=" + creds.servingCertFile,
		"--tls-private-key-file=" + creds.servingKeyFile,
		"--token-auth-file=" + creds.tokenFile,
		"--anonymous-auth=false",
		"--authorization-mode=Node,RBAC",
		"--service-cluster-ip-range=10.0.0.0/24",
		"--service-account-issuer=" + url,
		"--service-account-key-file=" + creds.serviceAccountKeyFile,
		"--service-account-signing-key-file=" + creds.serviceAccountKeyFile,
		"--allow-privileged=true",
		"--profiling=false",
		// The `kubernetes` Service's Endpoints cannot hold a loopback address; nothing here
		// needs them, so the apiserver does not try to write them.
		"--endpoint-reconciler-type=none",
	}
	if err := fs.Parse(append(args, extraArgs...)); err != nil {
		listener.Close()
		return nil, fmt.Errorf("kube-apiserver flags: %w", err)
	}
	s.SecureServing.Listener = listener
	s.SecureServing.BindPort = port

	registry := s.GenericServerRunOptions.ComponentGlobalsRegistry
	if err := registry.Set(); err != nil {
		listener.Close()
		return nil, err
	}
	// Requests the apiserver sends to itself must not log warnings about themselves.
	rest.SetDefaultWarningHandler(rest.NoWarnings{})
	featureGate := registry.FeatureGateFor(basecompatibility.DefaultKubeComponent)
	if err := logsapi.ValidateAndApply(s.Logs, featureGate); err != nil {
		listener.Close()
		return nil, err
	}

	completedOptions, err := s.Complete(context.Background())
	if err != nil {
		listener.Close()
		return nil, fmt.Errorf("completing kube-apiserver options: %w", err)
	}
	if errs := completedOptions.Validate(); len(errs) != 0 {
		listener.Close()
		return nil, fmt.Errorf("invalid kube-apiserver options: %w", utilerrors.NewAggregate(errs))
	}
	featureGate.(featuregate.MutableFeatureGate).AddMetrics()

	config, err := app.NewConfig(completedOptions)
	if err != nil {
		return nil, err
	}
	completed, err := config.Complete()
	if err != nil {
		return nil, err
	}
	chain, err := app.CreateServerChain(completed)
	if err != nil {
		return nil, fmt.Errorf("creating the apiserver: %w", err)
	}
	prepared, err := chain.PrepareRun()
	if err != nil {
		return nil, err
	}
	return &apiserver{
		url:      url,
		loopback: chain.GenericAPIServer.LoopbackClientConfig,
		run:      func(ctx context.Context) error { return prepared.Run(ctx) },
	}, nil
}
