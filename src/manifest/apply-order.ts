/**
 * The one order in which objects are written to a file and applied to a cluster, shared by synthesis and
 * `shipshape apply` so that both agree: what others depend on comes first (Namespaces and CRDs, other
 * cluster-scoped kinds, identities, configuration, Services, workloads, routing, then custom resources),
 * and explicit dependencies between objects (`addDependency()`) come before any of that.
 *
 * Custom resources come last, as Helm installs them: their operators read the built-in objects they refer to
 * (a ServiceMonitor selects Services, a Certificate fills the Secret an Ingress names), and no built-in object
 * needs a custom resource to be admitted; so with everything built-in in place, an operator's first
 * reconciliation already finds what it looks for. A chart that needs another order says so with
 * `addDependency()`.
 */
import { isClusterScoped } from './cluster-scoped';
import { compareText } from './compare-text';
import { ShipshapeError } from '../errors';
import type { KubeObject } from './kube-object';

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
/** Unknown built-in cluster-scoped kinds: right after the known ones. */
const OTHER_CLUSTER_SCOPED = 3;
/** Custom resources written without a namespace (cluster-scoped ones, e.g. a ClusterIssuer), before namespaced ones that may refer to them. */
const CUSTOM_WITHOUT_NAMESPACE = 89;
/** Custom resources and any other kind not listed. */
const CUSTOM = 90;

/** The annotation in which synthesis records the objects an object was made to depend on with `addDependency()`. */
export const DEPENDS_ON_ANNOTATION = 'shipshape.io/depends-on';

/** The kind and metadata an order decision needs. */
export type OrderedObject = Pick<KubeObject, 'apiVersion' | 'kind' | 'metadata'>;

/** Where an object goes in apply order: lower goes first. */
export function applyRank(object: Pick<KubeObject, 'kind'> & { readonly apiVersion?: string; readonly metadata?: { readonly namespace?: string } }): number {
  const known = RANK_BY_KIND[object.kind];
  if (known !== undefined) return known;
  if (isClusterScoped(object.kind, object.apiVersion)) return OTHER_CLUSTER_SCOPED;
  return object.metadata?.namespace === undefined ? CUSTOM_WITHOUT_NAMESPACE : CUSTOM;
}

/** Compares two objects for apply order: rank, then kind, namespace, name and apiVersion, so output is stable. */
export function compareForApply(a: OrderedObject, b: OrderedObject): number {
  return (
    applyRank(a) - applyRank(b) ||
    compareText(a.kind, b.kind) ||
    compareText(a.metadata.namespace ?? '', b.metadata.namespace ?? '') ||
    compareText(a.metadata.name ?? '', b.metadata.name ?? '') ||
    compareText(a.apiVersion, b.apiVersion)
  );
}

/** The API group of an apiVersion, `''` for the core group. */
export function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/**
 * How a dependency names an object: `Kind[.group] [namespace/]name`, e.g. `Certificate.cert-manager.io shop/web-tls`
 * or `Namespace shop`. Names never contain spaces or commas, so a list of these reads back unambiguously.
 */
export function dependencyKey(object: OrderedObject): string {
  const group = groupOf(object.apiVersion);
  const kind = group === '' ? object.kind : `${object.kind}.${group}`;
  const namespace = object.metadata.namespace;
  return `${kind} ${namespace === undefined || isClusterScoped(object.kind, object.apiVersion) ? '' : `${namespace}/`}${object.metadata.name ?? ''}`;
}

/** Writes a list of dependency keys as the annotation value, sorted and without duplicates. */
export function formatDependsOn(keys: Iterable<string>): string {
  return [...new Set(keys)].sort(compareText).join(', ');
}

/** The dependency keys an object declares in its annotation. */
export function parseDependsOn(object: OrderedObject): string[] {
  const value = object.metadata.annotations?.[DEPENDS_ON_ANNOTATION];
  if (typeof value !== 'string') return [];
  return value
    .split(',')
    .map((key) => key.trim())
    .filter((key) => key !== '');
}

/** Dependencies form a cycle, so no order can satisfy them. */
export class DependencyCycleError extends ShipshapeError {
  /** The objects of the cycle, as `describe` names them, the first repeated at the end. */
  readonly cycle: readonly string[];

