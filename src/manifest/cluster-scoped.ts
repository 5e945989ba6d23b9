/** Built-in kinds that live outside any namespace, with their API group; a `metadata.namespace` on them is a mistake. */
const CLUSTER_SCOPED_KINDS: ReadonlyMap<string, string> = new Map([
  ['APIService', 'apiregistration.k8s.io'],
  ['CertificateSigningRequest', 'certificates.k8s.io'],
  ['ClusterRole', 'rbac.authorization.k8s.io'],
  ['ClusterRoleBinding', 'rbac.authorization.k8s.io'],
  ['ClusterTrustBundle', 'certificates.k8s.io'],
  ['ComponentStatus', ''],
  ['CSIDriver', 'storage.k8s.io'],
  ['CSINode', 'storage.k8s.io'],
  ['CustomResourceDefinition', 'apiextensions.k8s.io'],
  ['DeviceClass', 'resource.k8s.io'],
  ['FlowSchema', 'flowcontrol.apiserver.k8s.io'],
  ['IngressClass', 'networking.k8s.io'],
  ['IPAddress', 'networking.k8s.io'],
  ['MutatingAdmissionPolicy', 'admissionregistration.k8s.io'],
  ['MutatingAdmissionPolicyBinding', 'admissionregistration.k8s.io'],
  ['MutatingWebhookConfiguration', 'admissionregistration.k8s.io'],
  ['Namespace', ''],
  ['Node', ''],
  ['PersistentVolume', ''],
  ['PriorityClass', 'scheduling.k8s.io'],
  ['PriorityLevelConfiguration', 'flowcontrol.apiserver.k8s.io'],
  ['ResourceSlice', 'resource.k8s.io'],
  ['RuntimeClass', 'node.k8s.io'],
  ['ServiceCIDR', 'networking.k8s.io'],
  ['StorageClass', 'storage.k8s.io'],
  ['StorageVersionMigration', 'storagemigration.k8s.io'],
  ['ValidatingAdmissionPolicy', 'admissionregistration.k8s.io'],
  ['ValidatingAdmissionPolicyBinding', 'admissionregistration.k8s.io'],
  ['ValidatingWebhookConfiguration', 'admissionregistration.k8s.io'],
  ['VolumeAttachment', 'storage.k8s.io'],
  ['VolumeAttributesClass', 'storage.k8s.io'],
]);

/**
 * Whether objects of this kind are cluster-scoped: built-in kinds only (custom resources count as namespaced).
 * Given the apiVersion, the kind must also be in its built-in group, so that a custom kind of the same name (Rancher's
 * namespaced `nodes.management.cattle.io`) is not taken for the built-in one.
 */
export function isClusterScoped(kind: string, apiVersion?: string): boolean {
  const group = CLUSTER_SCOPED_KINDS.get(kind);
  if (group === undefined) return false;
  if (apiVersion === undefined) return true;
  const slash = apiVersion.indexOf('/');
  return (slash < 0 ? '' : apiVersion.slice(0, slash)) === group;
}

/** Removes a namespace that cdk8s stamped onto a cluster-scoped object; returns the object unchanged otherwise. */
export function withoutNamespaceIfClusterScoped<T extends { apiVersion?: unknown; kind?: unknown; metadata?: unknown }>(object: T): T {
  if (typeof object.kind !== 'string' || !isClusterScoped(object.kind, typeof object.apiVersion === 'string' ? object.apiVersion : undefined)) return object;
  const metadata = object.metadata as Record<string, unknown> | undefined;
  if (metadata === undefined || !('namespace' in metadata)) return object;
  const { namespace: _dropped, ...rest } = metadata;
  return { ...object, metadata: rest };
}

/** The API groups Kubernetes itself serves; a kind in any other group is a custom resource. */
const BUILT_IN_GROUPS: ReadonlySet<string> = new Set([
  '',
  'admissionregistration.k8s.io',
  'apiextensions.k8s.io',
  'apiregistration.k8s.io',
  'apps',
  'authentication.k8s.io',
  'authorization.k8s.io',
  'autoscaling',
  'batch',
  'certificates.k8s.io',
  'coordination.k8s.io',
  'discovery.k8s.io',
  'events.k8s.io',
  'flowcontrol.apiserver.k8s.io',
  'internal.apiserver.k8s.io',
  'networking.k8s.io',
  'node.k8s.io',
  'policy',
  'rbac.authorization.k8s.io',
  'resource.k8s.io',
  'scheduling.k8s.io',
  'storage.k8s.io',
  'storagemigration.k8s.io',
]);

/** Whether an apiVersion belongs to a group Kubernetes serves itself (not to a CRD). */
export function isBuiltInApiVersion(apiVersion: string): boolean {
  const slash = apiVersion.indexOf('/');
  return BUILT_IN_GROUPS.has(slash < 0 ? '' : apiVersion.slice(0, slash));
}

/**
 * Whether an object lives outside namespaces: a built-in cluster-scoped kind, or a custom resource written
 * without a namespace (shipshape writes the chart's namespace on every namespaced object, and none on the
 * custom resources whose CRD says `scope: Cluster`).
 */
export function isClusterScopedObject(object: { readonly apiVersion: string; readonly kind: string; readonly metadata: { readonly namespace?: string } }): boolean {
  return isClusterScoped(object.kind, object.apiVersion) || (object.metadata.namespace === undefined && !isBuiltInApiVersion(object.apiVersion));
}
