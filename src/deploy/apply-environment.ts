/**
 * Server-side applies one environment folder's objects in dependency order, one ApplySet at a
 * time, and prunes objects of the environment that are no longer synthesized.
 */
import { Manifest } from '../manifest/kube-object';
import { ApplySetGroup, planApplySets } from './applyset';
import { existingNamespaces, ExistingParent, findParents, listMembers } from './cluster-state';
import { ApplyRejectedError, KubectlError, RejectedObject } from './errors';
import { firstLine, Kubectl } from './kubectl';
import { applyDefinitionsFirst, kindKey } from './definitions-first';
import { describeObject } from './order';
import { parseApplyLine, toStream } from './private/kubectl-output';

/** The field manager shipshape applies with; `diff` must use the same one. */
export const FIELD_MANAGER = 'shipshape';

/** Something that happened to one object, reported as it happens. */
export interface DeployEvent {
  /** `applied` and `pruned` come from the server; `unchecked` objects could not be dry-run. */
  readonly action: 'applied' | 'pruned' | 'unchecked';
  /** `Kind namespace/name`, or kubectl's `resource/name` for pruned objects. */
  readonly object: string;
  /** Why it was not checked, for `unchecked`. */
  readonly note?: string;
}

/** What to apply, and how. */
export interface ApplyEnvironmentOptions {
  /** The environment name (the folder name under `dist/`); it names the ApplySets. */
  readonly environment: string;
  /** The objects, in any order. */
  readonly manifests: readonly Manifest[];
  /**
   * Ask the server to validate and admit everything without persisting anything.
   * @default false
   */
  readonly dryRun?: boolean;
  /** Called once per object as kubectl reports it. */
  readonly onEvent?: (event: DeployEvent) => void;
  /** Called with warnings that do not stop the apply. */
  readonly onWarning?: (message: string) => void;
}

/** What an apply did. */
export interface ApplySummary {
  readonly applied: number;
  readonly pruned: number;
  readonly unchecked: number;
}

/**
 * Applies the objects. Cluster-scoped objects go first (so Namespaces exist before their
 * contents), then one ApplySet per Namespace; within each, kinds in dependency order. When the
 * server rejects objects, kubectl prunes nothing in their ApplySet; the other Namespaces are still
 * applied (unless cluster-scoped objects failed), ApplySets no longer synthesized are not pruned,
 * and an ApplyRejectedError lists every rejected object.
 */
export async function applyEnvironment(kubectl: Kubectl, options: ApplyEnvironmentOptions): Promise<ApplySummary> {
  const dryRun = options.dryRun ?? false;
  const emit = options.onEvent ?? (() => undefined);
  const groups = planApplySets(options.environment, options.manifests);
  const namespaces = await existingNamespaces(kubectl);
  const parents = await findParents(kubectl, options.environment);
  if (parents === undefined) {
    options.onWarning?.('cannot list Secrets in all Namespaces: objects in Namespaces no longer synthesized are not pruned');
  }
  let applied = 0;
  let pruned = 0;
  let unchecked = 0;

  const rejected: RejectedObject[] = [];
  const details: string[] = [];
  const kindsWithoutDefinition = await applyDefinitionsFirst(kubectl, options.manifests, dryRun, FIELD_MANAGER);
  for (const planned of groups) {
    const group = withoutUncheckable(planned, kindsWithoutDefinition, (manifest) => {
      unchecked++;
      emit({ action: 'unchecked', object: describeObject(manifest.object), note: 'its CustomResourceDefinition is not in the cluster yet' });
    });
    if (group.manifests.length === 0) continue;
    if (dryRun && !group.clusterScoped && !namespaces.has(group.namespace)) {
      // The server rejects any object, even in a dry run, whose Namespace does not exist yet.
      for (const manifest of group.manifests) {
        unchecked++;
        emit({ action: 'unchecked', object: describeObject(manifest.object), note: `Namespace '${group.namespace}' does not exist yet` });
      }
      continue;
    }
    try {
      const counts = await applyGroup(kubectl, group, dryRun, emit, options.onWarning ?? (() => undefined));
      applied += counts.applied;
      pruned += counts.pruned;
    } catch (error) {
      if (!(error instanceof ApplyRejectedError)) throw error;
      rejected.push(...error.rejected);
      details.push(error.message);
      // Namespaced objects need the cluster-scoped ones (their Namespaces first of all).
      if (group.clusterScoped) break;
    }
  }
  if (rejected.length > 0 || details.length > 0) throw new ApplyRejectedError(rejected, details.join('\n'));

  const current = new Set(groups.map((group) => `${group.namespace}/${group.parentName}`));
  for (const parent of parents ?? []) {
    if (current.has(`${parent.namespace}/${parent.name}`)) continue;
    pruned += await pruneAbandoned(kubectl, parent, dryRun, emit);
  }
  return { applied, pruned, unchecked };
}

