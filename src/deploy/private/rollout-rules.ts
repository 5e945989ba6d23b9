/**
 * When a workload has rolled out, read from recorded object states: the rules of `kubectl rollout
 * status` (Deployment, StatefulSet, DaemonSet), Job completion, claim binding and Service endpoints,
 * plus the pod-level reasons (image pull, crash loop, unschedulable) that say why one has not.
 * Pure functions over plain JSON, so that every rule can be tested on recorded states.
 */

/** The parts of any listed object that the rules read. */
export interface ObservedObject {
  readonly apiVersion?: string;
  readonly kind?: string;
  readonly metadata?: {
    readonly name?: string;
    readonly namespace?: string;
    readonly uid?: string;
    readonly generation?: number;
    readonly labels?: Readonly<Record<string, string>>;
    readonly annotations?: Readonly<Record<string, string>>;
    readonly ownerReferences?: ReadonlyArray<{ readonly kind?: string; readonly name?: string; readonly uid?: string }>;
    readonly deletionTimestamp?: string;
    readonly creationTimestamp?: string;
  };
  readonly spec?: Readonly<Record<string, unknown>>;
  readonly status?: Readonly<Record<string, unknown>>;
  // Events and EndpointSlices keep their data at the top level.
  readonly [key: string]: unknown;
}

/**
 * `ready`: rolled out; `waiting`: not yet; `failed`: its controller gave up (a Job failed, a
 * Deployment passed its progress deadline, a claim lost its volume), so waiting longer is useless.
 */
export type RolloutState = 'ready' | 'waiting' | 'failed';

/** What the rules say about one applied object. */
export interface Assessment {
  /** `Kind namespace/name`. */
  readonly object: string;
  readonly state: RolloutState;
  /** One short line: `2/3 replicas available`, `Bound`, `waiting for revision web-5d9`. */
  readonly summary: string;
  /** Why it is not ready: conditions, pods' reasons, latest events (empty when ready). */
  readonly details: readonly string[];
}

/** Everything read from one Namespace (and the objects whose state is assessed). */
export interface NamespaceSnapshot {
  readonly namespace: string;
  /** Every object listed in the Namespace: workloads, ReplicaSets, Pods, claims, Services, EndpointSlices, Events. */
  readonly objects: readonly ObservedObject[];
  /** When the snapshot was taken (for event ages). */
  readonly takenAt: Date;
}

