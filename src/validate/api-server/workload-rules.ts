/**
 * The API server's rules for workload specs that no schema carries (pkg/apis/apps/validation,
 * pkg/apis/batch/validation, autoscaling, policy): required spec parts, non-negative counts, rollout
 * strategies, Job restart policies, CronJob schedules and names, disruption budgets.
 */
import type { ObjectEntry } from '../private/object-entry';
import { asArray, asRecord, asString, type JsonRecord } from '../private/json';
import { dns1123LabelError, pathSegmentNameError } from '../private/name-syntax';
import type { KubernetesVersion } from '../options';
import { checkIntOrPercent, checkMinimum, intOrPercent, refuse, type Report } from './report';

const APPS_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet']);

/** Runs the workload rules on one object (any kind: each rule picks its own). */
export function checkWorkloadRules(entry: ObjectEntry, versions: readonly KubernetesVersion[], report: Report): void {
  const kind = entry.ref.kind;
  const spec = asRecord(entry.object.spec);
  if (APPS_KINDS.has(kind) || kind === 'ReplicationController' || kind === 'Job') {
    checkTemplateRequired(entry, spec, 'spec', report);
    if (spec === undefined) return;
    checkMinimum(report, spec.replicas, 'spec.replicas', 0);
    checkMinimum(report, spec.minReadySeconds, 'spec.minReadySeconds', 0);
    checkMinimum(report, spec.revisionHistoryLimit, 'spec.revisionHistoryLimit', 0);
  }
  if (kind === 'Pod' && spec === undefined) {
    refuse(report, 'api/containers-required', 'spec.containers', undefined, 'a Pod needs spec.containers', 'Add spec with at least one container.');
  }
  if ((kind === 'CronJob' || kind === 'HorizontalPodAutoscaler') && spec === undefined) {
    refuse(report, 'api/spec-required', 'spec', undefined, `a ${kind} needs spec`, kind === 'CronJob' ? 'Add spec.schedule and spec.jobTemplate.' : 'Add spec.scaleTargetRef and spec.maxReplicas.');
  }
  if (spec === undefined) return;
  switch (kind) {
    case 'Deployment':
      checkDeployment(spec, report);
      break;
    case 'StatefulSet':
      checkMinimum(report, asRecord(asRecord(spec.updateStrategy)?.rollingUpdate)?.partition, 'spec.updateStrategy.rollingUpdate.partition', 0);
      asArray(spec.volumeClaimTemplates).forEach((item, index) => {
        const name = asString(asRecord(asRecord(item)?.metadata)?.name);
        const at = `spec.volumeClaimTemplates[${index}].metadata.name`;
        if (name === undefined || name === '') refuse(report, 'api/claim-template-name', at, undefined, 'a claim template needs metadata.name (its volume name)', 'Name the claim template; mount it by that name.');
        else if (dns1123LabelError(name) !== undefined) refuse(report, 'api/claim-template-name', at, name, `claim template name ${JSON.stringify(name)} becomes a volume name, which ${dns1123LabelError(name) ?? ''}`, 'Use a DNS-1123 label such as "data".');
      });
      break;
    case 'DaemonSet':
      checkDaemonSet(spec, report);
      break;
    case 'Job':
      checkJobSpec(spec, 'spec', report);
      break;
    case 'CronJob':
      checkCronJob(entry, spec, versions, report);
      break;
    case 'HorizontalPodAutoscaler':
      checkAutoscaler(spec, versions, report);
      break;
    case 'PodDisruptionBudget':
      checkIntOrPercent(report, spec.minAvailable, 'spec.minAvailable', true);
      checkIntOrPercent(report, spec.maxUnavailable, 'spec.maxUnavailable', true);
      break;
    default:
  }
}

