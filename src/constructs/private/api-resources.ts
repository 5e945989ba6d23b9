/**
 * The resources a Kubernetes 1.36 API server serves, with their API group, kind, scope and verbs, as
 * `kubectl api-resources -o wide` lists them. Roles check grants against it (the right group for a resource,
 * a Role never granting cluster-scoped resources, verbs a resource supports); test/cluster/access.test.ts
 * checks every row against the test cluster's discovery.
 */

/** One served resource. */
export interface KnownResource {
  /** The API group, `''` for the core group. */
  readonly group: string;
  /** The plural resource name used in RBAC rules and URLs. */
  readonly resource: string;
  readonly kind: string;
  readonly namespaced: boolean;
  /** The standard verbs the resource supports. */
  readonly verbs: readonly string[];
}

const ALL = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
const ALL_BUT_COLLECTION = ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'];

const ROWS: ReadonlyArray<readonly [string, string, string, boolean, readonly string[]]> = [
  ['', 'bindings', 'Binding', true, ['create']],
  ['', 'componentstatuses', 'ComponentStatus', false, ['get', 'list']],
  ['', 'configmaps', 'ConfigMap', true, ALL],
  ['', 'endpoints', 'Endpoints', true, ALL],
  ['', 'events', 'Event', true, ALL],
  ['', 'limitranges', 'LimitRange', true, ALL],
  ['', 'namespaces', 'Namespace', false, ALL_BUT_COLLECTION],
  ['', 'nodes', 'Node', false, ALL],
  ['', 'persistentvolumeclaims', 'PersistentVolumeClaim', true, ALL],
  ['', 'persistentvolumes', 'PersistentVolume', false, ALL],
  ['', 'pods', 'Pod', true, ALL],
  ['', 'podtemplates', 'PodTemplate', true, ALL],
  ['', 'replicationcontrollers', 'ReplicationController', true, ALL],
  ['', 'resourcequotas', 'ResourceQuota', true, ALL],
  ['', 'secrets', 'Secret', true, ALL],
  ['', 'serviceaccounts', 'ServiceAccount', true, ALL],
  ['', 'services', 'Service', true, ALL],
  ['admissionregistration.k8s.io', 'mutatingadmissionpolicies', 'MutatingAdmissionPolicy', false, ALL],
  ['admissionregistration.k8s.io', 'mutatingadmissionpolicybindings', 'MutatingAdmissionPolicyBinding', false, ALL],
  ['admissionregistration.k8s.io', 'mutatingwebhookconfigurations', 'MutatingWebhookConfiguration', false, ALL],
  ['admissionregistration.k8s.io', 'validatingadmissionpolicies', 'ValidatingAdmissionPolicy', false, ALL],
  ['admissionregistration.k8s.io', 'validatingadmissionpolicybindings', 'ValidatingAdmissionPolicyBinding', false, ALL],
  ['admissionregistration.k8s.io', 'validatingwebhookconfigurations', 'ValidatingWebhookConfiguration', false, ALL],
  ['apiextensions.k8s.io', 'customresourcedefinitions', 'CustomResourceDefinition', false, ALL],
  ['apiregistration.k8s.io', 'apiservices', 'APIService', false, ALL],
  ['apps', 'controllerrevisions', 'ControllerRevision', true, ALL],
  ['apps', 'daemonsets', 'DaemonSet', true, ALL],
  ['apps', 'deployments', 'Deployment', true, ALL],
  ['apps', 'replicasets', 'ReplicaSet', true, ALL],
  ['apps', 'statefulsets', 'StatefulSet', true, ALL],
  ['authentication.k8s.io', 'selfsubjectreviews', 'SelfSubjectReview', false, ['create']],
  ['authentication.k8s.io', 'tokenreviews', 'TokenReview', false, ['create']],
  ['authorization.k8s.io', 'localsubjectaccessreviews', 'LocalSubjectAccessReview', true, ['create']],
  ['authorization.k8s.io', 'selfsubjectaccessreviews', 'SelfSubjectAccessReview', false, ['create']],
  ['authorization.k8s.io', 'selfsubjectrulesreviews', 'SelfSubjectRulesReview', false, ['create']],
  ['authorization.k8s.io', 'subjectaccessreviews', 'SubjectAccessReview', false, ['create']],
  ['autoscaling', 'horizontalpodautoscalers', 'HorizontalPodAutoscaler', true, ALL],
  ['batch', 'cronjobs', 'CronJob', true, ALL],
  ['batch', 'jobs', 'Job', true, ALL],
  ['certificates.k8s.io', 'certificatesigningrequests', 'CertificateSigningRequest', false, ALL],
  ['coordination.k8s.io', 'leases', 'Lease', true, ALL],
  ['discovery.k8s.io', 'endpointslices', 'EndpointSlice', true, ALL],
  ['events.k8s.io', 'events', 'Event', true, ALL],
  ['flowcontrol.apiserver.k8s.io', 'flowschemas', 'FlowSchema', false, ALL],
  ['flowcontrol.apiserver.k8s.io', 'prioritylevelconfigurations', 'PriorityLevelConfiguration', false, ALL],
  ['networking.k8s.io', 'ingressclasses', 'IngressClass', false, ALL],
  ['networking.k8s.io', 'ingresses', 'Ingress', true, ALL],
  ['networking.k8s.io', 'ipaddresses', 'IPAddress', false, ALL],
  ['networking.k8s.io', 'networkpolicies', 'NetworkPolicy', true, ALL],
  ['networking.k8s.io', 'servicecidrs', 'ServiceCIDR', false, ALL],
  ['node.k8s.io', 'runtimeclasses', 'RuntimeClass', false, ALL],
  ['policy', 'poddisruptionbudgets', 'PodDisruptionBudget', true, ALL],
  ['rbac.authorization.k8s.io', 'clusterrolebindings', 'ClusterRoleBinding', false, ALL],
  ['rbac.authorization.k8s.io', 'clusterroles', 'ClusterRole', false, ALL],
  ['rbac.authorization.k8s.io', 'rolebindings', 'RoleBinding', true, ALL],
  ['rbac.authorization.k8s.io', 'roles', 'Role', true, ALL],
  ['resource.k8s.io', 'deviceclasses', 'DeviceClass', false, ALL],
  ['resource.k8s.io', 'resourceclaims', 'ResourceClaim', true, ALL],
  ['resource.k8s.io', 'resourceclaimtemplates', 'ResourceClaimTemplate', true, ALL],
  ['resource.k8s.io', 'resourceslices', 'ResourceSlice', false, ALL],
  ['scheduling.k8s.io', 'priorityclasses', 'PriorityClass', false, ALL],
  ['storage.k8s.io', 'csidrivers', 'CSIDriver', false, ALL],
  ['storage.k8s.io', 'csinodes', 'CSINode', false, ALL],
  ['storage.k8s.io', 'csistoragecapacities', 'CSIStorageCapacity', true, ALL],
  ['storage.k8s.io', 'storageclasses', 'StorageClass', false, ALL],
  ['storage.k8s.io', 'volumeattachments', 'VolumeAttachment', false, ALL],
  ['storage.k8s.io', 'volumeattributesclasses', 'VolumeAttributesClass', false, ALL],
];

