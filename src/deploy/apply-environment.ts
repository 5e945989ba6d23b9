/**
 * Server-side applies one environment folder's objects in dependency order, one ApplySet at a
 * time, and prunes objects of the same app and environment that are no longer synthesized.
 */
import { describeValue } from '../errors';
import { Manifest } from '../manifest/kube-object';
import {
  APP_ANNOTATION,
  ApplySetGroup,
  ApplySetIdentity,
  applySetId,
  CLUSTER_PARENT_NAMESPACE,
  ENVIRONMENT_ANNOTATION,
  GROUP_KINDS_ANNOTATION,
  GROUP_RESOURCES_ANNOTATION,
  legacyParentNames,
  parentNames,
  planApplySets,
} from './applyset';
import { ExistingParent, existingNamespaces, listMembers, listParents, liveObjects } from './cluster-state';
import { ApplyRejectedError, ApplySetConflictError, KubectlError, RejectedObject } from './errors';
import { firstLine, Kubectl } from './kubectl';
import { compareText } from '../manifest/compare-text';
import { applyDefinitionsFirst, kindKey } from './definitions-first';
import { describeObject } from './order';
import { parseApplyLine, toStream } from './private/kubectl-output';

/** The field manager shipshape applies with; `diff` must use the same one. */
export const FIELD_MANAGER = 'shipshape';

/** Kinds whose pod template a configuration change rolls. */
const WORKLOAD_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob', 'Pod', 'ReplicationController']);

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
  /** The environment name (the folder name under `dist/`); with the app id it names the ApplySets. */
  readonly environment: string;
  /** The app id (see app-id.ts): two apps never share, or prune, each other's ApplySets. */
  readonly app: string;
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
  /**
   * Called before each change to the cluster; throws to stop the apply there (the apply lock's
   * `check()`: a run whose lock was taken over must not apply or prune any further).
   * @default - nothing is checked
   */
  readonly beforeChange?: () => void;
  /**
   * The kubectl client's `major.minor` (Kubectl.checkVersion): before 1.29, ApplySet parents that a later kubectl
   * wrote are made readable to it first (see keepParentReadable).
   * @default - a kubectl that reads every parent (1.29 or later)
   */
  readonly kubectlVersion?: string;
}

/** What an apply did. */
export interface ApplySummary {
  readonly applied: number;
  readonly pruned: number;
  readonly unchecked: number;
}

/** The parents in the cluster that matter to one app's environment. */
export interface ParentsOfApp {
  /** Parents of this app and environment (by name), for pruning what is no longer synthesized. */
  readonly own: readonly ExistingParent[];
  /** Parents from before app ids (`shipshape-<environment>`), which this apply migrates from. */
  readonly legacy: readonly ExistingParent[];
  /** Every parent, to name the owner of an object that belongs to another ApplySet. */
  readonly all: readonly ExistingParent[];
}

/**
 * Finds this app's parents and the legacy ones; throws ApplySetConflictError when a parent with
 * this app's name records another app or environment. Undefined when Secrets cannot be listed
 * across Namespaces.
 */
export async function findParentsOfApp(kubectl: Kubectl, identity: ApplySetIdentity): Promise<ParentsOfApp | undefined> {
  const all = await listParents(kubectl);
  if (all === undefined) return undefined;
  const names = parentNames(identity);
  const legacyNames = legacyParentNames(identity.environment);
  const own = all.filter((parent) => parent.name === names.namespaced || parent.name === names.cluster);
  const foreign = own.filter(
    (parent) => (parent.app !== undefined && parent.app !== identity.app) || (parent.environment !== undefined && parent.environment !== identity.environment),
  );
  if (foreign.length > 0) {
    throw new ApplySetConflictError(
      foreign.map((parent) => `ApplySet parent Secret ${parent.namespace}/${parent.name} belongs to app ${describeValue(parent.app ?? '')}, environment ${describeValue(parent.environment ?? '')}`),
      `this is app ${describeValue(identity.app)}, environment ${describeValue(identity.environment)}`,
    );
  }
  const legacy = all.filter(
    (parent) => parent.app === undefined && (parent.name === legacyNames.namespaced || parent.name === legacyNames.cluster),
  );
  return { own, legacy, all };
}

