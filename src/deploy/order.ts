/**
 * The order in which objects reach the cluster, so that nothing is created before what it needs:
 * a Namespace before its contents, a ConfigMap before the Deployment that mounts it, a Service
 * before the Ingress that routes to it.
 */
import { isClusterScoped } from '../manifest/cluster-scoped';
import { KubeObject, Manifest } from '../manifest/kube-object';

/** Apply ranks by kind; kinds not listed go after workloads and before Ingresses. */
const RANK: Readonly<Record<string, number>> = {
  Namespace: 0,
  CustomResourceDefinition: 1,
  ServiceAccount: 3,
  Role: 3,
  RoleBinding: 3,
  ResourceQuota: 3,
  LimitRange: 3,
  NetworkPolicy: 3,
  ConfigMap: 4,
  Secret: 4,
  PersistentVolumeClaim: 4,
  Service: 5,
  Deployment: 6,
  StatefulSet: 6,
  DaemonSet: 6,
  ReplicaSet: 6,
  Job: 6,
  CronJob: 6,
  Pod: 6,
  HorizontalPodAutoscaler: 7,
  PodDisruptionBudget: 7,
  Ingress: 8,
};
const OTHER_NAMESPACED = 7;
const OTHER_CLUSTER_SCOPED = 2;

/** The apply rank of an object: lower goes first. */
export function applyRank(object: KubeObject): number {
  return RANK[object.kind] ?? (isClusterScoped(object.kind) ? OTHER_CLUSTER_SCOPED : OTHER_NAMESPACED);
}

/** Sorts objects for apply: by rank, then by the order they were synthesized in (stable). */
export function orderForApply(manifests: readonly Manifest[]): Manifest[] {
  return manifests
    .map((manifest, index) => ({ manifest, index }))
    .sort((a, b) => applyRank(a.manifest.object) - applyRank(b.manifest.object) || a.index - b.index)
    .map(({ manifest }) => manifest);
}

/** `Kind namespace/name` or `Kind name`: how reports name an object. */
export function describeObject(object: KubeObject): string {
  const { namespace, name } = object.metadata;
  return namespace && !isClusterScoped(object.kind) ? `${object.kind} ${namespace}/${name}` : `${object.kind} ${name}`;
}