/** Every known resource. */
export const KNOWN_RESOURCES: readonly KnownResource[] = ROWS.map(([group, resource, kind, namespaced, verbs]) => ({ group, resource, kind, namespaced, verbs }));

/** The API groups of the known resources. */
export const KNOWN_GROUPS: ReadonlySet<string> = new Set(KNOWN_RESOURCES.map((known) => known.group));

/** The known resource with this plural name in this group. */
export function knownResource(group: string, resource: string): KnownResource | undefined {
  return KNOWN_RESOURCES.find((known) => known.group === group && known.resource === resource);
}

/** The known resource of a kind in a group. */
export function knownKind(group: string, kind: string): KnownResource | undefined {
  return KNOWN_RESOURCES.find((known) => known.group === group && known.kind === kind);
}

/** The groups that serve a resource of this plural name (to suggest the right group). */
export function groupsServing(resource: string): string[] {
  return KNOWN_RESOURCES.filter((known) => known.resource === resource).map((known) => known.group);
}

/**
 * The plural resource name Kubernetes derives from a kind (meta.UnsafeGuessKindToResource), for kinds
 * outside the table such as custom resources: `Certificate` gives `certificates`, `Policy` gives `policies`.
 */
export function guessResource(kind: string): string {
  const lower = kind.toLowerCase();
  if (lower.endsWith('s')) return `${lower}es`;
  if (lower.endsWith('y')) return `${lower.slice(0, -1)}ies`;
  return `${lower}s`;
}
