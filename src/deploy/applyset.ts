/**
 * How shipshape groups objects into kubectl ApplySets, which is what lets `apply` prune objects
 * removed from a chart and never anything else: kubectl deletes only objects labelled as members
 * of the ApplySet it is applying.
 *
 * Design: one ApplySet per app, environment and Namespace. kubectl takes a namespaced parent's
 * Namespace only from `--namespace`, and `--namespace` makes it refuse objects of any other
 * Namespace, so one call cannot span Namespaces. Each Namespace the environment writes to gets a
 * parent Secret `shipshape-<app>-<environment>-<hash>` in that Namespace, where the hash covers the
 * full app id and environment name, so two apps never share a parent (and so never prune each
 * other's objects) even when their environments and Namespaces have the same names. Cluster-scoped
 * objects (Namespaces first of all) form one more ApplySet per app and environment, whose parent
 * `shipshape-<app>-<environment>-<hash>-cluster` lives in `default`, a Namespace every cluster has.
 * Parents carry the app id and environment in annotations, which apply checks before it acts.
 *
 * Before app ids, parents were `shipshape-<environment>` and `shipshape-<environment>-cluster`
 * (`legacyParentNames`); apply migrates from them without pruning anything (see apply-environment).
 */
import { createHash } from 'node:crypto';
import { Manifest } from '../manifest/kube-object';
import { dependencyKey, orderWithDependencies, parseDependsOn } from '../manifest/apply-order';
import { isClusterScopedObject } from '../manifest/cluster-scoped';
import { orderForApply } from './order';

/** Label kubectl puts on every member of an ApplySet. */
export const PART_OF_LABEL = 'applyset.kubernetes.io/part-of';
/** Annotation on the parent listing the kinds of its members. */
export const GROUP_KINDS_ANNOTATION = 'applyset.kubernetes.io/contains-group-kinds';
/** The older annotation on the parent listing the resources of its members: kubectl 1.27 and 1.28 read only this one. */
export const GROUP_RESOURCES_ANNOTATION = 'applyset.kubernetes.io/contains-group-resources';
/** Where the parent of the cluster-scoped ApplySet lives. */
export const CLUSTER_PARENT_NAMESPACE = 'default';
/** The Namespace of namespaced objects that name none (kubectl's default too). */
export const DEFAULT_NAMESPACE = 'default';

/** One ApplySet: the objects applied, and pruned, together in one kubectl call. */
export interface ApplySetGroup {
  /** The name of the parent Secret. */
  readonly parentName: string;
  /** The Namespace of the parent Secret, passed as `--namespace`. */
  readonly namespace: string;
  /** Whether the members are cluster-scoped (else all live in `namespace`). */
  readonly clusterScoped: boolean;
  /** The value of the part-of label kubectl puts on the members. */
  readonly id: string;
  /** The members, in apply order. */
  readonly manifests: readonly Manifest[];
}

/** Annotation on a parent naming the app it belongs to. */
export const APP_ANNOTATION = 'shipshape.io/app';
/** Annotation on a parent naming the environment it belongs to. */
export const ENVIRONMENT_ANNOTATION = 'shipshape.io/environment';

/** Which app and environment an apply is for: together they name the ApplySets. */
export interface ApplySetIdentity {
  /** The app id (see app-id.ts). */
  readonly app: string;
  /** The environment name (the folder name under the output folder). */
  readonly environment: string;
}

/** Parent Secret names: namespaced, and for cluster-scoped objects. */
export interface ParentNames {
  readonly namespaced: string;
  readonly cluster: string;
}

/** A text as a word of a Kubernetes name: lower case, runs of other characters as one dash, no dash at either end. */
function nameWord(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/-+/g, '-').replace(/^-+|-+$/g, '');
}

/**
 * A name that people can read and that is unique to `key`: the prefix, each text as a word of at most 60
 * characters (left out when nothing is left of it), and the first 10 hex digits of the key's SHA-256.
 */
