/**
 * What `diff` and `apply` need to know about the cluster before they act: which Namespaces
 * exist, which ApplySet parents exist, which objects belong to them, and which ApplySet the
 * objects about to be applied belong to now.
 */
import { KubeObject } from '../manifest/kube-object';
import { KubectlError } from './errors';
import { APP_ANNOTATION, ENVIRONMENT_ANNOTATION, GROUP_KINDS_ANNOTATION, GROUP_RESOURCES_ANNOTATION, PART_OF_LABEL } from './applyset';
import { firstLine, Kubectl } from './kubectl';
import { toStream } from './private/kubectl-output';

/** An ApplySet parent Secret found in the cluster. */
export interface ExistingParent {
  readonly name: string;
  readonly namespace: string;
  /** The id its members carry in their part-of label. */
  readonly id: string;
  /**
   * Kinds of its members as `Kind.group` (`Kind` for the core group), from `contains-group-kinds`, which kubectl
   * 1.29 and later write; undefined when the annotation is missing.
   */
  readonly groupKinds?: readonly string[];
  /**
   * Resources of its members as `resource.group`, from `contains-group-resources`, which kubectl 1.27 and 1.28
   * write and read instead; undefined when the annotation is missing.
   */
  readonly groupResources?: readonly string[];
  /** The app it belongs to (its `shipshape.io/app` annotation), when shipshape recorded one. */
  readonly app?: string;
  /** The environment it belongs to (its `shipshape.io/environment` annotation), when recorded. */
  readonly environment?: string;
}

/** An object as it is in the cluster now, with the ApplySet it belongs to. */
export interface LiveObject {
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
  /** The value of its `applyset.kubernetes.io/part-of` label. */
  readonly partOf?: string;
}

/** One object that belongs to an ApplySet in the cluster. */
export interface ExistingMember {
  readonly kind: string;
  /** `Kind.group`, or `Kind` for the core group: what `kubectl get` and `delete` accept. */
  readonly resource: string;
  readonly name: string;
  readonly namespace?: string;
}

interface ListedObject {
  readonly apiVersion?: string;
  readonly kind?: string;
  readonly metadata?: {
    readonly name?: string;
    readonly namespace?: string;
    readonly labels?: Record<string, string>;
    readonly annotations?: Record<string, string>;
    readonly deletionTimestamp?: string;
  };
}

/** What kubectl says about a kind the server does not serve. */
const UNKNOWN_KIND = /resource mapping not found|no matches for kind|doesn't have a resource type/;

/** Names of the Namespaces that exist now. */
export async function existingNamespaces(kubectl: Kubectl): Promise<Set<string>> {
  const result = await kubectl.run(['get', 'namespaces', '--output=jsonpath={.items[*].metadata.name}']);
  if (result.code !== 0) throw new KubectlError(`cannot list Namespaces: ${firstLine(result.stderr)}`);
  return new Set(result.stdout.split(/\s+/).filter((name) => name !== ''));
}

/**
 * Every ApplySet parent Secret in every Namespace. Listing Secrets across all Namespaces needs that
 * permission; without it, the result is undefined and the caller says what it cannot do.
 */
export async function listParents(kubectl: Kubectl): Promise<ExistingParent[] | undefined> {
  const result = await kubectl.run([
    'get', 'secrets', '--all-namespaces', '--selector=applyset.kubernetes.io/id', '--output=json',
  ]);
  if (result.code !== 0) return undefined;
  const items = (JSON.parse(result.stdout) as { items?: ListedObject[] }).items ?? [];
  return items.map((item) => {
    const annotations = item.metadata?.annotations ?? {};
    return {
      name: item.metadata?.name ?? '',
      namespace: item.metadata?.namespace ?? '',
      id: item.metadata?.labels?.['applyset.kubernetes.io/id'] ?? '',
      ...listAnnotation('groupKinds', annotations[GROUP_KINDS_ANNOTATION]),
      ...listAnnotation('groupResources', annotations[GROUP_RESOURCES_ANNOTATION]),
      ...(annotations[APP_ANNOTATION] === undefined ? {} : { app: annotations[APP_ANNOTATION] }),
      ...(annotations[ENVIRONMENT_ANNOTATION] === undefined ? {} : { environment: annotations[ENVIRONMENT_ANNOTATION] }),
    };
  });
}