/** The kinds whose rollout the rules know; other kinds are not waited for. */
export const WAITED_KINDS: readonly string[] = ['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'PersistentVolumeClaim', 'Service', 'HorizontalPodAutoscaler'];

/** Container states kubelet reports for a container that will not start by waiting. */
const FAILING_WAIT_REASONS = new Set([
  'ImagePullBackOff',
  'ErrImageNeverPull',
  'InvalidImageName',
  'CrashLoopBackOff',
  'CreateContainerConfigError',
  'CreateContainerError',
  'RunContainerError',
]);

const EVENT_LIMIT = 5;

type Json = Readonly<Record<string, unknown>>;

/** Assesses one applied object (`kind`, `name`) against a snapshot of its Namespace. */
export function assess(kind: string, name: string, snapshot: NamespaceSnapshot): Assessment {
  const object = `${kind} ${snapshot.namespace}/${name}`;
  const found = snapshot.objects.find((candidate) => candidate.kind === kind && candidate.metadata?.name === name);
  if (found === undefined) return { object, state: 'waiting', summary: 'not found in the cluster', details: [] };
  const rule = RULES[kind];
  if (rule === undefined) return { object, state: 'ready', summary: 'exists', details: [] };
  const verdict = rule(found, snapshot);
  if (verdict.state === 'ready') return { object, state: 'ready', summary: verdict.summary, details: [] };
  const pods = verdict.pods ?? [];
  const podProblems = pods.flatMap(podProblemsOf);
  const details = [
    ...conditionLines(found),
    ...podProblems.map((problem) => problem.line),
    ...latestEvents(snapshot, [found, ...(verdict.related ?? []), ...pods]),
  ];
  // Pod-level failures (image pull, crash loop) stay `waiting`: kubelet keeps retrying, and an
  // image pushed late or a dependency that comes up later can still fix them; the report at the
  // timeout names them.
  const failing = [...new Set(podProblems.filter((problem) => problem.failing).map((problem) => problem.reason))].sort();
  const summary = failing.length > 0 ? `${verdict.summary}; pods failing: ${failing.join(', ')}` : verdict.summary;
  return { object, state: verdict.state, summary, details };
}

interface Verdict {
  readonly state: RolloutState;
  readonly summary: string;
  /** The pods of the current revision, whose reasons explain a wait. */
  readonly pods?: readonly ObservedObject[];
  /** Other objects whose events matter (a Deployment's new ReplicaSet). */
  readonly related?: readonly ObservedObject[];
}

const RULES: Readonly<Record<string, (object: ObservedObject, snapshot: NamespaceSnapshot) => Verdict>> = {
  Deployment: deploymentVerdict,
  StatefulSet: statefulSetVerdict,
  DaemonSet: daemonSetVerdict,
  Job: jobVerdict,
  PersistentVolumeClaim: claimVerdict,
  Service: serviceVerdict,
  HorizontalPodAutoscaler: autoscalerVerdict,
};

function deploymentVerdict(deployment: ObservedObject, snapshot: NamespaceSnapshot): Verdict {
  const status = deployment.status ?? {};
  const replicas = num(deployment.spec?.replicas, 1);
  const updated = num(status.updatedReplicas);
  const ready = num(status.readyReplicas);
  const available = num(status.availableReplicas);
  const total = num(status.replicas);
  const newSet = newReplicaSet(deployment, snapshot);
  const pods = newSet ? ownedPods(newSet, snapshot) : selectedPods(deployment, snapshot);
  const related = newSet ? [newSet] : [];
  const stale = observedStale(deployment);
  if (stale) return { state: 'waiting', summary: stale, pods, related };
  const progressing = condition(deployment, 'Progressing');
  if (progressing?.reason === 'ProgressDeadlineExceeded') {
    return { state: 'failed', summary: `progress deadline exceeded: ${updated}/${replicas} updated, ${available} available`, pods, related };
  }
  if (deployment.spec?.paused === true) return { state: 'ready', summary: 'paused (not rolled out)' };
  if (updated < replicas) return { state: 'waiting', summary: `${updated}/${replicas} replicas updated`, pods, related };
  if (total > updated) {
    const newAvailable = num(newSet?.status?.availableReplicas);
    return { state: 'waiting', summary: `${updated}/${replicas} replicas updated, ${newAvailable} of them available; ${total - updated} old replicas still running`, pods, related };
  }
  if (available < updated || ready < replicas) {
    return { state: 'waiting', summary: `${available}/${replicas} replicas available, ${ready} ready`, pods, related };
  }
  return { state: 'ready', summary: `${available}/${replicas} replicas available` };
}

function statefulSetVerdict(set: ObservedObject, snapshot: NamespaceSnapshot): Verdict {
  const status = set.status ?? {};
  const replicas = num(set.spec?.replicas, 1);
  const ready = num(status.readyReplicas);
  const updated = num(status.updatedReplicas);
  const updateRevision = str(status.updateRevision);
  const pods = ownedPods(set, snapshot);
  const stale = observedStale(set);
  if (stale) return { state: 'waiting', summary: stale, pods };
  if (ready < replicas) return { state: 'waiting', summary: `${ready}/${replicas} replicas ready`, pods };
  const strategy = (set.spec?.updateStrategy ?? {}) as Json;
  if (strategy.type === 'OnDelete') return { state: 'ready', summary: `${ready}/${replicas} replicas ready (OnDelete updates)` };
  const partition = num((strategy.rollingUpdate as Json | undefined)?.partition);
  if (partition > 0) {
    if (updated < replicas - partition) {
      return { state: 'waiting', summary: `${updated}/${replicas - partition} replicas above partition ${partition} updated`, pods };
    }
    return { state: 'ready', summary: `${ready}/${replicas} replicas ready, partition ${partition} rolled out` };
  }
  if (updateRevision !== str(status.currentRevision)) {
    return { state: 'waiting', summary: `${updated}/${replicas} replicas at revision ${updateRevision}`, pods };
  }
  return { state: 'ready', summary: `${ready}/${replicas} replicas ready at revision ${updateRevision}` };
}

function daemonSetVerdict(set: ObservedObject, snapshot: NamespaceSnapshot): Verdict {
  const status = set.status ?? {};
  const desired = num(status.desiredNumberScheduled);
  const updated = num(status.updatedNumberScheduled);
  const available = num(status.numberAvailable);
  const pods = ownedPods(set, snapshot);
  const stale = observedStale(set);
  if (stale) return { state: 'waiting', summary: stale, pods };
  if (updated < desired) return { state: 'waiting', summary: `${updated}/${desired} pods updated`, pods };
  if (available < desired) return { state: 'waiting', summary: `${available}/${desired} pods available`, pods };
  return { state: 'ready', summary: `${available}/${desired} pods available` };
}

function jobVerdict(job: ObservedObject, snapshot: NamespaceSnapshot): Verdict {
  const pods = ownedPods(job, snapshot);
  const failed = condition(job, 'Failed');
  if (failed?.status === 'True') {
    return { state: 'failed', summary: `failed: ${failed.reason ?? ''}${failed.message ? `: ${failed.message}` : ''}`, pods };
  }
  if (condition(job, 'Complete')?.status === 'True') return { state: 'ready', summary: `complete (${num(job.status?.succeeded)} succeeded)` };
  if (job.spec?.suspend === true) return { state: 'ready', summary: 'suspended' };
  const completions = num(job.spec?.completions, 1);
  return { state: 'waiting', summary: `${num(job.status?.succeeded)}/${completions} completions, ${num(job.status?.active)} active`, pods };
}

function claimVerdict(claim: ObservedObject, snapshot: NamespaceSnapshot): Verdict {
  const phase = str(claim.status?.phase) || 'Pending';
  if (phase === 'Bound') return { state: 'ready', summary: `Bound to ${str(claim.spec?.volumeName)}` };
  if (phase === 'Lost') return { state: 'failed', summary: 'Lost: its volume is gone' };
  const name = claim.metadata?.name;
  const users = snapshot.objects.filter(
    (pod) => pod.kind === 'Pod' && !pod.metadata?.deletionTimestamp && asArray(pod.spec?.volumes).some((volume) => ((volume as Json).persistentVolumeClaim as Json | undefined)?.claimName === name),
  );
  const waitsForConsumer = eventsAbout(snapshot, [claim]).some((event) => event.reason === 'WaitForFirstConsumer');
  if (users.length === 0 && waitsForConsumer) {
    // Its StorageClass binds on first use (WaitForFirstConsumer): nothing to wait for until a pod uses it.
    return { state: 'ready', summary: 'Pending until a pod uses it (WaitForFirstConsumer)' };
  }
  return { state: 'waiting', summary: phase, pods: users };
}

function serviceVerdict(service: ObservedObject, snapshot: NamespaceSnapshot): Verdict {
  const selector = service.spec?.selector as Readonly<Record<string, string>> | undefined;
  if (service.spec?.type === 'ExternalName' || selector === undefined || Object.keys(selector).length === 0) {
    return { state: 'ready', summary: 'no selector (endpoints managed elsewhere)' };
  }
  const name = service.metadata?.name ?? '';
  const endpoints = snapshot.objects
    .filter((slice) => slice.kind === 'EndpointSlice' && slice.metadata?.labels?.['kubernetes.io/service-name'] === name)
    .flatMap((slice) => asArray(slice.endpoints) as Json[]);
  const ready = endpoints.filter((endpoint) => (endpoint.conditions as Json | undefined)?.ready !== false);
  if (ready.length > 0) return { state: 'ready', summary: `${ready.length} ready endpoint${ready.length === 1 ? '' : 's'}` };
  const pods = snapshot.objects.filter((pod) => pod.kind === 'Pod' && !pod.metadata?.deletionTimestamp && matches(selector, pod.metadata?.labels));
  if (pods.length === 0 && !selectsAWorkload(selector, snapshot)) return { state: 'ready', summary: 'selects no pods (no workload with replicas matches)' };
  return { state: 'waiting', summary: `no ready endpoints (${pods.length} pods selected)`, pods };
}

interface PodProblem {
  readonly line: string;
  /** The container reason, for `failing` problems. */
  readonly reason?: string;
  /** A container state kubelet only leaves by retrying with back-off (image pull, crash loop). */
  readonly failing: boolean;
}

/**
 * An autoscaler has taken over once its target's replicas are within [minReplicas, maxReplicas]: a
 * Deployment applied without replicas starts at 1 and reaches the minimum only when the autoscaler
 * acts. Missing metrics (no metrics server) do not count against it: scaling within the range is
 * its own business.
 */
function autoscalerVerdict(autoscaler: ObservedObject, snapshot: NamespaceSnapshot): Verdict {
  const ref = (autoscaler.spec?.scaleTargetRef ?? {}) as Json;
  const target = snapshot.objects.find((object) => object.kind === ref.kind && object.metadata?.name === ref.name);
  const min = num(autoscaler.spec?.minReplicas, 1);
  const max = num(autoscaler.spec?.maxReplicas, min);
  if (target === undefined) return { state: 'waiting', summary: `target ${str(ref.kind)} ${str(ref.name)} not found` };
  const replicas = num(target.spec?.replicas, 1);
  if (replicas === 0) return { state: 'ready', summary: `target ${str(ref.kind)} ${str(ref.name)} scaled to 0: autoscaling off` };
  if (replicas < min || replicas > max) {
    return { state: 'waiting', summary: `target ${str(ref.kind)} ${str(ref.name)} has ${replicas} replicas, outside ${min}..${max}` };
  }
  return { state: 'ready', summary: `target ${str(ref.kind)} ${str(ref.name)} at ${replicas} replicas (${min}..${max})` };
}

/** A line per pod problem. */
function podProblemsOf(pod: ObservedObject): PodProblem[] {
  const name = `pod ${pod.metadata?.name ?? '?'}${pod.spec?.nodeName ? ` on ${str(pod.spec.nodeName)}` : ''}`;
  const problems: PodProblem[] = [];
  const scheduled = condition(pod, 'PodScheduled');
  if (scheduled?.status === 'False') {
    problems.push({ line: `${name}: not scheduled: ${scheduled.reason ?? ''}: ${scheduled.message ?? ''}`, failing: false });
  }
  const statuses = [...asArray(pod.status?.initContainerStatuses), ...asArray(pod.status?.containerStatuses)] as Json[];
  for (const container of statuses) {
    const state = (container.state ?? {}) as Json;
    const waiting = state.waiting as Json | undefined;
    const terminated = (state.terminated ?? (container.lastState as Json | undefined)?.terminated) as Json | undefined;
    const restarts = num(container.restartCount);
    if (waiting?.reason !== undefined && waiting.reason !== 'ContainerCreating' && waiting.reason !== 'PodInitializing') {
      const reason = str(waiting.reason);
      const message = waiting.message ? `: ${str(waiting.message)}` : '';
      problems.push({ line: `${name}: container ${str(container.name)} waiting: ${reason}${message}${restarts > 0 ? ` (${restarts} restarts)` : ''}`, reason, failing: FAILING_WAIT_REASONS.has(reason) });
    } else if (terminated !== undefined && num(terminated.exitCode) !== 0) {
      problems.push({ line: `${name}: container ${str(container.name)} exited ${num(terminated.exitCode)}: ${str(terminated.reason)}${terminated.message ? `: ${str(terminated.message)}` : ''}`, failing: false });
    }
  }
  if (problems.length === 0 && condition(pod, 'Ready')?.status !== 'True') {
    const ready = condition(pod, 'Ready');
    problems.push({ line: `${name}: ${str(pod.status?.phase) || 'Pending'}, not ready${ready?.reason ? ` (${ready.reason})` : ''}`, failing: false });
  }
  return problems;
}

function conditionLines(object: ObservedObject): string[] {
  return (asArray(object.status?.conditions) as Json[])
    .filter((c) => !(c.type === 'Available' && c.status === 'True'))
    .map((c) => `condition ${str(c.type)}=${str(c.status)}${c.reason ? ` ${str(c.reason)}` : ''}${c.message ? `: ${str(c.message)}` : ''}`);
}

function latestEvents(snapshot: NamespaceSnapshot, objects: readonly ObservedObject[]): string[] {
  return eventsAbout(snapshot, objects)
    .sort((a, b) => eventTime(b) - eventTime(a))
    .slice(0, EVENT_LIMIT)
    .map((event) => {
      const regarding = (event.involvedObject ?? event.regarding ?? {}) as Json;
      const age = Math.max(0, Math.round((snapshot.takenAt.getTime() - eventTime(event)) / 1000));
      const count = num(event.count, 1) > 1 ? ` (x${num(event.count)})` : '';
      return `event ${age}s ago ${str(event.type)} ${str(event.reason)} ${str(regarding.kind)}/${str(regarding.name)}: ${str(event.message ?? event.note).trim()}${count}`;
    });
}

function eventsAbout(snapshot: NamespaceSnapshot, objects: readonly ObservedObject[]): Json[] {
  const uids = new Set(objects.map((object) => object.metadata?.uid).filter(Boolean));
  const names = new Set(objects.map((object) => `${object.kind}/${object.metadata?.name}`));
  return snapshot.objects.filter((event) => {
    if (event.kind !== 'Event') return false;
    const regarding = (event.involvedObject ?? event.regarding ?? {}) as Json;
    return uids.has(str(regarding.uid)) || (regarding.uid === undefined && names.has(`${str(regarding.kind)}/${str(regarding.name)}`));
  });
}

function eventTime(event: Json): number {
  const stamp = event.lastTimestamp ?? event.eventTime ?? (event.series as Json | undefined)?.lastObservedTime ?? event.firstTimestamp ?? (event.metadata as Json | undefined)?.creationTimestamp;
  const time = typeof stamp === 'string' ? Date.parse(stamp) : Number.NaN;
  return Number.isNaN(time) ? 0 : time;
}

/** The ReplicaSet of a Deployment's current revision. */
function newReplicaSet(deployment: ObservedObject, snapshot: NamespaceSnapshot): ObservedObject | undefined {
  const revision = deployment.metadata?.annotations?.['deployment.kubernetes.io/revision'];
  if (revision === undefined) return undefined;
  return owned(deployment, snapshot, 'ReplicaSet').find((set) => set.metadata?.annotations?.['deployment.kubernetes.io/revision'] === revision);
}

function ownedPods(owner: ObservedObject, snapshot: NamespaceSnapshot): ObservedObject[] {
  return owned(owner, snapshot, 'Pod').filter((pod) => !pod.metadata?.deletionTimestamp);
}

function owned(owner: ObservedObject, snapshot: NamespaceSnapshot, kind: string): ObservedObject[] {
  const uid = owner.metadata?.uid;
  return snapshot.objects.filter((object) => object.kind === kind && uid !== undefined && (object.metadata?.ownerReferences ?? []).some((ref) => ref.uid === uid));
}

function selectedPods(workload: ObservedObject, snapshot: NamespaceSnapshot): ObservedObject[] {
  const selector = (workload.spec?.selector as Json | undefined)?.matchLabels as Readonly<Record<string, string>> | undefined;
  if (selector === undefined) return [];
  return snapshot.objects.filter((pod) => pod.kind === 'Pod' && !pod.metadata?.deletionTimestamp && matches(selector, pod.metadata?.labels));
}

function selectsAWorkload(selector: Readonly<Record<string, string>>, snapshot: NamespaceSnapshot): boolean {
  return snapshot.objects.some((workload) => {
    if (!['Deployment', 'StatefulSet', 'DaemonSet', 'Job'].includes(workload.kind ?? '')) return false;
    if (workload.kind !== 'DaemonSet' && workload.kind !== 'Job' && num(workload.spec?.replicas, 1) === 0) return false;
    const labels = ((workload.spec?.template as Json | undefined)?.metadata as Json | undefined)?.labels as Readonly<Record<string, string>> | undefined;
    return matches(selector, labels);
  });
}

function matches(selector: Readonly<Record<string, string>>, labels: Readonly<Record<string, string>> | undefined): boolean {
  return Object.entries(selector).every(([key, value]) => labels?.[key] === value);
}

/** Says what the controller has not seen yet, or undefined when it has seen the latest spec. */
function observedStale(object: ObservedObject): string | undefined {
  const generation = object.metadata?.generation;
  const observed = object.status?.observedGeneration;
  if (generation !== undefined && (typeof observed !== 'number' || observed < generation)) {
    return `waiting for the controller to see generation ${generation}`;
  }
  return undefined;
}

function condition(object: ObservedObject, type: string): { status?: string; reason?: string; message?: string } | undefined {
  return (asArray(object.status?.conditions) as Array<{ type?: string; status?: string; reason?: string; message?: string }>).find((c) => c.type === type);
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function num(value: unknown, fallback = 0): number {
  return typeof value === 'number' ? value : fallback;
}

function str(value: unknown): string {
  if (typeof value === 'string') return value;
  return typeof value === 'number' || typeof value === 'boolean' ? String(value) : '';
}