export function hashedName(prefix: string, texts: readonly string[], key: string): string {
  const hash = createHash('sha256').update(key).digest('hex').slice(0, 10);
  const words = texts.map((text) => nameWord(text).slice(0, 60).replace(/-+$/, ''));
  return [prefix, ...words, hash].filter((word) => word !== '').join('-');
}

/** The parent Secret names of an app's environment: readable, and unique to the pair through a hash. */
export function parentNames(identity: ApplySetIdentity): ParentNames {
  const appText = identity.app.split('/').filter((part) => part !== '').slice(-3).join('-');
  const base = hashedName('shipshape', [appText, identity.environment], `${identity.app}\n${identity.environment}`);
  return { namespaced: base, cluster: `${base}-cluster` };
}

/** The parent names shipshape used before app ids, shared by every app with this environment name. */
export function legacyParentNames(environment: string): ParentNames {
  const base = `shipshape-${environment.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '')}`.slice(0, 200);
  return { namespaced: base, cluster: `${base}-cluster` };
}

/** The ApplySet id kubectl derives from a parent Secret (kubectl `ApplySet.ID()`). */
export function applySetId(parentName: string, namespace: string): string {
  const hash = createHash('sha256').update(`${parentName}.${namespace}.Secret.`).digest('base64url');
  return `applyset-${hash}-v1`;
}

/** The Namespace an object lives in, or undefined when it is cluster-scoped. */
export function namespaceOf(manifest: Manifest): string | undefined {
  if (isClusterScopedObject(manifest.object)) return undefined;
  return manifest.object.metadata.namespace ?? DEFAULT_NAMESPACE;
}

/** Splits an environment's objects into ApplySets: cluster-scoped first, then by Namespace name. */
export function planApplySets(identity: ApplySetIdentity, manifests: readonly Manifest[]): ApplySetGroup[] {
  const names = parentNames(identity);
  const ordered = orderForApply(manifests);
  const byNamespace = new Map<string, Manifest[]>();
  const cluster: Manifest[] = [];
  for (const manifest of ordered) {
    const namespace = namespaceOf(manifest);
    if (namespace === undefined) {
      cluster.push(manifest);
      continue;
    }
    const members = byNamespace.get(namespace);
    if (members === undefined) byNamespace.set(namespace, [manifest]);
    else members.push(manifest);
  }
  const groups: ApplySetGroup[] = [];
  if (cluster.length > 0) groups.push(group(names.cluster, CLUSTER_PARENT_NAMESPACE, true, cluster));
  for (const namespace of [...byNamespace.keys()].sort()) {
    groups.push(group(names.namespaced, namespace, false, byNamespace.get(namespace) ?? []));
  }
  return orderGroups(groups);
}

/** Keeps the default group order unless an object depends (addDependency) on an object of a later group. */
function orderGroups(groups: readonly ApplySetGroup[]): ApplySetGroup[] {
  const groupOfKey = new Map<string, ApplySetGroup>();
  for (const candidate of groups) for (const manifest of candidate.manifests) groupOfKey.set(dependencyKey(manifest.object), candidate);
  const position = new Map(groups.map((candidate, index) => [candidate, index]));
  return orderWithDependencies(groups, {
    dependenciesOf: (candidate) =>
      candidate.manifests.flatMap((manifest) => parseDependsOn(manifest.object).flatMap((key) => groupOfKey.get(key) ?? [])),
    compare: (a, b) => (position.get(a) ?? 0) - (position.get(b) ?? 0),
    describe: (candidate) => (candidate.clusterScoped ? 'the cluster-scoped objects' : `the objects of Namespace ${candidate.namespace}`),
  });
}

function group(parentName: string, namespace: string, clusterScoped: boolean, manifests: Manifest[]): ApplySetGroup {
  return { parentName, namespace, clusterScoped, id: applySetId(parentName, namespace), manifests };
}

/** The object as applied: with the part-of label kubectl adds, so that diffs match what apply sends. */
export function withMemberLabel(manifest: Manifest, id: string): Manifest['object'] {
  const { object } = manifest;
  return { ...object, metadata: { ...object.metadata, labels: { ...object.metadata.labels, [PART_OF_LABEL]: id } } };
}