/** A comma-separated annotation as a list under `key` (empty when the annotation is empty, absent when it is missing). */
function listAnnotation<K extends string>(key: K, value: string | undefined): Partial<Record<K, string[]>> {
  return value === undefined ? {} : ({ [key]: value.split(',').filter((item) => item !== '') } as Record<K, string[]>);
}

/**
 * The types kubectl lists a parent's members by, as `kubectl get` accepts them: its group-kinds, or, without
 * that annotation, its group-resources (a parent last written by kubectl 1.27 or 1.28), as kubectl reads them.
 */
export function memberTypes(parent: ExistingParent): readonly string[] {
  return parent.groupKinds ?? parent.groupResources ?? [];
}

/** The given objects as they exist in the cluster now (objects that do not exist are left out). */
export async function liveObjects(kubectl: Kubectl, objects: readonly KubeObject[], namespace: string): Promise<LiveObject[]> {
  if (objects.length === 0) return [];
  const result = await kubectl.run(
    ['get', `--namespace=${namespace}`, '--ignore-not-found', '--output=json', '--filename=-'],
    { input: toStream(objects) },
  );
  if (result.code !== 0) {
    // A kind the server does not know (a CRD not installed yet) has no objects to own; apply reports it.
    // Asked again kind by kind, so that the kinds the server knows are still checked.
    const byKind = new Map<string, KubeObject[]>();
    for (const object of objects) {
      const key = `${object.apiVersion}/${object.kind}`;
      const batch = byKind.get(key);
      if (batch === undefined) byKind.set(key, [object]);
      else batch.push(object);
    }
    if (UNKNOWN_KIND.test(result.stderr) && byKind.size > 1) {
      const found: LiveObject[] = [];
      for (const batch of byKind.values()) for (const live of await liveObjects(kubectl, batch, namespace)) found.push(live);
      return found;
    }
    if (UNKNOWN_KIND.test(result.stderr)) return [];
    throw new KubectlError(`cannot read the objects about to be applied in Namespace '${namespace}': ${firstLine(result.stderr)}`);
  }
  if (result.stdout.trim() === '') return [];
  const parsed = JSON.parse(result.stdout) as ListedObject & { items?: ListedObject[] };
  const items = parsed.kind === 'List' || Array.isArray(parsed.items) ? (parsed.items ?? []) : [parsed];
  return items.map((item) => ({
    kind: item.kind ?? '',
    name: item.metadata?.name ?? '',
    ...(item.metadata?.namespace === undefined ? {} : { namespace: item.metadata.namespace }),
    ...(item.metadata?.labels?.[PART_OF_LABEL] === undefined ? {} : { partOf: item.metadata.labels[PART_OF_LABEL] }),
  }));
}

/** The objects in the cluster that carry a parent's part-of label and are not being deleted. */
export async function listMembers(kubectl: Kubectl, parent: ExistingParent): Promise<ExistingMember[]> {
  const types = memberTypes(parent);
  if (types.length === 0) return [];
  const result = await kubectl.run([
    'get', types.join(','), `--namespace=${parent.namespace}`,
    `--selector=${PART_OF_LABEL}=${parent.id}`, '--output=json',
  ]);
  if (result.code !== 0) {
    throw new KubectlError(`cannot list the members of ApplySet ${parent.namespace}/${parent.name}: ${firstLine(result.stderr)}`);
  }
  // Objects already being deleted (a Namespace waiting for its contents to go) are gone as far
  // as apply and diff are concerned.
  const items = ((JSON.parse(result.stdout) as { items?: ListedObject[] }).items ?? []).filter((item) => !item.metadata?.deletionTimestamp);
  return items.map((item) => {
    const kind = item.kind ?? '';
    const group = (item.apiVersion ?? '').includes('/') ? (item.apiVersion ?? '').split('/')[0] : '';
    return {
      kind,
      resource: group ? `${kind}.${group}` : kind,
      name: item.metadata?.name ?? '',
      namespace: item.metadata?.namespace,
    };
  });
}
