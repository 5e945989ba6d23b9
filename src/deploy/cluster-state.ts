/**
 * What `diff` and `apply` need to know about the cluster before they act: which Namespaces
 * exist, which ApplySet parents of this environment exist, and which objects belong to them.
 */
import { KubectlError } from './errors';
import { GROUP_KINDS_ANNOTATION, PART_OF_LABEL, parentNames } from './applyset';
import { firstLine, Kubectl } from './kubectl';

/** An ApplySet parent Secret of this environment found in the cluster. */
export interface ExistingParent {
  readonly name: string;
  readonly namespace: string;
  /** The id its members carry in their part-of label. */
  readonly id: string;
  /** Kinds of its members as `Kind.group` (`Kind` for the core group). */
  readonly groupKinds: readonly string[];
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

/** Names of the Namespaces that exist now. */
export async function existingNamespaces(kubectl: Kubectl): Promise<Set<string>> {
  const result = await kubectl.run(['get', 'namespaces', '--output=jsonpath={.items[*].metadata.name}']);
  if (result.code !== 0) throw new KubectlError(`cannot list Namespaces: ${firstLine(result.stderr)}`);
  return new Set(result.stdout.split(/\s+/).filter((name) => name !== ''));
}

/**
 * The ApplySet parents of an environment, in every Namespace. Listing Secrets across all
 * Namespaces needs that permission; without it, the result is undefined and removed
 * Namespaces cannot be pruned (the caller says so).
 */
export async function findParents(kubectl: Kubectl, environment: string): Promise<ExistingParent[] | undefined> {
  const names = parentNames(environment);
  const result = await kubectl.run([
    'get', 'secrets', '--all-namespaces', '--selector=applyset.kubernetes.io/id', '--output=json',
  ]);
  if (result.code !== 0) return undefined;
  const items = (JSON.parse(result.stdout) as { items?: ListedObject[] }).items ?? [];
  return items
    .filter((item) => item.metadata?.name === names.namespaced || item.metadata?.name === names.cluster)
    .map((item) => ({
      name: item.metadata?.name ?? '',
      namespace: item.metadata?.namespace ?? '',
      id: item.metadata?.labels?.['applyset.kubernetes.io/id'] ?? '',
      groupKinds: (item.metadata?.annotations?.[GROUP_KINDS_ANNOTATION] ?? '').split(',').filter((gk) => gk !== ''),
    }));
}

/** The objects in the cluster that carry a parent's part-of label and are not being deleted. */
export async function listMembers(kubectl: Kubectl, parent: ExistingParent): Promise<ExistingMember[]> {
  if (parent.groupKinds.length === 0) return [];
  const result = await kubectl.run([
    'get', parent.groupKinds.join(','), `--namespace=${parent.namespace}`,
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
