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