/**
 * Refuses (throws ApplySetConflictError, before anything is applied) when an object about to be
 * applied belongs to an ApplySet of another app or environment: taking it over would let that
 * other app prune it later, or this one prune what the other still needs.
 */
export async function checkOwnership(
  kubectl: Kubectl,
  identity: ApplySetIdentity,
  groups: readonly ApplySetGroup[],
  parents: ParentsOfApp | undefined,
  existing: ReadonlySet<string>,
): Promise<void> {
  // Objects of the environment-only ApplySets of earlier versions may be taken over (that is the migration);
  // their ids are computed, so that this works without the permission to list Secrets everywhere.
  const legacy = legacyParentNames(identity.environment);
  const legacyIds = new Set([
    applySetId(legacy.cluster, CLUSTER_PARENT_NAMESPACE),
    ...groups.map((group) => applySetId(legacy.namespaced, group.namespace)),
  ]);
  const owners = new Map((parents?.all ?? []).map((parent) => [parent.id, parent]));
  const conflicts: string[] = [];
  for (const group of groups) {
    if (!group.clusterScoped && !existing.has(group.namespace)) continue;
    const live = await liveObjects(kubectl, group.manifests.map((manifest) => manifest.object), group.namespace);
    for (const object of live) {
      if (object.partOf === undefined || object.partOf === group.id || legacyIds.has(object.partOf)) continue;
      const owner = owners.get(object.partOf);
      const where = object.namespace === undefined ? object.name : `${object.namespace}/${object.name}`;
      const whose = owner === undefined
        ? `ApplySet ${object.partOf} (its parent was not found)`
        : `ApplySet ${owner.namespace}/${owner.name}${owner.app === undefined ? '' : ` of app ${describeValue(owner.app)}`}${owner.environment === undefined ? '' : `, environment ${describeValue(owner.environment)}`}`;
      conflicts.push(`${object.kind} ${where} belongs to ${whose}`);
    }
  }
  if (conflicts.length > 0) throw new ApplySetConflictError(conflicts, 'nothing was applied or pruned');
}

/**
 * Applies the objects. Cluster-scoped objects go first (so Namespaces exist before their
 * contents), then one ApplySet per Namespace; within each, kinds in dependency order. Before
 * anything, objects that belong to another app's ApplySet are refused. A Namespace with workloads
 * is dry-run on the server first, so that a rejected ConfigMap or Secret never leaves a workload
 * rolled for configuration that was not applied. When the server rejects objects, kubectl prunes
 * nothing in their ApplySet; the other Namespaces are still applied (unless cluster-scoped
 * objects failed), ApplySets no longer synthesized are not pruned, and an ApplyRejectedError
 * lists every rejected object.
 */
