/**
 * The order objects are written and applied in, so that `kubectl apply -f` works in one pass: what others
 * depend on comes first (Namespaces, then cluster-scoped kinds, configuration, Services, workloads, routing).
 */
import { KubeObject } from '../manifest/kube-object';
import { isClusterScoped } from '../manifest/cluster-scoped';
import { compareText } from '../manifest/compare-text';

const RANK_BY_KIND: Readonly<Record<string, number>> = {
  Namespace: 0,
  CustomResourceDefinition: 1,
  PriorityClass: 2,
  StorageClass: 2,
  ClusterRole: 2,
  ClusterRoleBinding: 3,
  ServiceAccount: 10,
  Role: 10,
  RoleBinding: 11,
  ResourceQuota: 12,
  LimitRange: 12,
  NetworkPolicy: 13,
  ConfigMap: 20,
  Secret: 20,
  PersistentVolume: 21,
  PersistentVolumeClaim: 22,
  Service: 30,
  Deployment: 40,
  StatefulSet: 40,
  DaemonSet: 40,
  ReplicaSet: 40,
  Pod: 40,
  Job: 41,
  CronJob: 41,
  HorizontalPodAutoscaler: 50,
  PodDisruptionBudget: 50,
  Ingress: 60,
};

/** Where a kind goes in apply order; unknown kinds (custom resources) come last, unknown cluster-scoped ones early. */
export function applyRank(kind: string): number {
  return RANK_BY_KIND[kind] ?? (isClusterScoped(kind) ? 3 : 90);
}

/** Compares two objects for apply order: rank, then kind, namespace and name, so output is stable. */
export function compareForApply(a: KubeObject, b: KubeObject): number {
  return (
    applyRank(a.kind) - applyRank(b.kind) ||
    compareText(a.kind, b.kind) ||
    compareText(a.metadata.namespace ?? '', b.metadata.namespace ?? '') ||
    compareText(a.metadata.name ?? '', b.metadata.name ?? '') ||
    compareText(a.apiVersion, b.apiVersion)
  );
}
