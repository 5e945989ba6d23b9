/**
 * The order in which objects reach the cluster, so that nothing is created before what it needs:
 * a Namespace before its contents, a ConfigMap before the Deployment that mounts it, a Service
 * before the Ingress that routes to it.
 */
import { applyRank as sharedApplyRank, dependencyKey, orderWithDependencies, parseDependsOn } from '../manifest/apply-order';
import { isClusterScopedObject } from '../manifest/cluster-scoped';
import { KubeObject, Manifest } from '../manifest/kube-object';

/** The apply rank of an object: lower goes first (the table shared with synthesis). */
export const applyRank = sharedApplyRank;

/**
 * Sorts objects for apply: by rank, then by the order they were synthesized in (stable), except that an object
 * comes after the objects it declares in its `shipshape.io/depends-on` annotation. Throws DependencyCycleError.
 */
export function orderForApply(manifests: readonly Manifest[]): Manifest[] {
  const position = new Map(manifests.map((manifest, index) => [manifest, index]));
  const byKey = new Map<string, Manifest>();
  for (const manifest of manifests) byKey.set(dependencyKey(manifest.object), manifest);
  return orderWithDependencies(manifests, {
    dependenciesOf: (manifest) => parseDependsOn(manifest.object).flatMap((key) => byKey.get(key) ?? []),
    compare: (a, b) => applyRank(a.object) - applyRank(b.object) || (position.get(a) ?? 0) - (position.get(b) ?? 0),
    describe: (manifest) => describeObject(manifest.object),
  });
}

/** `Kind namespace/name` or `Kind name`: how reports name an object. */
export function describeObject(object: KubeObject): string {
  const { namespace, name } = object.metadata;
  return namespace && !isClusterScopedObject(object) ? `${object.kind} ${namespace}/${name}` : `${object.kind} ${name}`;
}
