/**
 * Compares one environment folder's objects with the cluster, the way the server would apply
 * them: `kubectl diff --server-side` per ApplySet, plus objects that `apply` would prune.
 */
import { dump } from 'js-yaml';
import { KubeObject, Manifest } from '../manifest/kube-object';
import { ApplySetIdentity, planApplySets, withMemberLabel } from './applyset';
import { checkOwnership, FIELD_MANAGER, findParentsOfApp } from './apply-environment';
import { existingNamespaces, listMembers } from './cluster-state';
import { KubectlError } from './errors';
import { Kubectl } from './kubectl';
import { applyDefinitionsFirst, kindKey } from './definitions-first';
import { describeObject } from './order';
import { toStream } from './private/kubectl-output';

/** The differences found, as text for a terminal. */
export interface DiffResult {
  /** Whether anything differs. */
  readonly different: boolean;
  /** Unified diffs of changed objects, new objects, and objects that would be pruned. */
  readonly text: string;
}

/**
 * Diffs an app environment's objects against the cluster; throws KubectlError when kubectl fails,
 * and ApplySetConflictError when `apply` would refuse because objects belong to another app.
 */
export async function diffEnvironment(
  kubectl: Kubectl,
  identity: ApplySetIdentity,
  manifests: readonly Manifest[],
): Promise<DiffResult> {
  const groups = planApplySets(identity, manifests);
  const namespaces = await existingNamespaces(kubectl);
  const parents = await findParentsOfApp(kubectl, identity);
  await checkOwnership(kubectl, identity, groups, parents, namespaces);
  const parts: string[] = [];

  // Custom resources of CRDs that this output brings and the cluster lacks cannot be diffed either: shown whole.
  const kindsWithoutDefinition = await applyDefinitionsFirst(kubectl, manifests, true, FIELD_MANAGER);
  for (const group of groups) {
    const diffable = group.manifests.filter((manifest) => !kindsWithoutDefinition.has(kindKey(manifest)));
    for (const manifest of group.manifests) {
      if (diffable.includes(manifest)) continue;
      const object = withMemberLabel(manifest, group.id);
      parts.push(newObject(describeObject(object), object, 'its CustomResourceDefinition is not installed yet'));
    }
    const objects = diffable.map((manifest) => withMemberLabel(manifest, group.id));
    if (objects.length === 0) continue;
    if (!group.clusterScoped && !namespaces.has(group.namespace)) {
      // The server cannot dry-run objects in a Namespace that does not exist yet: show them whole.
      for (const object of objects) parts.push(newObject(describeObject(object), object, 'its Namespace does not exist yet'));
      continue;
    }
    const result = await kubectl.run(
      ['diff', '--server-side', `--field-manager=${FIELD_MANAGER}`, `--namespace=${group.namespace}`, '--filename=-'],
      { input: toStream(objects) },
    );
    if (result.code > 1) {
      throw new KubectlError(`kubectl diff failed for Namespace '${group.namespace}':\n${result.stderr.trim()}`);
    }
    if (result.code === 1) parts.push(result.stdout.trimEnd());
  }

  const synthesized = new Set(
    groups.flatMap((group) =>
      group.manifests.map((m) => memberId(m.object.kind, group.clusterScoped ? undefined : group.namespace, m.object.metadata.name ?? '')),
    ),
  );
  for (const parent of parents?.own ?? []) {
    for (const member of await listMembers(kubectl, parent)) {
      if (!synthesized.has(memberId(member.kind, member.namespace, member.name))) {
        const where = member.namespace ? `${member.namespace}/${member.name}` : member.name;
        parts.push(`- ${member.kind} ${where}: would be pruned (no longer synthesized)`);
      }
    }
  }
  return { different: parts.length > 0, text: parts.length > 0 ? `${parts.join('\n')}\n` : '' };
}

function memberId(kind: string, namespace: string | undefined, name: string): string {
  return `${kind}/${namespace ?? ''}/${name}`;
}

function newObject(title: string, object: KubeObject, why: string): string {
  const body = dump(redact(object), { noRefs: true, lineWidth: -1, sortKeys: true })
    .trimEnd()
    .split('\n')
    .map((line) => `+${line}`);
  return [`+ ${title}: new (${why})`, ...body].join('\n');
}

/** Secret values never reach the terminal; kubectl diff masks them the same way. */
function redact(object: KubeObject): KubeObject {
  if (object.kind !== 'Secret') return object;
  const mask = (values: unknown): unknown =>
    typeof values === 'object' && values !== null
      ? Object.fromEntries(Object.keys(values).map((key) => [key, '***']))
      : values;
  const copy: Record<string, unknown> = { ...object };
  for (const field of ['data', 'stringData']) {
    if (field in copy) copy[field] = mask(copy[field]);
  }
  return copy as KubeObject;
}
