// The parts of the exact engine that belong to Kubernetes 1.27: the kinds it checks with their registry
// strategies, the API versions a default 1.36 server serves, and rest.BeforeCreate's steps as 1.27 runs them.
package main

import (
	"context"

	genericvalidation "k8s.io/apimachinery/pkg/api/validation"
	"k8s.io/apimachinery/pkg/api/validation/path"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/util/validation/field"
	genericapirequest "k8s.io/apiserver/pkg/endpoints/request"
	"k8s.io/apiserver/pkg/registry/rest"
	"k8s.io/apiserver/pkg/warning"

	_ "k8s.io/kubernetes/pkg/apis/admissionregistration/install"
	_ "k8s.io/kubernetes/pkg/apis/apps/install"
	_ "k8s.io/kubernetes/pkg/apis/autoscaling/install"
	_ "k8s.io/kubernetes/pkg/apis/batch/install"
	_ "k8s.io/kubernetes/pkg/apis/certificates/install"
	_ "k8s.io/kubernetes/pkg/apis/coordination/install"
	_ "k8s.io/kubernetes/pkg/apis/core/install"
	_ "k8s.io/kubernetes/pkg/apis/discovery/install"
	_ "k8s.io/kubernetes/pkg/apis/events/install"
	_ "k8s.io/kubernetes/pkg/apis/extensions/install"
	_ "k8s.io/kubernetes/pkg/apis/flowcontrol/install"
	_ "k8s.io/kubernetes/pkg/apis/networking/install"
	_ "k8s.io/kubernetes/pkg/apis/node/install"
	_ "k8s.io/kubernetes/pkg/apis/policy/install"
	_ "k8s.io/kubernetes/pkg/apis/rbac/install"
	_ "k8s.io/kubernetes/pkg/apis/scheduling/install"
	_ "k8s.io/kubernetes/pkg/apis/storage/install"

	"k8s.io/kubernetes/pkg/registry/apps/controllerrevision"
	"k8s.io/kubernetes/pkg/registry/apps/daemonset"
	"k8s.io/kubernetes/pkg/registry/apps/deployment"
	"k8s.io/kubernetes/pkg/registry/apps/replicaset"
	"k8s.io/kubernetes/pkg/registry/apps/statefulset"
	"k8s.io/kubernetes/pkg/registry/autoscaling/horizontalpodautoscaler"
	"k8s.io/kubernetes/pkg/registry/batch/cronjob"
	"k8s.io/kubernetes/pkg/registry/batch/job"
	"k8s.io/kubernetes/pkg/registry/certificates/certificates"
	"k8s.io/kubernetes/pkg/registry/coordination/lease"
	"k8s.io/kubernetes/pkg/registry/core/configmap"
	"k8s.io/kubernetes/pkg/registry/core/endpoint"
	"k8s.io/kubernetes/pkg/registry/core/event"
	"k8s.io/kubernetes/pkg/registry/core/limitrange"
	"k8s.io/kubernetes/pkg/registry/core/namespace"
	"k8s.io/kubernetes/pkg/registry/core/persistentvolume"
	"k8s.io/kubernetes/pkg/registry/core/persistentvolumeclaim"
	"k8s.io/kubernetes/pkg/registry/core/pod"
	"k8s.io/kubernetes/pkg/registry/core/podtemplate"
	"k8s.io/kubernetes/pkg/registry/core/replicationcontroller"
	"k8s.io/kubernetes/pkg/registry/core/resourcequota"
	"k8s.io/kubernetes/pkg/registry/core/secret"
	"k8s.io/kubernetes/pkg/registry/core/service"
	"k8s.io/kubernetes/pkg/registry/core/serviceaccount"
	"k8s.io/kubernetes/pkg/registry/flowcontrol/flowschema"
	"k8s.io/kubernetes/pkg/registry/flowcontrol/prioritylevelconfiguration"
	"k8s.io/kubernetes/pkg/registry/networking/ingress"
	"k8s.io/kubernetes/pkg/registry/networking/ingressclass"
	"k8s.io/kubernetes/pkg/registry/networking/networkpolicy"
	"k8s.io/kubernetes/pkg/registry/node/runtimeclass"
	"k8s.io/kubernetes/pkg/registry/policy/poddisruptionbudget"
	"k8s.io/kubernetes/pkg/registry/rbac/clusterrole"
	"k8s.io/kubernetes/pkg/registry/rbac/clusterrolebinding"
	"k8s.io/kubernetes/pkg/registry/rbac/role"
	"k8s.io/kubernetes/pkg/registry/rbac/rolebinding"
	"k8s.io/kubernetes/pkg/registry/scheduling/priorityclass"
	"k8s.io/kubernetes/pkg/registry/storage/csidriver"
	"k8s.io/kubernetes/pkg/registry/storage/csinode"
	"k8s.io/kubernetes/pkg/registry/storage/csistoragecapacity"
	"k8s.io/kubernetes/pkg/registry/storage/storageclass"
	"k8s.io/kubernetes/pkg/registry/storage/volumeattachment"
)

