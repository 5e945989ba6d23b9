/**
 * Waits until applied workloads have rolled out (`shipshape apply --wait`) and reads the same view
 * without waiting (`shipshape status`). State comes from kubectl, one bounded `kubectl get` per
 * Namespace per round; the rules that judge it are in private/rollout-rules.ts.
 */
import { Manifest } from '../manifest/kube-object';
import { KubectlError } from './errors';
import { firstLine, Kubectl } from './kubectl';
import { assess, Assessment, NamespaceSnapshot, ObservedObject, WAITED_KINDS } from './private/rollout-rules';

export { Assessment, RolloutState } from './private/rollout-rules';

/** One applied object whose rollout is judged. */
export interface RolloutTarget {
  readonly kind: string;
  readonly name: string;
  readonly namespace: string;
}

/** How to wait. */
export interface WaitOptions {
  /** Give up after this long. */
  readonly timeoutMs: number;
  /**
   * Time between two reads of the cluster.
   * @default 2000
   */
  readonly pollMs?: number;
  /** Called after every read with the current view. */
  readonly onProgress?: (assessments: readonly Assessment[], elapsedMs: number) => void;
}

/** How a wait ended. */
export interface RolloutReport {
  /** Every target ready. */
  readonly ok: boolean;
  /** The wait ran out of time (otherwise, when not ok, a controller reported failure). */
  readonly timedOut: boolean;
  readonly elapsedMs: number;
  /** The last view, one entry per target, in target order. */
  readonly assessments: readonly Assessment[];
}

const LISTED = [
  'deployments.apps',
  'statefulsets.apps',
  'daemonsets.apps',
  'jobs.batch',
  'replicasets.apps',
  'pods',
  'persistentvolumeclaims',
  'services',
  'endpointslices.discovery.k8s.io',
  'horizontalpodautoscalers.autoscaling',
  'events',
].join(',');

/** The objects among manifests whose rollout can be judged, in their order. */
export function rolloutTargets(manifests: readonly Manifest[]): RolloutTarget[] {
  return manifests
    .map((manifest) => manifest.object)
    .filter((object) => WAITED_KINDS.includes(object.kind) && typeof object.metadata.name === 'string')
    .map((object) => ({ kind: object.kind, name: object.metadata.name as string, namespace: object.metadata.namespace ?? 'default' }));
}

/** Reads the cluster once and judges every target. */
export async function readRolloutStatus(kubectl: Kubectl, targets: readonly RolloutTarget[]): Promise<Assessment[]> {
  const namespaces = [...new Set(targets.map((target) => target.namespace))];
  const snapshots = new Map<string, NamespaceSnapshot>();
  for (const namespace of namespaces) snapshots.set(namespace, await readNamespace(kubectl, namespace));
  return targets.map((target) => assess(target.kind, target.name, snapshots.get(target.namespace) as NamespaceSnapshot));
}

/**
 * Reads and judges until every target is ready, a controller reports a failure, or the timeout
 * passes; resolves to the last view either way. A read that fails (the cluster unreachable for a
 * moment) is retried until the timeout, then reported as a KubectlError.
 */
export async function waitForRollout(kubectl: Kubectl, targets: readonly RolloutTarget[], options: WaitOptions): Promise<RolloutReport> {
  const started = Date.now();
  const pollMs = options.pollMs ?? 2000;
  let lastError: unknown;
  let assessments: Assessment[] | undefined;
  for (;;) {
    const elapsedMs = Date.now() - started;
    try {
      assessments = await readRolloutStatus(kubectl, targets);
      lastError = undefined;
      options.onProgress?.(assessments, Date.now() - started);
      if (assessments.every((a) => a.state === 'ready')) return { ok: true, timedOut: false, elapsedMs: Date.now() - started, assessments };
      if (assessments.some((a) => a.state === 'failed')) return { ok: false, timedOut: false, elapsedMs: Date.now() - started, assessments };
    } catch (error) {
      if (!(error instanceof KubectlError)) throw error;
      lastError = error;
    }
    const left = options.timeoutMs - (Date.now() - started);
    if (left <= 0 || elapsedMs >= options.timeoutMs) {
      if (assessments === undefined || lastError !== undefined) {
        throw lastError instanceof KubectlError ? lastError : new KubectlError('could not read the rollout state before the timeout');
      }
      return { ok: false, timedOut: true, elapsedMs: Date.now() - started, assessments };
    }
    await sleep(Math.min(pollMs, left));
  }
}

/** The report printed when a wait did not end well: each target not ready, with its reasons. */
export function formatRolloutFailure(report: RolloutReport, timeoutMs: number): string {
  const stuck = report.assessments.filter((a) => a.state !== 'ready');
  const why = report.timedOut ? `Not rolled out after ${formatSeconds(timeoutMs)}` : 'Rollout failed';
  const lines = [`${why}: ${stuck.length} of ${report.assessments.length} objects not ready.`];
  for (const assessment of stuck) {
    lines.push(`  ${assessment.state === 'failed' ? 'FAILED ' : 'waiting'} ${assessment.object}: ${assessment.summary}`);
    for (const detail of assessment.details) lines.push(`      ${detail}`);
  }
  return `${lines.join('\n')}\n`;
}

/** One line for an object in a progress view or a status table. */
export function formatAssessment(assessment: Assessment): string {
  const word = assessment.state === 'ready' ? 'ready' : assessment.state === 'failed' ? 'FAILED' : 'waiting';
  return `  ${word.padEnd(7)} ${assessment.object}: ${assessment.summary}`;
}

async function readNamespace(kubectl: Kubectl, namespace: string): Promise<NamespaceSnapshot> {
  const result = await kubectl.run(['get', LISTED, `--namespace=${namespace}`, '--output=json']);
  if (result.code !== 0) throw new KubectlError(`cannot read the state of Namespace '${namespace}': ${firstLine(result.stderr)}`);
  const list = JSON.parse(result.stdout) as { items?: ObservedObject[] };
  return { namespace, objects: list.items ?? [], takenAt: new Date() };
}

function formatSeconds(ms: number): string {
  const seconds = Math.round(ms / 1000);
  return seconds >= 60 && seconds % 60 === 0 ? `${seconds / 60}m` : `${seconds}s`;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
