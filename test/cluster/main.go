// Command harness runs a throw-away Kubernetes cluster for shipshape's cluster tests: an embedded
// etcd and a real kube-apiserver, and (unless --control-plane=false) kube-controller-manager,
// kube-scheduler (both run as child processes of this same binary), simulated nodes kept Ready by
// kwok (a separate binary), a default StorageClass and a volume provisioner; all on 127.0.0.1 only,
// with fresh credentials in a temporary folder that is removed on exit. It prints one JSON line on
// stdout when everything is ready, and stops cleanly on SIGTERM or SIGINT (and, with
// --exit-with-parent, when its parent dies or closes stdin).
//
// Usage: harness [--data-dir DIR] [--kubeconfig-out FILE] [--startup-timeout 2m] [--exit-with-parent]
//
//	[--control-plane=true] [--nodes 6] [--zones 3] [--kwok PATH] [-- kube-apiserver flags...]
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/spf13/pflag"
)

type settings struct {
	dataDir        string
	kubeconfigOut  string
	startupTimeout time.Duration
	exitWithParent bool
	keepData       bool
	controlPlane   bool
	cluster        controlPlaneSettings
	apiserverArgs  []string
}

// readyLine is printed on stdout, as one line of JSON, once the apiserver is ready.
type readyLine struct {
	Event      string `json:"event"`
	Server     string `json:"server"`
	Kubeconfig string `json:"kubeconfig"`
	DataDir    string `json:"dataDir"`
	Pid        int    `json:"pid"`
	StartupMs  int64  `json:"startupMs"`
	// ControlPlane says whether controllers, scheduler and nodes run; Nodes lists the nodes.
	ControlPlane bool            `json:"controlPlane"`
	Nodes        []simulatedNode `json:"nodes"`
}

func main() {
	runComponentIfAsked()
	log.SetPrefix("harness: ")
	log.SetFlags(log.Ltime | log.Lmicroseconds)
	config, err := parseSettings(os.Args[1:])
	if err != nil {
		fmt.Fprintf(os.Stderr, "harness: %v\n", err)
		os.Exit(2)
	}
	if err := run(config); err != nil {
		log.Printf("failed: %v", err)
		os.Exit(1)
	}
}

func parseSettings(args []string) (*settings, error) {
	s := &settings{}
	fs := pflag.NewFlagSet("harness", pflag.ContinueOnError)
	fs.StringVar(&s.dataDir, "data-dir", "", "empty or missing folder for etcd data, credentials and the kubeconfig (default: a new temporary folder); removed on exit")
	fs.StringVar(&s.kubeconfigOut, "kubeconfig-out", "", "where to write the kubeconfig (default: DATA-DIR/kubeconfig)")
	fs.DurationVar(&s.startupTimeout, "startup-timeout", 2*time.Minute, "how long to wait for etcd, then for /readyz, and for the whole start-up with the control plane (components healthy, nodes Ready)")
	fs.BoolVar(&s.exitWithParent, "exit-with-parent", false, "stop when the parent process dies or closes stdin")
	fs.BoolVar(&s.keepData, "keep-data", false, "keep the data folder on exit (for debugging)")
	fs.BoolVar(&s.controlPlane, "control-plane", true, "also run kube-controller-manager, kube-scheduler, simulated nodes (kwok) and a volume provisioner")
	fs.IntVar(&s.cluster.nodes, "nodes", 6, "how many simulated nodes")
	fs.IntVar(&s.cluster.zones, "zones", 3, "over how many zones (topology.kubernetes.io/zone) the nodes are spread")
	fs.StringVar(&s.cluster.kwokBinary, "kwok", "", "the kwok binary (default: kwok beside this binary)")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	// Everything after `--` is passed to kube-apiserver.
	if at := fs.ArgsLenAtDash(); at >= 0 {
		s.apiserverArgs = fs.Args()[at:]
		if at > 0 {
			return nil, fmt.Errorf("unexpected arguments %q", fs.Args()[:at])
		}
	} else if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected arguments %q (kube-apiserver flags go after --)", fs.Args())
	}
	if s.cluster.nodes < 1 || s.cluster.zones < 1 || s.cluster.zones > 26 || s.cluster.zones > s.cluster.nodes {
		return nil, fmt.Errorf("--nodes %d --zones %d: need 1 <= zones <= nodes and zones <= 26", s.cluster.nodes, s.cluster.zones)
	}
	if s.cluster.kwokBinary == "" {
		self, err := os.Executable()
		if err != nil {
			return nil, err
		}
		s.cluster.kwokBinary = filepath.Join(filepath.Dir(self), "kwok")
	}
	return s, nil
}

