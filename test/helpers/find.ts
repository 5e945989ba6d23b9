/**
 * Finding synthesized objects by kind and name, never by array position, so that tests do not break when
 * the order of objects changes. Accepts the output of `Testing.synth()` / `chart.toJson()` (plain objects)
 * and of shipshape's `synthesize()` (manifests that wrap an object).
 */
import { KubeObject, Manifest } from '../../src/manifest/kube-object';

/** A synthesized object; `any` below metadata so that tests can reach into `spec` without casts. */
export type FoundObject = KubeObject & { readonly [key: string]: any };

/** Whatever a test has in hand: `Testing.synth(chart)`, `chart.toJson()` or `synthesize(app).manifests`. */
export type Synthesized = readonly unknown[] | readonly Manifest[];

function isManifest(entry: unknown): entry is Manifest {
  return typeof entry === 'object' && entry !== null && 'object' in entry && !('kind' in entry);
}

/** The plain objects of a synthesis result, whatever its shape. */
export function objectsOf(manifests: Synthesized): FoundObject[] {
  return (manifests as readonly unknown[]).map((entry) => (isManifest(entry) ? entry.object : entry) as FoundObject);
}

/** Every object of a kind. */
export function findObjects(manifests: Synthesized, kind: string): FoundObject[] {
  return objectsOf(manifests).filter((object) => object.kind === kind);
}

/** Whether an object of this kind and name was synthesized. */
export function hasObject(manifests: Synthesized, kind: string, name: string): boolean {
  return findObjects(manifests, kind).some((object) => object.metadata.name === name);
}

/**
 * The one object of this kind and name (in `namespace`, when given). Throws, listing what was synthesized,
 * when there is none or more than one, so that a failing test says what it found instead.
 */
export function findObject(manifests: Synthesized, kind: string, name: string, namespace?: string): FoundObject {
  const objects = objectsOf(manifests);
  const matches = objects.filter(
    (object) => object.kind === kind && object.metadata.name === name && (namespace === undefined || object.metadata.namespace === namespace),
  );
  if (matches.length === 1) return matches[0]!;
  const available = objects.map((object) => `${object.kind}/${object.metadata.namespace ? `${object.metadata.namespace}/` : ''}${object.metadata.name ?? '?'}`);
  const wanted = `${kind}/${namespace ? `${namespace}/` : ''}${name}`;
  throw new Error(
    matches.length === 0
      ? `no ${wanted} was synthesized; found: ${available.join(', ') || 'nothing'}`
      : `${matches.length} objects match ${wanted}; pass a namespace to pick one`,
  );
}