const kubernetesVersion = "1.27"

func gk(group, kind string) schema.GroupKind { return schema.GroupKind{Group: group, Kind: kind} }

// Not here, so reported as not checked: Node, EndpointSlice and the webhook configurations, which users
// rarely write and whose registry packages would double the engine's size (admission CEL, controllers).
var kinds = map[schema.GroupKind]kindInfo{
	gk("", "ConfigMap"):                                    {"configmaps", configmap.Strategy},
	gk("", "Endpoints"):                                    {"endpoints", endpoint.Strategy},
	gk("", "Event"):                                        {"events", event.Strategy},
	gk("", "LimitRange"):                                   {"limitranges", limitrange.Strategy},
	gk("", "Namespace"):                                    {"namespaces", namespace.Strategy},
	gk("", "PersistentVolume"):                             {"persistentvolumes", persistentvolume.Strategy},
	gk("", "PersistentVolumeClaim"):                        {"persistentvolumeclaims", persistentvolumeclaim.Strategy},
	gk("", "Pod"):                                          {"pods", pod.Strategy},
	gk("", "PodTemplate"):                                  {"podtemplates", podtemplate.Strategy},
	gk("", "ReplicationController"):                        {"replicationcontrollers", replicationcontroller.Strategy},
	gk("", "ResourceQuota"):                                {"resourcequotas", resourcequota.Strategy},
	gk("", "Secret"):                                       {"secrets", secret.Strategy},
	gk("", "Service"):                                      {"services", service.Strategy},
	gk("", "ServiceAccount"):                               {"serviceaccounts", serviceaccount.Strategy},
	gk("apps", "ControllerRevision"):                       {"controllerrevisions", controllerrevision.Strategy},
	gk("apps", "DaemonSet"):                                {"daemonsets", daemonset.Strategy},
	gk("apps", "Deployment"):                               {"deployments", deployment.Strategy},
	gk("apps", "ReplicaSet"):                               {"replicasets", replicaset.Strategy},
	gk("apps", "StatefulSet"):                              {"statefulsets", statefulset.Strategy},
	gk("autoscaling", "HorizontalPodAutoscaler"):           {"horizontalpodautoscalers", horizontalpodautoscaler.Strategy},
	gk("batch", "CronJob"):                                 {"cronjobs", cronjob.Strategy},
	gk("batch", "Job"):                                     {"jobs", job.Strategy},
	gk("certificates.k8s.io", "CertificateSigningRequest"): {"certificatesigningrequests", certificates.Strategy},
	gk("coordination.k8s.io", "Lease"):                     {"leases", lease.Strategy},
	gk("events.k8s.io", "Event"):                           {"events", event.Strategy},
	gk("flowcontrol.apiserver.k8s.io", "FlowSchema"):       {"flowschemas", flowschema.Strategy},
	gk("flowcontrol.apiserver.k8s.io", "PriorityLevelConfiguration"): {"prioritylevelconfigurations", prioritylevelconfiguration.Strategy},
	gk("networking.k8s.io", "Ingress"):                               {"ingresses", ingress.Strategy},
	gk("networking.k8s.io", "IngressClass"):                          {"ingressclasses", ingressclass.Strategy},
	gk("networking.k8s.io", "NetworkPolicy"):                         {"networkpolicies", networkpolicy.Strategy},
	gk("node.k8s.io", "RuntimeClass"):                                {"runtimeclasses", runtimeclass.Strategy},
	gk("policy", "PodDisruptionBudget"):                              {"poddisruptionbudgets", poddisruptionbudget.Strategy},
	gk("rbac.authorization.k8s.io", "ClusterRole"):                   {"clusterroles", clusterrole.Strategy},
	gk("rbac.authorization.k8s.io", "ClusterRoleBinding"):            {"clusterrolebindings", clusterrolebinding.Strategy},
	gk("rbac.authorization.k8s.io", "Role"):                          {"roles", role.Strategy},
	gk("rbac.authorization.k8s.io", "RoleBinding"):                   {"rolebindings", rolebinding.Strategy},
	gk("scheduling.k8s.io", "PriorityClass"):                         {"priorityclasses", priorityclass.Strategy},
	gk("storage.k8s.io", "CSIDriver"):                                {"csidrivers", csidriver.Strategy},
	gk("storage.k8s.io", "CSINode"):                                  {"csinodes", csinode.Strategy},
	gk("storage.k8s.io", "CSIStorageCapacity"):                       {"csistoragecapacities", csistoragecapacity.Strategy},
	gk("storage.k8s.io", "StorageClass"):                             {"storageclasses", storageclass.Strategy},
	gk("storage.k8s.io", "VolumeAttachment"):                         {"volumeattachments", volumeattachment.Strategy},
}