function checkAutoscaler(spec: JsonRecord, versions: readonly KubernetesVersion[], report: Report): void {
  checkMinimum(report, spec.minReplicas, 'spec.minReplicas', 1);
  checkMinimum(report, spec.maxReplicas, 'spec.maxReplicas', 1);
  const target = asRecord(spec.scaleTargetRef);
  if (target !== undefined) {
    // Since 1.28 the server wants the target's API group; 1.27 accepts a reference without apiVersion.
    for (const version of versions) {
      if (version >= '1.28' && (typeof target.apiVersion !== 'string' || target.apiVersion === '')) {
        report({ ruleId: 'api/scale-target', severity: 'error', kubernetesVersion: version, fieldPath: 'spec.scaleTargetRef.apiVersion', message: 'spec.scaleTargetRef needs an apiVersion', fix: 'Set apiVersion, e.g. apps/v1.' });
      }
    }
    const name = asString(target.name);
    const error = name === undefined ? undefined : pathSegmentNameError(name);
    if (error !== undefined) refuse(report, 'api/scale-target', 'spec.scaleTargetRef.name', name, `spec.scaleTargetRef.name ${error}`, 'Name the workload to scale.');
  }
  asArray(spec.metrics).forEach((item, index) => {
    const metric = asRecord(item);
    const type = asString(metric?.type);
    if (metric === undefined || type === undefined) return;
    const at = `spec.metrics[${index}]`;
    const sourceField = type.charAt(0).toLowerCase() + type.slice(1);
    const source = asRecord(metric[sourceField]);
    if (!['Object', 'Pods', 'Resource', 'ContainerResource', 'External'].includes(type)) {
      refuse(report, 'api/hpa-metric', `${at}.type`, type, `${at}.type must be Object, Pods, Resource, ContainerResource or External, got ${JSON.stringify(type)}`, 'Use one of the metric types.');
      return;
    }
    if (source === undefined) {
      refuse(report, 'api/hpa-metric', `${at}.${sourceField}`, undefined, `a ${type} metric needs ${at}.${sourceField}`, `Describe the metric under ${sourceField}.`);
      return;
    }
    const metricTarget = asRecord(source.target);
    if (metricTarget === undefined) return;
    const targetType = metricTarget.type;
    if (typeof targetType === 'string' && !['Utilization', 'Value', 'AverageValue'].includes(targetType)) {
      refuse(report, 'api/hpa-metric', `${at}.${sourceField}.target.type`, targetType, 'the target type must be Utilization, Value or AverageValue', 'Use Utilization (a percentage of requests) or AverageValue.');
    }
    const utilization = metricTarget.averageUtilization;
    if (typeof utilization === 'number' && utilization <= 0) {
      refuse(report, 'api/hpa-metric', `${at}.${sourceField}.target.averageUtilization`, utilization, 'averageUtilization must be greater than 0', 'Use a percentage such as 70.');
    }
    if (metricTarget.value === undefined && metricTarget.averageValue === undefined && metricTarget.averageUtilization === undefined) {
      refuse(report, 'api/hpa-metric', `${at}.${sourceField}.target`, undefined, 'the target needs a value, an averageValue or an averageUtilization', 'Set averageUtilization (e.g. 70) or averageValue.');
    }
  });
}

function checkTemplateRequired(entry: ObjectEntry, spec: JsonRecord | undefined, path: string, report: Report): void {
  if (spec === undefined) {
    refuse(report, 'api/spec-required', path, undefined, `a ${entry.ref.kind} needs ${path} with a pod template`, `Add ${path}.template with metadata.labels and spec.containers.`);
    return;
  }
  const template = asRecord(spec.template);
  if (template === undefined || asRecord(template.spec) === undefined) {
    refuse(report, 'api/containers-required', `${path}.template.spec.containers`, undefined, `the pod template has no containers`, `Add ${path}.template.spec.containers.`);
  }
}

function checkDeployment(spec: JsonRecord, report: Report): void {
  checkMinimum(report, spec.progressDeadlineSeconds, 'spec.progressDeadlineSeconds', 0);
  if (typeof spec.progressDeadlineSeconds === 'number' && spec.progressDeadlineSeconds >= 0 && spec.progressDeadlineSeconds <= (typeof spec.minReadySeconds === 'number' ? spec.minReadySeconds : 0)) {
    refuse(report, 'api/progress-deadline', 'spec.progressDeadlineSeconds', spec.progressDeadlineSeconds, 'spec.progressDeadlineSeconds must be greater than spec.minReadySeconds', 'Raise progressDeadlineSeconds (default 600) above minReadySeconds.');
  }
  const strategy = asRecord(spec.strategy);
  if (strategy === undefined) return;
  if (strategy.type === 'Recreate' && strategy.rollingUpdate !== undefined && strategy.rollingUpdate !== null) {
    refuse(report, 'api/recreate-with-rolling-update', 'spec.strategy.rollingUpdate', undefined, 'spec.strategy.rollingUpdate may not be set when the strategy type is Recreate', 'Remove spec.strategy.rollingUpdate, or use type RollingUpdate.');
    return;
  }
  checkRollingUpdate(asRecord(strategy.rollingUpdate), 'spec.strategy.rollingUpdate', report);
}

