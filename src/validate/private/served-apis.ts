/**
 * Which API group versions each Kubernetes version serves by default. kubernetes-models keeps the
 * schemas of API versions removed long ago (apps/v1beta1, extensions/v1beta1, policy/v1beta1...),
 * so their presence in the package says nothing about what an API server accepts.
 */
import type { KubernetesVersion } from '../options';

const GA_GROUP_VERSIONS = [
  'v1',
  'admissionregistration.k8s.io/v1',
  'apiextensions.k8s.io/v1',
  'apiregistration.k8s.io/v1',
  'apps/v1',
  'authentication.k8s.io/v1',
  'authorization.k8s.io/v1',
  'autoscaling/v1',
  'autoscaling/v2',
  'batch/v1',
  'certificates.k8s.io/v1',
  'coordination.k8s.io/v1',
  'discovery.k8s.io/v1',
  'events.k8s.io/v1',
  'networking.k8s.io/v1',
  'node.k8s.io/v1',
  'policy/v1',
  'rbac.authorization.k8s.io/v1',
  'scheduling.k8s.io/v1',
  'storage.k8s.io/v1',
];

/** Group versions served by default, per Kubernetes version (GA, plus betas that were on by default). */
const SERVED: Readonly<Record<KubernetesVersion, ReadonlySet<string>>> = {
  '1.27': new Set([...GA_GROUP_VERSIONS, 'flowcontrol.apiserver.k8s.io/v1beta2', 'flowcontrol.apiserver.k8s.io/v1beta3']),
  '1.36': new Set([...GA_GROUP_VERSIONS, 'flowcontrol.apiserver.k8s.io/v1', 'resource.k8s.io/v1']),
};

/** Where kinds of removed group versions went, for the fix of a "not served" problem. */
const REPLACEMENTS: Readonly<Record<string, string>> = {
  'extensions/v1beta1/Ingress': 'networking.k8s.io/v1',
  'networking.k8s.io/v1beta1/Ingress': 'networking.k8s.io/v1',
  'extensions/v1beta1/NetworkPolicy': 'networking.k8s.io/v1',
  'policy/v1beta1/PodDisruptionBudget': 'policy/v1',
  'batch/v1beta1/CronJob': 'batch/v1',
  'autoscaling/v2beta1/HorizontalPodAutoscaler': 'autoscaling/v2',
  'autoscaling/v2beta2/HorizontalPodAutoscaler': 'autoscaling/v2',
};

/** Whether a Kubernetes version serves a group version (e.g. `apps/v1`) by default. */
export function isGroupVersionServed(version: KubernetesVersion, groupVersion: string): boolean {
  return SERVED[version].has(groupVersion);
}

/** The served apiVersion to use instead of a removed one, e.g. `apps/v1` for `apps/v1beta2` Deployment. */
export function replacementApiVersion(apiVersion: string, kind: string): string | undefined {
  const explicit = REPLACEMENTS[`${apiVersion}/${kind}`];
  if (explicit !== undefined) return explicit;
  if (/^(extensions\/v1beta1|apps\/v1beta[12])$/.test(apiVersion) && /^(Deployment|DaemonSet|ReplicaSet|StatefulSet)$/.test(kind)) {
    return 'apps/v1';
  }
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
  return GA_GROUP_VERSIONS.find((groupVersion) => group !== '' && groupVersion.startsWith(`${group}/`));
}
