package main

import (
	"context"
	"log"
	"path"

	corev1 "k8s.io/api/core/v1"
	storagev1 "k8s.io/api/storage/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/cache"
)

const (
	// provisionerName is what the default StorageClass names as its provisioner.
	provisionerName = "shipshape.test/local"
	// defaultStorageClass is the StorageClass claims without storageClassName get.
	defaultStorageClass = "standard"
	// The annotations of the external-provisioner protocol (as sig-storage-lib-external-provisioner
	// reads and writes them): kube-controller-manager's PV binder names the provisioner it expects
	// on the claim, the scheduler names the node it picked for a WaitForFirstConsumer claim, and the
	// provisioner marks the volumes it made.
	annotationStorageProvisioner = "volume.kubernetes.io/storage-provisioner"
	annotationSelectedNode       = "volume.kubernetes.io/selected-node"
	annotationProvisionedBy      = "pv.kubernetes.io/provisioned-by"
)

// createDefaultStorageClass adds the cluster's default StorageClass: volumes are provisioned by
// the harness, on the node the scheduler picks for the first pod (WaitForFirstConsumer), and
// deleted with their claim, as on a cloud provider's default class.
func createDefaultStorageClass(ctx context.Context, client kubernetes.Interface) error {
	bindingMode := storagev1.VolumeBindingWaitForFirstConsumer
	reclaim := corev1.PersistentVolumeReclaimDelete
	expansion := true
	class := &storagev1.StorageClass{
		ObjectMeta: metav1.ObjectMeta{
			Name:        defaultStorageClass,
			Annotations: map[string]string{"storageclass.kubernetes.io/is-default-class": "true"},
		},
		Provisioner:          provisionerName,
		VolumeBindingMode:    &bindingMode,
		ReclaimPolicy:        &reclaim,
		AllowVolumeExpansion: &expansion,
	}
	_, err := client.StorageV1().StorageClasses().Create(ctx, class, metav1.CreateOptions{})
	if apierrors.IsAlreadyExists(err) {
		return nil
	}
	return err
}

// runProvisioner is a minimal external provisioner: for each claim that the PV binder hands to
// provisionerName, it creates a matching `local` PersistentVolume pinned to the node the scheduler
// selected (or a hostPath volume for Immediate binding), pre-bound to the claim; the PV binder then
// binds the two, and the scheduler's volume binding sees the result, as with a real CSI driver.
// Released volumes with reclaim policy Delete that it made are deleted. Nothing is written to disk.
func runProvisioner(ctx context.Context, client kubernetes.Interface) error {
	factory := informers.NewSharedInformerFactory(client, 0)
	claims := factory.Core().V1().PersistentVolumeClaims().Informer()
	volumes := factory.Core().V1().PersistentVolumes().Informer()
	classes := factory.Storage().V1().StorageClasses().Lister()

	provision := func(obj interface{}) {
		claim, ok := obj.(*corev1.PersistentVolumeClaim)
		if !ok || claim.Spec.VolumeName != "" || claim.DeletionTimestamp != nil || claim.Annotations[annotationStorageProvisioner] != provisionerName {
			return
		}
		if claim.Spec.StorageClassName == nil {
			return
		}
		class, err := classes.Get(*claim.Spec.StorageClassName)
		if err != nil || class.Provisioner != provisionerName {
			return
		}
		node := claim.Annotations[annotationSelectedNode]
		if node == "" && class.VolumeBindingMode != nil && *class.VolumeBindingMode == storagev1.VolumeBindingWaitForFirstConsumer {
			return
		}
		volume := volumeFor(claim, class, node)
		if _, err := client.CoreV1().PersistentVolumes().Create(ctx, volume, metav1.CreateOptions{}); err != nil && !apierrors.IsAlreadyExists(err) && ctx.Err() == nil {
			log.Printf("provisioner: creating %s for %s/%s: %v", volume.Name, claim.Namespace, claim.Name, err)
			return
		}
		log.Printf("provisioner: %s for claim %s/%s on node %q", volume.Name, claim.Namespace, claim.Name, node)
	}
	reclaim := func(obj interface{}) {
		volume, ok := obj.(*corev1.PersistentVolume)
		if !ok || volume.Annotations[annotationProvisionedBy] != provisionerName || volume.DeletionTimestamp != nil ||
			volume.Status.Phase != corev1.VolumeReleased || volume.Spec.PersistentVolumeReclaimPolicy != corev1.PersistentVolumeReclaimDelete {
			return
		}
		err := client.CoreV1().PersistentVolumes().Delete(ctx, volume.Name, metav1.DeleteOptions{})
		if err != nil && !apierrors.IsNotFound(err) && ctx.Err() == nil {
			log.Printf("provisioner: deleting released %s: %v", volume.Name, err)
		}
	}
	if _, err := claims.AddEventHandler(cache.ResourceEventHandlerFuncs{
		AddFunc: provision, UpdateFunc: func(_, obj interface{}) { provision(obj) },
	}); err != nil {
		return err
	}
	if _, err := volumes.AddEventHandler(cache.ResourceEventHandlerFuncs{
		AddFunc: reclaim, UpdateFunc: func(_, obj interface{}) { reclaim(obj) },
	}); err != nil {
		return err
	}
	factory.Start(ctx.Done())
	go func() {
		<-ctx.Done()
		factory.Shutdown()
	}()
	return nil
}

// volumeFor is the PersistentVolume that satisfies claim: its size, access modes and volume mode,
// the class's reclaim policy, and a claimRef so that only this claim can bind it.
func volumeFor(claim *corev1.PersistentVolumeClaim, class *storagev1.StorageClass, node string) *corev1.PersistentVolume {
	name := "pvc-" + string(claim.UID)
	reclaim := corev1.PersistentVolumeReclaimDelete
	if class.ReclaimPolicy != nil {
		reclaim = *class.ReclaimPolicy
	}
	volume := &corev1.PersistentVolume{
		ObjectMeta: metav1.ObjectMeta{
			Name:        name,
			Annotations: map[string]string{annotationProvisionedBy: provisionerName},
		},
		Spec: corev1.PersistentVolumeSpec{
			Capacity:                      corev1.ResourceList{corev1.ResourceStorage: claim.Spec.Resources.Requests[corev1.ResourceStorage]},
			AccessModes:                   claim.Spec.AccessModes,
			VolumeMode:                    claim.Spec.VolumeMode,
			StorageClassName:              class.Name,
			PersistentVolumeReclaimPolicy: reclaim,
			MountOptions:                  class.MountOptions,
			ClaimRef: &corev1.ObjectReference{
				APIVersion: "v1", Kind: "PersistentVolumeClaim",
				Namespace: claim.Namespace, Name: claim.Name, UID: claim.UID,
			},
		},
	}
	dir := path.Join("/var/lib/shipshape-test/volumes", name)
	if node == "" {
		hostPathType := corev1.HostPathDirectoryOrCreate
		volume.Spec.HostPath = &corev1.HostPathVolumeSource{Path: dir, Type: &hostPathType}
		return volume
	}
	volume.Spec.Local = &corev1.LocalVolumeSource{Path: dir}
	volume.Spec.NodeAffinity = &corev1.VolumeNodeAffinity{Required: &corev1.NodeSelector{
		NodeSelectorTerms: []corev1.NodeSelectorTerm{{MatchExpressions: []corev1.NodeSelectorRequirement{{
			Key: "kubernetes.io/hostname", Operator: corev1.NodeSelectorOpIn, Values: []string{node},
		}}}},
	}}
	return volume
}