function checkDaemonSet(spec: JsonRecord, report: Report): void {
  const strategy = asRecord(spec.updateStrategy);
  if (strategy?.type === 'OnDelete') return;
  const rollingUpdate = asRecord(strategy?.rollingUpdate);
  checkRollingUpdate(rollingUpdate, 'spec.updateStrategy.rollingUpdate', report);
  const surge = intOrPercent(rollingUpdate?.maxSurge);
  const unavailable = intOrPercent(rollingUpdate?.maxUnavailable);
  // A DaemonSet surges or takes pods down, not both (the default maxUnavailable is 1).
  if (typeof surge === 'object' && surge.amount > 0 && !(typeof unavailable === 'object' && unavailable.amount === 0)) {
    refuse(report, 'api/daemonset-surge', 'spec.updateStrategy.rollingUpdate.maxSurge', rollingUpdate?.maxSurge, 'a DaemonSet may not set maxSurge when maxUnavailable is not 0', 'Set maxUnavailable: 0 to surge, or remove maxSurge.');
  }
}

function checkRollingUpdate(rollingUpdate: JsonRecord | undefined, path: string, report: Report): void {
  if (rollingUpdate === undefined) return;
  checkIntOrPercent(report, rollingUpdate.maxUnavailable, `${path}.maxUnavailable`, true);
  checkIntOrPercent(report, rollingUpdate.maxSurge, `${path}.maxSurge`, false);
  const surge = intOrPercent(rollingUpdate.maxSurge);
  const unavailable = intOrPercent(rollingUpdate.maxUnavailable);
  const isZero = (value: typeof surge): boolean => typeof value === 'object' && value.amount === 0;
  if (isZero(surge) && isZero(unavailable)) {
    refuse(report, 'api/rollout-stalls', `${path}.maxUnavailable`, rollingUpdate.maxUnavailable, `${path}.maxUnavailable may not be 0 when maxSurge is 0: the rollout could never progress`, 'Allow one of maxSurge and maxUnavailable to be at least 1 (e.g. maxSurge: 1).');
  }
}

function checkJobSpec(spec: JsonRecord, path: string, report: Report): void {
  for (const field of ['parallelism', 'completions', 'backoffLimit', 'ttlSecondsAfterFinished', 'activeDeadlineSeconds'] as const) checkMinimum(report, spec[field], `${path}.${field}`, 0);
  const podSpec = asRecord(asRecord(spec.template)?.spec);
  if (podSpec === undefined) return;
  const restartPolicy = podSpec.restartPolicy;
  if (restartPolicy !== 'OnFailure' && restartPolicy !== 'Never') {
    refuse(
      report,
      'api/job-restart-policy',
      `${path}.template.spec.restartPolicy`,
      restartPolicy,
      restartPolicy === undefined ? 'a Job pod template must set restartPolicy (the default, Always, is refused)' : `a Job pod template only accepts restartPolicy OnFailure or Never, got ${JSON.stringify(restartPolicy)}`,
      'Set restartPolicy: OnFailure (retry in place) or Never (a new pod per retry).',
    );
  }
}