func run(s *settings) (err error) {
	started := time.Now()
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()
	if s.exitWithParent {
		ctx = exitWithParent(ctx)
	}

	dataDir, removeDataDir, err := prepareDataDir(s.dataDir)
	if err != nil {
		return err
	}
	defer func() {
		if s.keepData {
			log.Printf("kept %s", dataDir)
			return
		}
		if removeErr := removeDataDir(); removeErr != nil && err == nil {
			err = removeErr
		}
	}()
	kubeconfig := s.kubeconfigOut
	if kubeconfig == "" {
		kubeconfig = filepath.Join(dataDir, "kubeconfig")
	} else {
		defer os.Remove(kubeconfig)
	}

	creds, err := newCredentials(filepath.Join(dataDir, "pki"))
	if err != nil {
		return err
	}
	etcd, etcdURL, err := startEtcd(filepath.Join(dataDir, "etcd"), s.startupTimeout)
	if err != nil {
		return err
	}
	defer func() {
		etcd.Close()
		log.Printf("etcd stopped")
	}()
	log.Printf("etcd ready at %s after %s", etcdURL, time.Since(started).Round(time.Millisecond))

	server, err := prepareAPIServer(etcdURL, creds, s.apiserverArgs)
	if err != nil {
		return err
	}
	serverCtx, stopServer := context.WithCancel(context.Background())
	serverDone := make(chan error, 1)
	go func() { serverDone <- server.run(serverCtx) }()
	defer func() {
		stopServer()
		select {
		case runErr := <-serverDone:
			log.Printf("kube-apiserver stopped")
			if runErr != nil && err == nil {
				err = fmt.Errorf("kube-apiserver: %w", runErr)
			}
		case <-time.After(60 * time.Second):
			log.Printf("kube-apiserver did not stop within 60s; exiting anyway")
		}
	}()

	if err := waitReady(ctx, server, serverDone, s.startupTimeout); err != nil {
		return err
	}
	if err := runServiceAccountController(serverCtx, server.loopback); err != nil {
		return err
	}
	log.Printf("kube-apiserver ready at %s after %s", server.url, time.Since(started).Round(time.Millisecond))
	var nodes []simulatedNode
	var componentDied <-chan error
	if s.controlPlane {
		// The whole start-up, apiserver included, stays within --startup-timeout.
		startCtx, cancelStart := context.WithDeadline(ctx, started.Add(s.startupTimeout))
		controlPlane, err := startControlPlane(startCtx, s.cluster, dataDir, server.url, server.loopback, creds)
		cancelStart()
		if err != nil {
			return fmt.Errorf("starting the control plane: %w", err)
		}
		// Deferred after the apiserver's stop, so it runs before it: components go first.
		defer controlPlane.stop()
		nodes = controlPlane.nodes
		componentDied = controlPlane.died()
		log.Printf("control plane ready (%d nodes) after %s", len(nodes), time.Since(started).Round(time.Millisecond))
	}
	if err := writeKubeconfig(kubeconfig, server.url, creds); err != nil {
		return err
	}
	line, _ := json.Marshal(readyLine{
		Event: "ready", Server: server.url, Kubeconfig: kubeconfig, DataDir: dataDir,
		Pid: os.Getpid(), StartupMs: time.Since(started).Milliseconds(),
		ControlPlane: s.controlPlane, Nodes: nodes,
	})
	fmt.Println(string(line))

	select {
	case <-ctx.Done():
		log.Printf("stopping: %v", context.Cause(ctx))
		return nil
	case runErr := <-serverDone:
		serverDone <- runErr
		return errors.New("kube-apiserver stopped by itself")
	case err := <-componentDied:
		return err
	}
}

// prepareDataDir returns a fresh folder and the function that removes it.
func prepareDataDir(requested string) (string, func() error, error) {
	if requested == "" {
		dir, err := os.MkdirTemp("", "shipshape-cluster-")
		if err != nil {
			return "", nil, err
		}
		return dir, func() error { return os.RemoveAll(dir) }, nil
	}
	dir, err := filepath.Abs(requested)
	if err != nil {
		return "", nil, err
	}
	entries, err := os.ReadDir(dir)
	if err == nil && len(entries) > 0 {
		return "", nil, fmt.Errorf("--data-dir %s is not empty; give an empty or missing folder", dir)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", nil, err
	}
	return dir, func() error { return os.RemoveAll(dir) }, nil
}

// waitReady polls /readyz until it answers ok, the server fails, or the timeout passes.
func waitReady(ctx context.Context, server *apiserver, serverDone chan error, timeout time.Duration) error {
	client, err := newRawClient(server.loopback)
	if err != nil {
		return err
	}
	deadline := time.After(timeout)
	var last string
	for {
		body, err := client.Get().AbsPath("/readyz").DoRaw(ctx)
		if err == nil && string(body) == "ok" {
			return nil
		}
		if err != nil {
			last = err.Error()
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("interrupted while waiting for /readyz: %v", context.Cause(ctx))
		case runErr := <-serverDone:
			serverDone <- runErr
			return fmt.Errorf("kube-apiserver exited while starting: %v", runErr)
		case <-deadline:
			return fmt.Errorf("/readyz was not ok after %s (last answer: %s)", timeout, last)
		case <-time.After(100 * time.Millisecond):
		}
	}
}
