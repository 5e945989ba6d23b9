package main

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"sync"
	"time"

	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
)

// controlPlaneSettings choose the parts of the cluster beyond the apiserver.
type controlPlaneSettings struct {
	kwokBinary string
	nodes      int
	zones      int
}

// runningControlPlane is what startControlPlane started; stop ends it, components first.
type runningControlPlane struct {
	nodes      []simulatedNode
	components []*component
	cancel     context.CancelFunc
}

// died reports the first component that exits by itself: the cluster is then broken, and the
// harness stops rather than serve a control plane that silently lacks a part.
func (cp *runningControlPlane) died() <-chan error {
	died := make(chan error, len(cp.components))
	for _, c := range cp.components {
		go func() {
			<-c.done
			_, err := c.exited()
			died <- fmt.Errorf("%s exited by itself: %v", c.name, err)
		}()
	}
	return died
}

// startControlPlane starts, beside the apiserver: the default StorageClass and its provisioner,
// the simulated Nodes with kwok, kube-controller-manager and kube-scheduler; and waits, until ctx
// ends, for the two components to be healthy and every Node to be Ready. On error, whatever was
// started is stopped.
func startControlPlane(ctx context.Context, s controlPlaneSettings, dataDir, server string, loopback *rest.Config, creds *credentials) (cp *runningControlPlane, err error) {
	self, err := os.Executable()
	if err != nil {
		return nil, err
	}
	if _, err := os.Stat(s.kwokBinary); err != nil {
		return nil, fmt.Errorf("kwok binary (build it with test/cluster/build.sh): %w", err)
	}
	dir := filepath.Join(dataDir, "control-plane")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	// The components use their own copy of the admin kubeconfig, so tests may change theirs.
	kubeconfig := filepath.Join(dir, "admin.kubeconfig")
	if err := writeKubeconfig(kubeconfig, server, creds); err != nil {
		return nil, err
	}
	caFile := filepath.Join(dir, "ca.crt")
	stagesFile := filepath.Join(dir, "kwok-stages.yaml")
	for file, content := range map[string][]byte{caFile: creds.caPEM, stagesFile: kwokStages} {
		if err := os.WriteFile(file, content, 0o600); err != nil {
			return nil, err
		}
	}

	backgroundCtx, cancel := context.WithCancel(context.Background())
	cp = &runningControlPlane{nodes: planNodes(s.nodes, s.zones), cancel: cancel}
	defer func() {
		if err != nil {
			cp.stop()
			cp = nil
		}
	}()
	client, err := kubernetes.NewForConfig(loopback)
	if err != nil {
		return cp, err
	}
	if err := createDefaultStorageClass(ctx, client); err != nil {
		return cp, fmt.Errorf("default StorageClass: %w", err)
	}
	if err := runProvisioner(backgroundCtx, client); err != nil {
		return cp, err
	}
	if err := createNodes(ctx, client, cp.nodes); err != nil {
		return cp, err
	}

	kwok, err := startComponent("kwok", s.kwokBinary, []string{
		"--kubeconfig=" + kubeconfig,
		"--config=" + stagesFile,
		"--manage-nodes-with-annotation-selector=kwok.x-k8s.io/node=fake",
		// Addresses written into Node and Pod status only: nothing listens on them.
		"--cidr=10.244.0.0/16",
		"--node-ip=10.128.0.1",
		// Renew each Node's Lease (kubelet's heartbeat): without it the node lifecycle
		// controller marks the nodes NotReady after its grace period, and their pods with them.
		"--node-lease-duration-seconds=40",
		"-v=WARN",
	}, os.Stderr)
	if err != nil {
		return cp, err
	}
	cp.components = append(cp.components, kwok)

	controllerManagerPort, err := freeLoopbackPort()
	if err != nil {
		return cp, err
	}
	controllerManager, err := startComponent("kube-controller-manager", self, append(
		[]string{"kube-controller-manager"},
		append(componentFlags(kubeconfig, filepath.Join(dir, "kube-controller-manager"), controllerManagerPort),
			"--controllers=*",
			"--root-ca-file="+caFile,
			"--service-account-private-key-file="+creds.serviceAccountKeyFile,
			"--use-service-account-credentials=false",
			// The cluster has no cloud and no pod network: nodes get no CIDRs and no routes.
			"--allocate-node-cidrs=false",
			"--configure-cloud-routes=false",
		)...), os.Stderr)
	if err != nil {
		return cp, err
	}
	cp.components = append(cp.components, controllerManager)

	schedulerPort, err := freeLoopbackPort()
	if err != nil {
		return cp, err
	}
	scheduler, err := startComponent("kube-scheduler", self, append(
		[]string{"kube-scheduler"},
		componentFlags(kubeconfig, filepath.Join(dir, "kube-scheduler"), schedulerPort)...), os.Stderr)
	if err != nil {
		return cp, err
	}
	cp.components = append(cp.components, scheduler)

	var wg sync.WaitGroup
	errs := make([]error, 3)
	wg.Add(3)
	go func() { defer wg.Done(); errs[0] = waitHealthy(ctx, controllerManager, controllerManagerPort) }()
	go func() { defer wg.Done(); errs[1] = waitHealthy(ctx, scheduler, schedulerPort) }()
	go func() { defer wg.Done(); errs[2] = waitNodesReady(ctx, client, cp.nodes, kwok) }()
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return cp, err
	}
	return cp, nil
}

// stop ends the components (scheduler and controller manager before kwok) and the provisioner.
func (cp *runningControlPlane) stop() {
	var wg sync.WaitGroup
	for i := len(cp.components) - 1; i >= 0; i-- {
		c := cp.components[i]
		wg.Add(1)
		go func() { defer wg.Done(); c.stop(10 * time.Second) }()
	}
	wg.Wait()
	cp.cancel()
	log.Printf("control plane stopped")
}
