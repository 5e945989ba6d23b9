// Two registry strategies of Kubernetes 1.36.3, copied here line for line (Apache-2.0, The Kubernetes Authors)
// instead of imported: the originals in pkg/registry/core/serviceaccount and pkg/registry/core/endpoint import a
// constant each from packages (the ServiceAccount admission plugin, the Endpoints controller) that bring in
// about 300 more packages and grow the engine by a third. The constants are inlined below with their sources.
package main

import (
	"context"
	"fmt"

	"k8s.io/apimachinery/pkg/runtime"
	utilvalidation "k8s.io/apimachinery/pkg/util/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"k8s.io/apiserver/pkg/storage/names"
	"k8s.io/kubernetes/pkg/api/legacyscheme"
	api "k8s.io/kubernetes/pkg/apis/core"
	"k8s.io/kubernetes/pkg/apis/core/validation"
)

// From plugin/pkg/admission/serviceaccount: EnforceMountableSecretsAnnotation.
const enforceMountableSecretsAnnotation = "kubernetes.io/enforce-mountable-secrets"

// From pkg/controller/endpoint: LabelManagedBy and ControllerName.
const (
	endpointsLabelManagedBy = "endpoints.kubernetes.io/managed-by"
	endpointsControllerName = "endpoint-controller"
)

// serviceAccountStrategy is pkg/registry/core/serviceaccount's strategy (create path).
type serviceAccountStrategy struct {
	runtime.ObjectTyper
	names.NameGenerator
}

var serviceAccountCreateStrategy = serviceAccountStrategy{legacyscheme.Scheme, names.SimpleNameGenerator}

func (serviceAccountStrategy) NamespaceScoped() bool { return true }

func (serviceAccountStrategy) PrepareForCreate(ctx context.Context, obj runtime.Object) {
	serviceAccount := obj.(*api.ServiceAccount)
	for i, secret := range serviceAccount.Secrets {
		serviceAccount.Secrets[i] = api.ObjectReference{Name: secret.Name}
	}
}

func (serviceAccountStrategy) Validate(ctx context.Context, obj runtime.Object) field.ErrorList {
	return validation.ValidateServiceAccount(obj.(*api.ServiceAccount))
}

func (serviceAccountStrategy) WarningsOnCreate(ctx context.Context, obj runtime.Object) []string {
	if _, ok := obj.(*api.ServiceAccount).Annotations[enforceMountableSecretsAnnotation]; ok {
		return []string{fmt.Sprintf("metadata.annotations[%s]: deprecated in v1.32+; prefer separate namespaces to isolate access to mounted secrets", enforceMountableSecretsAnnotation)}
	}
	return nil
}

func (serviceAccountStrategy) Canonicalize(obj runtime.Object) {}

// endpointsStrategy is pkg/registry/core/endpoint's strategy (create path).
type endpointsStrategy struct {
	runtime.ObjectTyper
	names.NameGenerator
}

var endpointsCreateStrategy = endpointsStrategy{legacyscheme.Scheme, names.SimpleNameGenerator}

func (endpointsStrategy) NamespaceScoped() bool { return true }

func (endpointsStrategy) PrepareForCreate(ctx context.Context, obj runtime.Object) {}

func (endpointsStrategy) Validate(ctx context.Context, obj runtime.Object) field.ErrorList {
	return validation.ValidateEndpointsCreate(obj.(*api.Endpoints))
}

func (endpointsStrategy) WarningsOnCreate(ctx context.Context, obj runtime.Object) []string {
	endpoints := obj.(*api.Endpoints)
	if endpoints.Labels[endpointsLabelManagedBy] == endpointsControllerName {
		return nil
	}
	var warnings []string
	for i := range endpoints.Subsets {
		for j := range endpoints.Subsets[i].Addresses {
			fldPath := field.NewPath("subsets").Index(i).Child("addresses").Index(j).Child("ip")
			warnings = append(warnings, utilvalidation.GetWarningsForIP(fldPath, endpoints.Subsets[i].Addresses[j].IP)...)
		}
		for j := range endpoints.Subsets[i].NotReadyAddresses {
			fldPath := field.NewPath("subsets").Index(i).Child("notReadyAddresses").Index(j).Child("ip")
			warnings = append(warnings, utilvalidation.GetWarningsForIP(fldPath, endpoints.Subsets[i].NotReadyAddresses[j].IP)...)
		}
	}
	return warnings
}

func (endpointsStrategy) Canonicalize(obj runtime.Object) {}
