// The exact engine: the kube-apiserver's own create-path validation for built-in kinds, without a server.
// For each object it does what the server's create handler and rest.BeforeCreate do before admission and
// storage: a strict decode with the server's scheme (defaults applied, converted to the internal version),
// the namespace rules, the registry strategy's PrepareForCreate and Validate, ObjectMeta validation and
// WarningsOnCreate. The version-specific parts (which kinds, which strategies, which API versions are
// served, the exact BeforeCreate steps) live in kinds.go of each version's module.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strings"

	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/runtime/serializer"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"k8s.io/apiserver/pkg/authentication/user"
	genericapirequest "k8s.io/apiserver/pkg/endpoints/request"
	"k8s.io/apiserver/pkg/registry/rest"
	"k8s.io/apiserver/pkg/warning"
	"k8s.io/kubernetes/pkg/api/legacyscheme"
	api "k8s.io/kubernetes/pkg/apis/core"
	"k8s.io/kubernetes/pkg/capabilities"
)

// kindInfo is what the engine needs to know about one built-in kind: its resource (for the request
// context that declarative validation reads) and the registry strategy the server uses on create.
type kindInfo struct {
	resource string
	strategy rest.RESTCreateStrategy
}

// finding is one field error, strict-decoding error or warning, as the TypeScript side reads it.
type finding struct {
	Type     string          `json:"type"`
	Field    string          `json:"field,omitempty"`
	BadValue json.RawMessage `json:"badValue,omitempty"`
	Detail   string          `json:"detail,omitempty"`
}

// result is the verdict on one object. Status is "valid", "invalid" (field errors), "bad-request" (the
// body cannot be decoded: wrong types, malformed input), "not-served" (an API version this release does not
// serve) or "not-checked" (a kind the engine has no strategy for, such as a custom resource).
type result struct {
	Status   string    `json:"status"`
	Message  string    `json:"message,omitempty"`
	Errors   []finding `json:"errors,omitempty"`
	Warnings []string  `json:"warnings,omitempty"`
}

// The server decodes with strict field validation when asked to (kubectl apply does by default): unknown and
// duplicate fields are reported rather than dropped.
var strictDecoder = serializer.NewCodecFactory(legacyscheme.Scheme, serializer.EnableStrict).UniversalDecoder()

// The server's --allow-privileged flag defaults to false in the code, but every cluster installer (kubeadm,
// kind, the managed services) sets it to true, and so does the test cluster: privileged containers are
// allowed, as on the clusters users deploy to. Pod Security admission is where they are refused.
func init() {
	capabilities.Setup(true, 0)
}

// warningRecorder collects what WarningsOnCreate and declarative validation report through the context.
type warningRecorder struct{ texts []string }

func (w *warningRecorder) AddWarning(_ string, text string) { w.texts = append(w.texts, text) }

var admin = &user.DefaultInfo{Name: "system:admin", Groups: []string{user.SystemPrivilegedGroup, user.AllAuthenticated}}

// validateBatch takes a JSON array of objects and returns a JSON array of results, one per object, in order.
func validateBatch(input []byte) []byte {
	var raws []json.RawMessage
	var out bytes.Buffer
	if err := json.Unmarshal(input, &raws); err != nil {
		out.WriteString(`{"error":`)
		writeJSON(&out, "the engine's input is not a JSON array of objects: "+err.Error())
		out.WriteString(`}`)
		return out.Bytes()
	}
	out.WriteByte('[')
	for i, raw := range raws {
		if i > 0 {
			out.WriteByte(',')
		}
		r := validateOne(raw)
		encoded, err := json.Marshal(r)
		if err != nil {
			encoded, _ = json.Marshal(result{Status: "bad-request", Message: "the engine could not encode its verdict: " + err.Error()})
		}
		out.Write(encoded)
	}
	out.WriteByte(']')
	return out.Bytes()
}

func writeJSON(out *bytes.Buffer, v any) {
	encoded, _ := json.Marshal(v)
	out.Write(encoded)
}

func validateOne(raw []byte) (r result) {
	defer func() {
		if p := recover(); p != nil {
			r = result{Status: "bad-request", Message: fmt.Sprintf("the server's validation code panicked on this object: %v", p)}
		}
	}()
	obj, gvk, err := strictDecoder.Decode(raw, nil, nil)
	var strictErrors []error
	if err != nil {
		if strict, ok := runtime.AsStrictDecodingError(err); ok && obj != nil {
			strictErrors = strict.Errors()
		} else {
			return decodeFailure(gvk, err)
		}
	}
	if gvk == nil || !servedVersions[gvk.GroupVersion()] {
		return notServed(gvk)
	}
	info, known := kinds[gvk.GroupKind()]
	if !known {
		return result{Status: "not-checked", Message: fmt.Sprintf("the exact engine has no create strategy for %s", gvk.GroupKind())}
	}
	if len(strictErrors) > 0 {
		// The server refuses a strictly decoded body before any validation runs, as a bad request.
		r = result{Status: "bad-request", Message: "strict decoding error"}
		for _, e := range strictErrors {
			r.Errors = append(r.Errors, strictFinding(e.Error()))
		}
		return r
	}
	objectMeta, err := meta.Accessor(obj)
	if err != nil {
		return result{Status: "bad-request", Message: err.Error()}
	}
	namespace := objectMeta.GetNamespace()
	if info.strategy.NamespaceScoped() && namespace == "" {
		namespace = metav1.NamespaceDefault
	}
	if !info.strategy.NamespaceScoped() {
		namespace = metav1.NamespaceNone
	}
	recorder := &warningRecorder{}
	ctx := genericapirequest.WithNamespace(context.Background(), namespace)
	ctx = genericapirequest.WithUser(ctx, admin)
	ctx = warning.WithWarningRecorder(ctx, recorder)
	prefix := "apis"
	if gvk.Group == "" {
		prefix = "api"
	}
	ctx = genericapirequest.WithRequestInfo(ctx, &genericapirequest.RequestInfo{
		IsResourceRequest: true, Path: "/" + prefix, Verb: "create", APIPrefix: prefix,
		APIGroup: gvk.Group, APIVersion: gvk.Version, Namespace: namespace, Resource: info.resource,
		Name: objectMeta.GetName(),
	})
	// The create handler fills the system fields and generates a name before the registry sees the object.
	rest.FillObjectMetaSystemFields(objectMeta)
	if objectMeta.GetGenerateName() != "" && objectMeta.GetName() == "" {
		objectMeta.SetName(info.strategy.GenerateName(objectMeta.GetGenerateName()))
	}
	beginCreate(obj)
	errs, message := beforeCreate(ctx, info.strategy, obj, objectMeta)
	r = result{Status: "valid", Warnings: recorder.texts}
	if message != "" {
		r.Status = "bad-request"
		r.Message = message
	}
	if len(errs) > 0 {
		r.Status = "invalid"
		for _, e := range errs {
			r.Errors = append(r.Errors, fieldFinding(e))
		}
	}
	return r
}