export async function applyEnvironment(kubectl: Kubectl, options: ApplyEnvironmentOptions): Promise<ApplySummary> {
  const dryRun = options.dryRun ?? false;
  const emit = options.onEvent ?? (() => undefined);
  const warn = options.onWarning ?? (() => undefined);
  const beforeChange = options.beforeChange ?? (() => undefined);
  const identity = { app: options.app, environment: options.environment };
  const groups = planApplySets(identity, options.manifests);
  const namespaces = await existingNamespaces(kubectl);
  const parents = await findParentsOfApp(kubectl, identity);
  if (parents === undefined) {
    warn('cannot list Secrets in all Namespaces: objects in Namespaces no longer synthesized are not pruned, and ownership by other apps is checked only by label');
  }
  await checkOwnership(kubectl, identity, groups, parents, namespaces);
  let applied = 0;
  let pruned = 0;
  let unchecked = 0;

  const rejected: RejectedObject[] = [];
  const details: string[] = [];
  beforeChange();
  const kindsWithoutDefinition = await applyDefinitionsFirst(kubectl, options.manifests, dryRun, FIELD_MANAGER);
  const readsGroupKinds = options.kubectlVersion === undefined || !/^1\.(27|28)$/.test(options.kubectlVersion);
  const discovery = lazyResourceNames(kubectl);
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
    beforeChange();
    try {
      if (!readsGroupKinds && !(await keepParentReadable(kubectl, group, dryRun, options.kubectlVersion ?? '', discovery, warn))) {
        const note = `kubectl ${options.kubectlVersion ?? ''} cannot read its ApplySet parent, last written by kubectl 1.29 or later, in a dry run (a real apply adds the annotation it reads); use kubectl 1.29 or later to check it`;
        for (const manifest of group.manifests) {
          unchecked++;
          emit({ action: 'unchecked', object: describeObject(manifest.object), note });
        }
        continue;
      }
      if (!dryRun && group.manifests.some((manifest) => WORKLOAD_KINDS.has(manifest.object.kind))) {
        await applyGroup(kubectl, group, true, () => undefined, () => undefined);
      }
      const counts = await applyGroup(kubectl, group, dryRun, emit, warn);
      applied += counts.applied;
      pruned += counts.pruned;
      const recorded = parents?.own.some((parent) => parent.namespace === group.namespace && parent.name === group.parentName && parent.app === identity.app && parent.environment === identity.environment);
      if (!dryRun && recorded !== true) await recordOwner(kubectl, group, identity);
    } catch (error) {
      if (!(error instanceof ApplyRejectedError)) throw error;
      for (const object of error.rejected) rejected.push(object);
      details.push(error.message);
      // Namespaced objects need the cluster-scoped ones (their Namespaces first of all).
      if (group.clusterScoped) break;
    }
  }
  if (rejected.length > 0 || details.length > 0) throw new ApplyRejectedError(rejected, details.join('\n'));

  const current = new Set(groups.map((group) => `${group.namespace}/${group.parentName}`));
  for (const parent of parents?.own ?? []) {
    if (current.has(`${parent.namespace}/${parent.name}`)) continue;
    beforeChange();
    pruned += await pruneAbandoned(kubectl, parent, dryRun, emit);
  }
  if (!dryRun) {
    for (const parent of parents?.legacy ?? []) {
      beforeChange();
      await retireLegacyParent(kubectl, parent, identity, warn);
    }
  }
  return { applied, pruned, unchecked };
}

/**
 * `Kind.group` (`Kind` for the core group) → `resource.group`, from `kubectl api-resources --no-headers` output:
 * columns NAME [SHORTNAMES] APIVERSION NAMESPACED KIND, none holding a space, SHORTNAMES possibly empty.
 */
export function parseApiResources(stdout: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const line of stdout.split('\n')) {
    const columns = line.trim().split(/\s+/);
    if (columns.length < 4 || columns.length > 5) continue;
    const resource = columns[0] ?? '';
    const apiVersion = columns[columns.length - 3] ?? '';
    const kind = columns[columns.length - 1] ?? '';
    const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
    map.set(group === '' ? kind : `${kind}.${group}`, group === '' ? resource : `${resource}.${group}`);
  }
  return map;
}

/** What kubectl says when some API groups could not be discovered (an aggregated API that is down); the rest is printed. */
const PARTIAL_DISCOVERY = /unable to retrieve the complete list of server APIs|couldn't get resource list for/;

/** The server's resource names by kind (parseApiResources), asked once per apply. */
function lazyResourceNames(kubectl: Kubectl): () => Promise<ReadonlyMap<string, string>> {
  let names: Promise<ReadonlyMap<string, string>> | undefined;
  return () => {
    names ??= (async () => {
      const result = await kubectl.run(['api-resources', '--no-headers']);
      // An unavailable aggregated API (metrics-server down) fails only its own group: its kinds stay unknown.
      if (result.code !== 0 && !PARTIAL_DISCOVERY.test(result.stderr)) {
        throw new KubectlError(`cannot list the server's resource types: ${firstLine(result.stderr)}`);
      }
      return parseApiResources(result.stdout);
    })();
    return names;
  };
}

/**
 * kubectl 1.27 and 1.28 read an ApplySet parent's member types only from `contains-group-resources` and refuse a
 * parent without it; kubectl 1.29 and later write `contains-group-kinds` instead and drop the older annotation.
 * A team that applies with both (a laptop's new kubectl, CI's old one) would see the old one refuse every parent
 * the new one last wrote. So before an old kubectl applies, a parent with group-kinds is given the
 * group-resources they map to (the server's discovery), and the old kubectl prunes what the new one applied.
 * kubectl 1.29+ prefers group-kinds whenever present, so the added annotation never misleads it. A dry run
 * changes nothing: when the parent lacks the older annotation altogether, the old kubectl cannot dry-run the group,
 * and false is returned (true otherwise).
 */
