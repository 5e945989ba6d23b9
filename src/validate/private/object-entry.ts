/** One manifest prepared for the checks: its object, how reports name it, and its annotations read once. */
import type { KubeObject, Manifest } from '../../manifest/kube-object';
import { EXTERNAL_REFERENCES_ANNOTATION, NAMESPACE_EXISTS_ANNOTATION, parseExternalReferences, parseSkipChecks, SKIP_CHECKS_ANNOTATION, type SkipChecks } from '../annotations';
import type { ObjectRef } from '../problem';
import { asRecord, asString, asStringMap, type Writable } from './json';

/** A manifest with what every check needs to know about it. */
export interface ObjectEntry {
  /** Its position in the input. */
  readonly index: number;
  readonly manifest: Manifest;
  readonly object: KubeObject;
  readonly ref: ObjectRef;
  /** The API group, `''` for the core group. */
  readonly group: string;
  readonly name: string | undefined;
  readonly namespace: string | undefined;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  /** `Kind/name` keys that the object declares as existing outside the output. */
  readonly externals: ReadonlySet<string>;
  /** Whether it declares that its namespace exists in the cluster. */
  readonly namespaceExists: boolean;
  /** The checks its annotation skips (read once: the collector asks for every finding). */
  readonly skips: SkipChecks;
}

/** Prepares a manifest for the checks. */
export function toEntry(manifest: Manifest, index: number): ObjectEntry {
  const object = manifest.object;
  const metadata = asRecord(object.metadata) ?? {};
  const name = asString(metadata.name);
  const namespace = asString(metadata.namespace);
  const apiVersion = typeof object.apiVersion === 'string' ? object.apiVersion : String(object.apiVersion);
  const kind = typeof object.kind === 'string' ? object.kind : String(object.kind);
  const annotations = asStringMap(metadata.annotations);
  // Optional keys only when set, without spreads (one ref per object).
  const ref: Writable<ObjectRef> = { apiVersion, kind };
  if (namespace !== undefined) ref.namespace = namespace;
  if (name !== undefined) ref.name = name;
  return {
    index,
    manifest,
    object,
    ref,
    group: apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '',
    name,
    namespace,
    labels: asStringMap(metadata.labels),
    annotations,
    externals: parseExternalReferences(annotations[EXTERNAL_REFERENCES_ANNOTATION]),
    namespaceExists: annotations[NAMESPACE_EXISTS_ANNOTATION] === 'true',
    skips: parseSkipChecks(annotations[SKIP_CHECKS_ANNOTATION]),
  };
}

/** Whether the object declares `Kind/name` (or `Kind/*`) as existing outside the output. */
export function isExternal(entry: ObjectEntry, kind: string, name: string): boolean {
  // Few objects declare externals: most answers need no key strings.
  return entry.externals.size > 0 && (entry.externals.has(`${kind}/${name}`) || entry.externals.has(`${kind}/*`));
}

/** How a message names an object: `Deployment shop/web`. */
export function describeEntry(ref: { kind: string; namespace?: string; name?: string }): string {
  const name = ref.name ?? '(unnamed)';
  return `${ref.kind} ${ref.namespace === undefined ? name : `${ref.namespace}/${name}`}`;
}