func fieldFinding(e *field.Error) finding {
	f := finding{Type: string(e.Type), Field: e.Field, Detail: e.Detail}
	if _, omitted := e.BadValue.(field.OmitValueType); !omitted && e.BadValue != nil {
		if encoded, err := json.Marshal(e.BadValue); err == nil {
			f.BadValue = encoded
		} else {
			f.BadValue, _ = json.Marshal(fmt.Sprint(e.BadValue))
		}
	}
	return f
}

var strictFieldPattern = regexp.MustCompile(`^(unknown|duplicate) field "([^"]*)"`)

func strictFinding(message string) finding {
	if m := strictFieldPattern.FindStringSubmatch(message); m != nil {
		kind := "FieldValueUnknown"
		if m[1] == "duplicate" {
			kind = "FieldValueDuplicateKey"
		}
		return finding{Type: kind, Field: m[2], Detail: message}
	}
	return finding{Type: "StrictDecoding", Detail: message}
}

// A type mismatch names the Go struct field and its JSON path: "Go struct field DeploymentSpec.spec.replicas
// of type int32". The path after the struct name is what the user wrote.
var typeErrorPattern = regexp.MustCompile(`Go struct field \w+\.(\S+) of type (\S+)`)

func decodeFailure(gvk *schema.GroupVersionKind, err error) result {
	message := err.Error()
	if runtime.IsNotRegisteredError(err) {
		if gvk != nil && legacyscheme.Scheme.IsGroupRegistered(gvk.Group) {
			return notServed(gvk)
		}
		return result{Status: "not-checked", Message: message}
	}
	if runtime.IsMissingKind(err) || runtime.IsMissingVersion(err) {
		return result{Status: "bad-request", Message: message, Errors: []finding{{Type: "FieldValueRequired", Detail: message}}}
	}
	f := finding{Type: "FieldValueTypeInvalid", Detail: message}
	if m := typeErrorPattern.FindStringSubmatch(message); m != nil {
		f.Field = m[1]
	}
	return result{Status: "bad-request", Message: message, Errors: []finding{f}}
}

func notServed(gvk *schema.GroupVersionKind) result {
	if gvk == nil {
		return result{Status: "not-checked", Message: "no apiVersion and kind"}
	}
	served := []string{}
	for gv := range servedVersions {
		if gv.Group == gvk.Group {
			if _, ok := kinds[schema.GroupKind{Group: gv.Group, Kind: gvk.Kind}]; ok && legacyscheme.Scheme.Recognizes(gv.WithKind(gvk.Kind)) {
				served = append(served, gv.String())
			}
		}
	}
	sort.Strings(served)
	detail := fmt.Sprintf("%s %s is not served by Kubernetes %s", gvk.GroupVersion().String(), gvk.Kind, kubernetesVersion)
	if len(served) > 0 {
		detail += "; served: " + strings.Join(served, ", ")
	}
	return result{Status: "not-served", Message: detail, Errors: []finding{{Type: "FieldValueNotSupported", Field: "apiVersion", Detail: detail}}}
}

// info describes the engine for the TypeScript side.
func info() []byte {
	encoded, _ := json.Marshal(map[string]any{"kubernetesVersion": kubernetesVersion, "kinds": len(kinds)})
	return encoded
}

// beginCreate does what a kind's REST storage does before rest.BeforeCreate, where it is not allocation:
// the Service storage's normalizeClusterIPs (pkg/registry/core/service/storage, same in 1.27 and 1.36)
// copies a singular clusterIP into clusterIPs, which validation reads (a headless Service is one whose
// clusterIPs[0] is None). Allocating IPs and node ports is the allocators' business, outside the engine.
//
// One allocation is stood in for: a LoadBalancer Service with externalTrafficPolicy Local gets a health-check
// node port from the node-port allocator before validation, which requires it. The engine puts the lowest
// port of the default range there; which port the cluster picks is its own business.
func beginCreate(obj runtime.Object) {
	svc, ok := obj.(*api.Service)
	if !ok {
		return
	}
	if len(svc.Spec.ClusterIP) > 0 && len(svc.Spec.ClusterIPs) == 0 {
		svc.Spec.ClusterIPs = []string{svc.Spec.ClusterIP}
	}
	if svc.Spec.Type == api.ServiceTypeLoadBalancer && svc.Spec.ExternalTrafficPolicy == api.ServiceExternalTrafficPolicyLocal && svc.Spec.HealthCheckNodePort == 0 {
		svc.Spec.HealthCheckNodePort = 30000
	}
}
