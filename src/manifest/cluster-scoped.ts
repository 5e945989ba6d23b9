/** Kinds that live outside any namespace; a `metadata.namespace` on them is a mistake. */
const CLUSTER_SCOPED_KINDS: ReadonlySet<string> = new Set([
  'APIService',
  'CertificateSigningRequest',
  'ClusterRole',
  'ClusterRoleBinding',
  'ComponentStatus',
  'CSIDriver',
  'CSINode',
  'CustomResourceDefinition',
  'FlowSchema',
  'IngressClass',
  'MutatingAdmissionPolicy',
  'MutatingAdmissionPolicyBinding',
  'MutatingWebhookConfiguration',
  'Namespace',
  'Node',
  'PersistentVolume',
  'PriorityClass',
  'PriorityLevelConfiguration',
  'RuntimeClass',
  'StorageClass',
  'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding',
  'ValidatingWebhookConfiguration',
  'VolumeAttachment',
]);

/** Whether objects of this kind are cluster-scoped (built-in kinds only; custom resources count as namespaced). */
export function isClusterScoped(kind: string): boolean {
  return CLUSTER_SCOPED_KINDS.has(kind);
}

/** Removes a namespace that cdk8s stamped onto a cluster-scoped object; returns the object unchanged otherwise. */
export function withoutNamespaceIfClusterScoped<T extends { kind?: unknown; metadata?: unknown }>(object: T): T {
  if (typeof object.kind !== 'string' || !isClusterScoped(object.kind)) return object;
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
  return isClusterScoped(object.kind) || (object.metadata.namespace === undefined && !isBuiltInApiVersion(object.apiVersion));
}