function checkCronJob(entry: ObjectEntry, spec: JsonRecord, versions: readonly KubernetesVersion[], report: Report): void {
  const name = entry.name;
  // The Jobs it creates are named <name>-<11 digits>: the server keeps room for the suffix.
  if (name !== undefined && name.length > 52) {
    refuse(report, 'api/cronjob-name-length', 'metadata.name', name, `a CronJob name must be no more than 52 characters, got ${name.length}`, 'Shorten the name to 52 characters or fewer.');
  }
  const schedule = asString(spec.schedule);
  if (schedule !== undefined) {
    const timeZone = /^(CRON_)?TZ=\S+\s+/.exec(schedule.trim());
    if (timeZone !== null) {
      // 1.27 accepts a time zone in the schedule (with a warning); later versions refuse it.
      for (const version of versions.filter((item) => item >= '1.28')) {
        report({ ruleId: 'api/cron-schedule', severity: 'error', kubernetesVersion: version, fieldPath: 'spec.schedule', value: schedule, message: 'spec.schedule may not set a time zone (TZ=...)', fix: 'Move the time zone to spec.timeZone, e.g. timeZone: Europe/Berlin.' });
      }
    }
    const error = cronScheduleError(timeZone === null ? schedule : schedule.trim().slice(timeZone[0].length));
    if (error !== undefined) refuse(report, 'api/cron-schedule', 'spec.schedule', schedule, `spec.schedule ${error}`, 'Use five fields (minute hour day-of-month month day-of-week), e.g. "*/15 * * * *", or a macro such as @daily.');
  } else if (spec.schedule === undefined) {
    refuse(report, 'api/cron-schedule', 'spec.schedule', undefined, 'a CronJob needs spec.schedule', 'Set spec.schedule, e.g. "0 3 * * *".');
  }
  for (const field of ['startingDeadlineSeconds', 'successfulJobsHistoryLimit', 'failedJobsHistoryLimit'] as const) checkMinimum(report, spec[field], `spec.${field}`, 0);
  const jobSpec = asRecord(asRecord(spec.jobTemplate)?.spec);
  if (jobSpec === undefined || asRecord(asRecord(jobSpec.template)?.spec) === undefined) {
    refuse(report, 'api/containers-required', 'spec.jobTemplate.spec.template.spec.containers', undefined, 'the CronJob has no pod template with containers', 'Add spec.jobTemplate.spec.template.spec.containers.');
    return;
  }
  checkJobSpec(jobSpec, 'spec.jobTemplate.spec', report);
}

const CRON_MACROS = new Set(['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly']);
const CRON_FIELDS: ReadonlyArray<{ name: string; min: number; max: number; names?: readonly string[] }> = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'] },
  { name: 'day of week', min: 0, max: 6, names: ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] },
];

/** What is wrong with a schedule as robfig/cron's standard parser (the server's) reads it, or undefined. */
export function cronScheduleError(schedule: string): string | undefined {
  const text = schedule.trim();
  if (text.startsWith('@')) {
    if (CRON_MACROS.has(text) || /^@every \S+$/.test(text)) return undefined;
    return `is not a valid schedule: unrecognized descriptor ${JSON.stringify(text)}`;
  }
  const fields = text.split(/\s+/);
  if (fields.length !== 5) return `is not a valid schedule: expected exactly 5 fields, found ${fields.length}`;
  for (const [index, field] of fields.entries()) {
    const spec = CRON_FIELDS[index];
    if (spec === undefined) continue;
    for (const part of field.split(',')) {
      const error = cronPartError(part, spec);
      if (error !== undefined) return `is not a valid schedule: ${spec.name} ${JSON.stringify(part)}: ${error}`;
    }
  }
  return undefined;
}

function cronPartError(part: string, spec: { min: number; max: number; names?: readonly string[] }): string | undefined {
  const [range = '', step, extra] = part.split('/');
  if (extra !== undefined) return 'too many slashes';
  if (step !== undefined && !/^\d+$/.test(step)) return 'bad step';
  if (step !== undefined && Number(step) === 0) return 'step of 0';
  if (range === '*' || range === '?') return undefined;
  const bounds = range.split('-');
  if (bounds.length > 2) return 'too many hyphens';
  const values = bounds.map((bound) => {
    if (/^\d+$/.test(bound)) return Number(bound);
    const index = spec.names?.indexOf(bound.toLowerCase()) ?? -1;
    return index < 0 ? Number.NaN : index + (spec.names?.[0] === 'jan' ? 1 : 0);
  });
  if (values.some((value) => Number.isNaN(value))) return 'not a number';
  const [low = 0, high = low] = values;
  if (low < spec.min || high > spec.max) return `beyond range ${spec.min}-${spec.max}`;
  if (low > high) return 'beginning of range after end';
  return undefined;
}