/** The group without the custom resources a dry run cannot check (their CRD is applied with the same run). */
function withoutUncheckable(group: ApplySetGroup, kinds: ReadonlySet<string>, skip: (manifest: Manifest) => void): ApplySetGroup {
  if (kinds.size === 0) return group;
  const manifests = group.manifests.filter((manifest) => {
    if (!kinds.has(kindKey(manifest))) return true;
    skip(manifest);
    return false;
  });
  return { ...group, manifests };
}

async function applyGroup(
  kubectl: Kubectl,
  group: ApplySetGroup,
  dryRun: boolean,
  emit: (event: DeployEvent) => void,
  warn: (message: string) => void,
): Promise<{ applied: number; pruned: number }> {
  const pending = new Map(group.manifests.map((manifest) => [memberKey(manifest.object.kind, manifest.object.metadata.name ?? ''), manifest]));
  let applied = 0;
  let pruned = 0;
  const args = [
    'apply', '--server-side', `--field-manager=${FIELD_MANAGER}`, `--namespace=${group.namespace}`,
    `--applyset=${group.parentName}`, '--prune', '--filename=-',
  ];
  if (dryRun) args.push('--dry-run=server');
  const result = await kubectl.run(args, {
    input: toStream(group.manifests.map((manifest) => manifest.object)),
    onLine: (line) => {
      const parsed = parseApplyLine(line);
      if (parsed === undefined) return;
      if (parsed.action === 'pruned') {
        pruned++;
        emit({ action: 'pruned', object: `${parsed.resource}/${parsed.name}${group.clusterScoped ? '' : ` in ${group.namespace}`}` });
        return;
      }
      const manifest = pending.get(memberKey(parsed.resource, parsed.name));
      if (manifest === undefined) return;
      pending.delete(memberKey(parsed.resource, parsed.name));
      applied++;
      emit({ action: 'applied', object: describeObject(manifest.object) });
    },
  });
  // The server's warnings (deprecated APIs, Pod Security) do not stop anything but must be seen.
  for (const line of result.stderr.split('\n')) {
    if (/^Warning: /.test(line)) warn(line.slice('Warning: '.length));
  }
  if (result.code !== 0) {
    throw new ApplyRejectedError(rejectedObjects([...pending.values()], result.stderr), result.stderr.trim());
  }
  return { applied, pruned };
}

/** Deletes the members of an ApplySet whose objects are all gone from the output, then its parent. */
async function pruneAbandoned(
  kubectl: Kubectl,
  parent: ExistingParent,
  dryRun: boolean,
  emit: (event: DeployEvent) => void,
): Promise<number> {
  const members = await listMembers(kubectl, parent);
  const targets = [...members.map((member) => `${member.resource}/${member.name}`), `secret/${parent.name}`];
  const args = ['delete', `--namespace=${parent.namespace}`, '--ignore-not-found', '--wait=false', ...targets];
  if (dryRun) args.push('--dry-run=server');
  const result = await kubectl.run(args);
  if (result.code !== 0) {
    throw new KubectlError(`pruning ApplySet ${parent.namespace}/${parent.name} failed: ${firstLine(result.stderr)}`);
  }
  for (const member of members) {
    emit({ action: 'pruned', object: `${member.resource}/${member.name}${member.namespace ? ` in ${member.namespace}` : ''}` });
  }
  return members.length;
}

/** Kind and name, matching both `Deployment` (ours) and `deployment.apps` (kubectl's output). */
function memberKey(kindOrResource: string, name: string): string {
  return `${(kindOrResource.split('.')[0] ?? '').toLowerCase()}/${name}`;
}

/** Pairs the objects kubectl did not report as applied with the error lines that name them. */
function rejectedObjects(unapplied: readonly Manifest[], stderr: string): RejectedObject[] {
  const errors = stderr.split('\n').filter((line) => /^(Error|error|The )/.test(line.trim()));
  // When kubectl cannot record the ApplySet parent, it applies nothing of the group.
  const whole = errors.find((line) => line.includes('ApplySet'));
  if (whole !== undefined) {
    return unapplied.map((manifest) => ({ object: describeObject(manifest.object), file: manifest.file, reason: cleanReason(whole) }));
  }
  const unclaimed = new Set(errors);
  const rejected = unapplied.map((manifest) => {
    const name = manifest.object.metadata.name ?? '';
    const reason = errors.find((line) => unclaimed.has(line) && line.includes(`"${name}"`));
    if (reason !== undefined) unclaimed.delete(reason);
    return { manifest, reason };
  });
  // Errors that do not quote the name (e.g. a missing Namespace) go to the objects left, in order.
  const rest = [...unclaimed];
  return rejected
    .map(({ manifest, reason }) => ({
      object: describeObject(manifest.object),
      file: manifest.file,
      reason: cleanReason(reason ?? rest.shift() ?? 'not applied: an earlier object in the same ApplySet failed'),
    }));
}

function cleanReason(line: string): string {
  return line
    .trim()
    .replace(/^(Error from server \(\w+\)|error): /, '')
    .replace(/^The /, '')
    .replace(/^error when [\w-]+ "STDIN": /, '')
    .trim();
}
