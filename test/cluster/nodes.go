package main

import (
	"context"
	_ "embed"
	"fmt"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
)

// kwokStages tells kwok how simulated nodes and pods move through their lifecycle (see the file).
//
//go:embed kwok-stages.yaml
var kwokStages []byte

// simulatedNode is one Node that kwok keeps Ready; no kubelet and no container runs on it.
type simulatedNode struct {
	Name string `json:"name"`
	Zone string `json:"zone"`
}

// planNodes spreads count nodes over zones zone-a, zone-b, ... in turn: node-a1, node-b1, node-a2, ...
func planNodes(count, zones int) []simulatedNode {
	nodes := make([]simulatedNode, 0, count)
	for i := 0; i < count; i++ {
		zone := string(rune('a' + i%zones))
		nodes = append(nodes, simulatedNode{Name: fmt.Sprintf("node-%s%d", zone, i/zones+1), Zone: "zone-" + zone})
	}
	return nodes
}

// createNodes registers the simulated Nodes with the labels a cloud node carries (hostname, zone,
// region, OS and architecture) and the annotation kwok looks for. Capacity is that of a modest
// real node, so that resource requests count for something in scheduling.
func createNodes(ctx context.Context, client kubernetes.Interface, nodes []simulatedNode) error {
	capacity := corev1.ResourceList{
		corev1.ResourceCPU:    resource.MustParse("8"),
		corev1.ResourceMemory: resource.MustParse("32Gi"),
		corev1.ResourcePods:   resource.MustParse("110"),
	}
	for _, n := range nodes {
		node := &corev1.Node{
			ObjectMeta: metav1.ObjectMeta{
				Name: n.Name,
				Labels: map[string]string{
					"kubernetes.io/hostname":        n.Name,
					"kubernetes.io/os":              "linux",
					"kubernetes.io/arch":            "amd64",
					"topology.kubernetes.io/zone":   n.Zone,
					"topology.kubernetes.io/region": "local",
					"type":                          "kwok",
				},
				Annotations: map[string]string{"kwok.x-k8s.io/node": "fake", "node.alpha.kubernetes.io/ttl": "0"},
			},
			Status: corev1.NodeStatus{Capacity: capacity, Allocatable: capacity},
		}
		if _, err := client.CoreV1().Nodes().Create(ctx, node, metav1.CreateOptions{}); err != nil && !apierrors.IsAlreadyExists(err) {
			return fmt.Errorf("creating Node %s: %w", n.Name, err)
		}
	}
	return nil
}

// waitNodesReady waits until kwok reports every simulated Node Ready, or kwok exits, or ctx ends.
func waitNodesReady(ctx context.Context, client kubernetes.Interface, nodes []simulatedNode, kwok *component) error {
	var notReady []string
	for {
		notReady = notReady[:0]
		for _, n := range nodes {
			node, err := client.CoreV1().Nodes().Get(ctx, n.Name, metav1.GetOptions{})
			if err != nil || !nodeReady(node) {
				notReady = append(notReady, n.Name)
			}
		}
		if len(notReady) == 0 {
			return nil
		}
		if done, err := kwok.exited(); done {
			return fmt.Errorf("kwok exited while starting: %v", err)
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("nodes %v were not Ready in time: %v", notReady, context.Cause(ctx))
		case <-time.After(200 * time.Millisecond):
		}
	}
}

func nodeReady(node *corev1.Node) bool {
	for _, condition := range node.Status.Conditions {
		if condition.Type == corev1.NodeReady {
			return condition.Status == corev1.ConditionTrue
		}
	}
	return false
}
