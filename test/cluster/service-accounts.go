package main

import (
	"context"
	"log"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/cache"
)

// runServiceAccountController stands in for kube-controller-manager's service-account
// controller, which this cluster does not run: it gives every Namespace its `default`
// ServiceAccount. Without it the ServiceAccount admission plugin (kept on, as in a real
// cluster) would reject every Pod, because Pods without serviceAccountName use `default`.
func runServiceAccountController(ctx context.Context, config *rest.Config) error {
	client, err := kubernetes.NewForConfig(config)
	if err != nil {
		return err
	}
	factory := informers.NewSharedInformerFactory(client, 0)
	namespaces := factory.Core().V1().Namespaces().Informer()
	ensure := func(obj interface{}) {
		namespace, ok := obj.(*corev1.Namespace)
		if !ok || namespace.Status.Phase == corev1.NamespaceTerminating {
			return
		}
		account := &corev1.ServiceAccount{ObjectMeta: metav1.ObjectMeta{Name: "default", Namespace: namespace.Name}}
		_, err := client.CoreV1().ServiceAccounts(namespace.Name).Create(ctx, account, metav1.CreateOptions{})
		if err != nil && !apierrors.IsAlreadyExists(err) && ctx.Err() == nil {
			log.Printf("creating ServiceAccount %s/default: %v", namespace.Name, err)
		}
	}
	if _, err := namespaces.AddEventHandler(cache.ResourceEventHandlerFuncs{AddFunc: ensure}); err != nil {
		return err
	}
	factory.Start(ctx.Done())
	go func() {
		<-ctx.Done()
		factory.Shutdown()
	}()
	return nil
}
