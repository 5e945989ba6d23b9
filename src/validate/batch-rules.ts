/**
 * What the API server enforces on Jobs and CronJobs beyond their schema (`pkg/apis/batch/validation`):
 * a restart policy of OnFailure or Never, a schedule that robfig/cron parses without a time zone in it,
 * and an IANA time zone name; and, as a warning, a schedule that parses but never fires.
 */
import { cronScheduleNeverRuns, cronScheduleProblem, timeZoneProblem } from '../manifest/cron-schedule';
import type { Finding } from './private/collector';
import { asRecord } from './private/json';
import type { ObjectEntry } from './private/object-entry';
import type { KubernetesVersion } from './options';
import { podTemplateOf } from './private/pod-templates';

type Report = (finding: Finding) => void;

const JOB_RESTART_POLICIES = ['OnFailure', 'Never'];

/** A time zone prefix of a schedule (`TZ=Europe/Berlin 0 2 * * *`), which 1.27 still accepts on create. */
const TIME_ZONE_PREFIX = /^(CRON_)?TZ=\S+\s+/;

/** Runs the Job and CronJob rules on one object (other kinds pass untouched); `policies: false` drops the warning. */
export function checkBatchRules(
  entry: ObjectEntry,
  options: { readonly policies: boolean; readonly versions: readonly KubernetesVersion[] },
  report: Report,
): void {
  if (entry.ref.kind !== 'Job' && entry.ref.kind !== 'CronJob') return;
  const template = podTemplateOf(entry);
  if (template !== undefined) {
    const restartPolicy = template.spec.restartPolicy;
    if (typeof restartPolicy !== 'string' || !JOB_RESTART_POLICIES.includes(restartPolicy)) {
      report({
        ruleId: 'api/job-restart-policy',
        severity: 'error',
        fieldPath: `${template.specPath}.restartPolicy`,
        ...(restartPolicy === undefined ? {} : { value: restartPolicy }),
        message:
          restartPolicy === undefined
            ? `the pods of a ${entry.ref.kind} need restartPolicy OnFailure or Never, and it is unset (which means Always)`
            : `the pods of a ${entry.ref.kind} need restartPolicy OnFailure or Never, got ${JSON.stringify(restartPolicy)}`,
        fix: 'Set restartPolicy: OnFailure to retry in the same pod, or Never to start a new pod per attempt (backoffLimit counts both).',
      });
    }
  }
  if (entry.ref.kind !== 'CronJob') return;
  const spec = asRecord(entry.object.spec);
  const schedule = spec?.schedule;
  if (typeof schedule === 'string') {
    const problem = cronScheduleProblem(schedule);
    // Kubernetes 1.27 accepts a time zone prefix on create (with a warning); 1.28 and later refuse it.
    const prefix = TIME_ZONE_PREFIX.exec(schedule.trim());
    const onlyTimeZone = prefix !== null && cronScheduleProblem(schedule.trim().slice(prefix[0].length)) === undefined;
    const refusing = onlyTimeZone ? options.versions.filter((version) => version >= '1.28') : undefined;
    if (problem !== undefined) {
      const finding: Finding = {
        ruleId: 'api/cron-schedule',
        severity: 'error',
        fieldPath: 'spec.schedule',
        value: schedule,
        message: `the schedule does not parse: ${problem}`,
        fix: 'Write five fields "minute hour day-of-month month day-of-week" (e.g. "30 2 * * *" for 02:30 every day) or @hourly, @daily, @weekly, @monthly, @yearly, "@every 6h"; set the time zone in spec.timeZone.',
      };
      if (refusing === undefined) report(finding);
      else for (const kubernetesVersion of refusing) report({ ...finding, kubernetesVersion });
    } else if (options.policies && cronScheduleNeverRuns(schedule)) {
      report({
        ruleId: 'policy/cron-never-runs',
        severity: 'warning',
        fieldPath: 'spec.schedule',
        value: schedule,
        message: 'the schedule names no time that exists (such as 30 February, or an empty field), so the CronJob never runs; the API server accepts it silently',
        fix: 'Pick days that every chosen month has (a day of month up to 28 is safe), or use a day-of-week field.',
      });
    }
  }
  const timeZone = spec?.timeZone;
  if (typeof timeZone === 'string') {
    const problem = timeZoneProblem(timeZone);
    if (problem !== undefined) {
      report({
        ruleId: 'api/cron-time-zone',
        severity: 'error',
        fieldPath: 'spec.timeZone',
        value: timeZone,
        message: problem,
        fix: 'Use a name from the IANA time zone database, e.g. "Etc/UTC" or "Europe/Berlin" (see `timedatectl list-timezones`), or leave timeZone out.',
      });
    }
  }
}
