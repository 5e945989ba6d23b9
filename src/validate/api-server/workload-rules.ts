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
      checkCronJob(entry, spec, report);
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
  // The pod template's restartPolicy is checked once, for Jobs and CronJobs, in batch-rules.ts.
}

function checkCronJob(entry: ObjectEntry, spec: JsonRecord, report: Report): void {
  const name = entry.name;
  // The Jobs it creates are named <name>-<11 digits>: the server keeps room for the suffix.
  if (name !== undefined && name.length > 52) {
    refuse(report, 'api/cronjob-name-length', 'metadata.name', name, `a CronJob name must be no more than 52 characters, got ${name.length}`, 'Shorten the name to 52 characters or fewer.');
  }
  // The schedule and time zone are checked in batch-rules.ts (one cron parser, src/manifest/cron-schedule.ts).
  if (spec.schedule === undefined) {
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

