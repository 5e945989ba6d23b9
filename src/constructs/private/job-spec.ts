/** The run-to-completion settings that a Job and a CronJob's job template share: checked once, rendered once. */
import type { JobSpecOptions } from '../workloads/job';
import { durationToSeconds } from './quantities';

type Fail = (field: string, value: unknown, problem: string, fix: string) => never;

/** The restart policies a Job accepts. */
const JOB_RESTART_POLICIES = new Set(['OnFailure', 'Never']);

/** Checks the options, throwing through `fail` (which names the construct). */
export function checkJobSpec(options: JobSpecOptions, fail: Fail): void {
  for (const field of ['completions', 'parallelism', 'backoffLimit'] as const) {
    const value = options[field];
    const minimum = field === 'completions' ? 1 : 0;
    if (value !== undefined && (!Number.isInteger(value) || value < minimum)) {
      fail(field, value, `must be a whole number >= ${minimum}`, field === 'backoffLimit' ? 'Use 0 to never retry, or e.g. 3.' : 'Use e.g. 1.');
    }
  }
  if (options.restartPolicy !== undefined && !JOB_RESTART_POLICIES.has(options.restartPolicy)) {
    fail('restartPolicy', options.restartPolicy, 'is not allowed for a Job: its pods must finish', 'Use RestartPolicy.NEVER (a new pod per retry) or RestartPolicy.ON_FAILURE (restart the container in place).');
  }
  // Durations cannot be negative; a time to live of 0 (delete at once) is valid, a deadline of 0 is not.
  const deadline = options.activeDeadline;
  if (deadline !== undefined && deadline.toMilliseconds() < 1000) {
    fail('activeDeadline', `${deadline.toMilliseconds() / 1000}s`, 'must be at least 1 second', 'Give a Duration such as Duration.hours(1).');
  }
}

/** The Job spec around a pod template (whose spec gets the restart policy). */
export function renderJobSpec(options: JobSpecOptions, template: Record<string, unknown>): Record<string, unknown> {
  const podSpec = (template.spec ?? {}) as Record<string, unknown>;
  return {
    completions: options.completions,
    parallelism: options.parallelism,
    backoffLimit: options.backoffLimit,
    activeDeadlineSeconds: options.activeDeadline === undefined ? undefined : durationToSeconds(options.activeDeadline),
    ttlSecondsAfterFinished: options.ttlAfterFinished === undefined ? undefined : durationToSeconds(options.ttlAfterFinished),
    completionMode: options.indexed ? 'Indexed' : undefined,
    template: { ...template, spec: { ...podSpec, restartPolicy: options.restartPolicy ?? 'Never' } },
  };
}