  constructor(cycle: readonly string[]) {
    super(
      `dependency cycle: ${cycle.join(' -> ')}. Each of these must be applied before the next, which is impossible; ` +
        'remove one of the addDependency() calls that form the cycle.',
    );
    this.cycle = cycle;
  }
}

/** How to read items of any type for ordering. */
export interface DependencyOrderOptions<T> {
  /** Items that must come before `item`, among those being ordered (others are ignored). */
  readonly dependenciesOf: (item: T) => readonly T[];
  /** The order among items that are free to go, e.g. `compareForApply`. */
  readonly compare: (a: T, b: T) => number;
  /** How an error names an item. */
  readonly describe: (item: T) => string;
}

/**
 * Orders items by `compare`, except that an item always comes after its dependencies (a stable topological
 * sort: among the items whose dependencies are all placed, the smallest by `compare` goes next). Throws
 * DependencyCycleError naming the cycle. Without dependencies this is a plain sort.
 */
export function orderWithDependencies<T>(items: readonly T[], options: DependencyOrderOptions<T>): T[] {
  const present = new Set(items);
  const dependencies = new Map<T, T[]>();
  for (const item of items) {
    const own = options.dependenciesOf(item).filter((dependency) => dependency !== item && present.has(dependency));
    if (own.length > 0) dependencies.set(item, own);
  }
  const sorted = [...items].sort(options.compare);
  if (dependencies.size === 0) return sorted;

  const waitingOn = new Map<T, number>();
  const dependents = new Map<T, T[]>();
  for (const [item, own] of dependencies) {
    const unique = [...new Set(own)];
    waitingOn.set(item, unique.length);
    for (const dependency of unique) dependents.set(dependency, [...(dependents.get(dependency) ?? []), item]);
  }
  const position = new Map(sorted.map((item, index) => [item, index]));
  const ready = new MinHeap<T>((a, b) => (position.get(a) ?? 0) - (position.get(b) ?? 0));
  for (const item of sorted) if (!waitingOn.has(item)) ready.push(item);
  const result: T[] = [];
  for (let item = ready.pop(); item !== undefined; item = ready.pop()) {
    result.push(item);
    for (const dependent of dependents.get(item) ?? []) {
      const left = (waitingOn.get(dependent) ?? 1) - 1;
      waitingOn.set(dependent, left);
      if (left === 0) ready.push(dependent);
    }
  }
  if (result.length < items.length) {
    const placed = new Set(result);
    throw new DependencyCycleError(findCycle(sorted.filter((item) => !placed.has(item)), dependencies, placed).map(options.describe));
  }
  return result;
}

/** One cycle among the items left unplaced (each of them waits on another unplaced one). */
function findCycle<T>(left: readonly T[], dependencies: ReadonlyMap<T, readonly T[]>, placed: ReadonlySet<T>): T[] {
  const path: T[] = [];
  const onPath = new Map<T, number>();
  let current = left[0];
  while (current !== undefined && !onPath.has(current)) {
    onPath.set(current, path.length);
    path.push(current);
    current = (dependencies.get(current) ?? []).find((next) => !placed.has(next));
  }
  if (current === undefined) return path;
  const cycle = path.slice(onPath.get(current));
  // Read as "A must come before B": dependencies point backwards, so reverse them.
  cycle.reverse();
  return [...cycle, cycle[0] as T];
}

class MinHeap<T> {
  readonly #items: T[] = [];
  readonly #compare: (a: T, b: T) => number;

  constructor(compare: (a: T, b: T) => number) {
    this.#compare = compare;
  }

  push(item: T): void {
    const items = this.#items;
    items.push(item);
    let index = items.length - 1;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (this.#compare(items[index] as T, items[parent] as T) >= 0) break;
      [items[index], items[parent]] = [items[parent] as T, items[index] as T];
      index = parent;
    }
  }

  pop(): T | undefined {
    const items = this.#items;
    const top = items[0];
    const last = items.pop();
    if (items.length > 0 && last !== undefined) {
      items[0] = last;
      let index = 0;
      for (;;) {
        const left = index * 2 + 1;
        const right = left + 1;
        let smallest = index;
        if (left < items.length && this.#compare(items[left] as T, items[smallest] as T) < 0) smallest = left;
        if (right < items.length && this.#compare(items[right] as T, items[smallest] as T) < 0) smallest = right;
        if (smallest === index) break;
        [items[index], items[smallest]] = [items[smallest] as T, items[index] as T];
        index = smallest;
      }
    }
    return top;
  }
}