async function keepParentReadable(
  kubectl: Kubectl,
  group: ApplySetGroup,
  dryRun: boolean,
  kubectlVersion: string,
  resourceNames: () => Promise<ReadonlyMap<string, string>>,
  warn: (message: string) => void,
): Promise<boolean> {
  const result = await kubectl.run(['get', 'secret', group.parentName, `--namespace=${group.namespace}`, '--ignore-not-found', '--output=json']);
  if (result.code !== 0) throw new KubectlError(`cannot read ApplySet parent ${group.namespace}/${group.parentName}: ${firstLine(result.stderr)}`);
  if (result.stdout.trim() === '') return true;
  const annotations = (JSON.parse(result.stdout) as { metadata?: { annotations?: Record<string, string> } }).metadata?.annotations ?? {};
  const kinds = annotations[GROUP_KINDS_ANNOTATION];
  if (kinds === undefined) return true;
  if (dryRun) return annotations[GROUP_RESOURCES_ANNOTATION] !== undefined;
  const names = await resourceNames();
  const unknown: string[] = [];
  const resources = kinds.split(',').filter((kind) => kind !== '').flatMap((kind) => {
    const resource = names.get(kind);
    if (resource === undefined) unknown.push(kind);
    return resource === undefined ? [] : [resource];
  }).sort(compareText);
  const value = resources.join(',');
  if (annotations[GROUP_RESOURCES_ANNOTATION] === value) return true;
  const parent = `ApplySet parent ${group.namespace}/${group.parentName}`;
  if (unknown.length > 0) warn(`${parent} lists kinds the server does not serve now (${unknown.join(', ')}): kubectl ${kubectlVersion} cannot prune objects of them`);
  const annotated = await kubectl.run(['annotate', 'secret', group.parentName, `--namespace=${group.namespace}`, '--overwrite', `${GROUP_RESOURCES_ANNOTATION}=${value}`]);
  if (annotated.code !== 0) throw new KubectlError(`cannot make ${parent} readable to kubectl ${kubectlVersion}: ${firstLine(annotated.stderr)}`);
  return true;
}

/** Records on the parent kubectl made which app and environment it belongs to. */
async function recordOwner(kubectl: Kubectl, group: ApplySetGroup, identity: ApplySetIdentity): Promise<void> {
  const result = await kubectl.run([
    'annotate', 'secret', group.parentName, `--namespace=${group.namespace}`, '--overwrite',
    `${APP_ANNOTATION}=${identity.app}`, `${ENVIRONMENT_ANNOTATION}=${identity.environment}`,
  ]);
  if (result.code !== 0) {
    throw new KubectlError(`cannot record the app on ApplySet parent ${group.namespace}/${group.parentName}: ${firstLine(result.stderr)}`);
  }
}

/**
 * Migration from parents named after the environment only. The objects this apply covered now
 * belong to the app's own ApplySets; what is left in the old one may belong to another app with
 * the same environment name, so it is never pruned: when nothing is left the old parent is
 * deleted, otherwise it stays and the objects left are listed.
 */
async function retireLegacyParent(kubectl: Kubectl, parent: ExistingParent, identity: ApplySetIdentity, warn: (message: string) => void): Promise<void> {
  const left = await listMembers(kubectl, parent);
  if (left.length === 0) {
    const result = await kubectl.run(['delete', 'secret', parent.name, `--namespace=${parent.namespace}`, '--ignore-not-found', '--wait=false']);
    if (result.code !== 0) warn(`cannot delete the old ApplySet parent ${parent.namespace}/${parent.name}: ${firstLine(result.stderr)}`);
    return;
  }
  const shown = left.slice(0, 10).map((member) => `${member.resource}/${member.name}${member.namespace ? ` in ${member.namespace}` : ''}`);
  warn(
    `the old ApplySet ${parent.namespace}/${parent.name} (from before app ids, shared by every app with environment ` +
      `'${identity.environment}') still holds ${left.length} object(s) that app '${identity.app}' does not synthesize: ` +
      `${shown.join(', ')}${left.length > shown.length ? ', ...' : ''}. They may belong to another app, so they were not pruned. ` +
      'Apply every app of this environment once; then delete what is left, and the parent Secret, yourself.',
  );
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