// The stable group versions of pkg/controlplane's DefaultAPIResourceConfigSource in 1.27, and the two beta
// versions of flowcontrol it still enables (legacyBetaEnabledByDefaultResources).
var servedVersions = map[schema.GroupVersion]bool{
	{Group: "", Version: "v1"}:                                  true,
	{Group: "admissionregistration.k8s.io", Version: "v1"}:      true,
	{Group: "apps", Version: "v1"}:                              true,
	{Group: "autoscaling", Version: "v1"}:                       true,
	{Group: "autoscaling", Version: "v2"}:                       true,
	{Group: "batch", Version: "v1"}:                             true,
	{Group: "certificates.k8s.io", Version: "v1"}:               true,
	{Group: "coordination.k8s.io", Version: "v1"}:               true,
	{Group: "discovery.k8s.io", Version: "v1"}:                  true,
	{Group: "events.k8s.io", Version: "v1"}:                     true,
	{Group: "flowcontrol.apiserver.k8s.io", Version: "v1beta2"}: true,
	{Group: "flowcontrol.apiserver.k8s.io", Version: "v1beta3"}: true,
	{Group: "networking.k8s.io", Version: "v1"}:                 true,
	{Group: "node.k8s.io", Version: "v1"}:                       true,
	{Group: "policy", Version: "v1"}:                            true,
	{Group: "rbac.authorization.k8s.io", Version: "v1"}:         true,
	{Group: "scheduling.k8s.io", Version: "v1"}:                 true,
	{Group: "storage.k8s.io", Version: "v1"}:                    true,
}

// beforeCreate runs rest.BeforeCreate's steps (1.27) and returns the field errors instead of a status
// error, so that the bad values keep their types. A non-empty message is a refusal that is not a field error.
func beforeCreate(ctx context.Context, strategy rest.RESTCreateStrategy, obj runtime.Object, objectMeta metav1.Object) (field.ErrorList, string) {
	requestNamespace, _ := genericapirequest.NamespaceFrom(ctx)
	if err := rest.EnsureObjectNamespaceMatchesRequestNamespace(rest.ExpectedNamespaceForScope(requestNamespace, strategy.NamespaceScoped()), objectMeta); err != nil {
		return nil, err.Error()
	}
	strategy.PrepareForCreate(ctx, obj)
	if errs := strategy.Validate(ctx, obj); len(errs) > 0 {
		return errs, ""
	}
	if errs := genericvalidation.ValidateObjectMetaAccessor(objectMeta, strategy.NamespaceScoped(), path.ValidatePathSegmentName, field.NewPath("metadata")); len(errs) > 0 {
		return errs, ""
	}
	for _, w := range strategy.WarningsOnCreate(ctx, obj) {
		warning.AddWarning(ctx, "", w)
	}
	return nil, ""
}
