/**
 * Pods against the LimitRanges and ResourceQuotas of their namespace, as the API server's LimitRanger and
 * ResourceQuota admission will judge them. Those refuse pods when a controller creates them, long after the
 * Deployment itself was applied without complaint: the rollout then just never happens.
 */
import type { Finding } from './private/collector';
import { asArray, asRecord, type JsonRecord } from './private/json';
import type { ObjectEntry } from './private/object-entry';
import type { ObjectIndex } from './private/object-index';
import { containersOf, podTemplateOf, type PodTemplate } from './private/pod-templates';
import { parseQuantity } from './private/quantity';

type Report = (entry: ObjectEntry, finding: Finding) => void;
type Amounts = Map<string, number>;

/** What the LimitRanger fills in and enforces for containers: one `type: Container` item. */
interface ContainerRange {
  readonly name: string;
  readonly min: Amounts;
  readonly max: Amounts;
  readonly defaultLimits: Amounts;
  readonly defaultRequests: Amounts;
  readonly ratios: Amounts;
}

/** Compute resources a quota can make every container declare, by the `spec.hard` key. */
const QUOTA_COMPUTE: ReadonlyArray<[string, 'requests' | 'limits', string]> = [
  ['cpu', 'requests', 'cpu'],
  ['requests.cpu', 'requests', 'cpu'],
  ['memory', 'requests', 'memory'],
  ['requests.memory', 'requests', 'memory'],
  ['requests.ephemeral-storage', 'requests', 'ephemeral-storage'],
  ['limits.cpu', 'limits', 'cpu'],
  ['limits.memory', 'limits', 'memory'],
  ['limits.ephemeral-storage', 'limits', 'ephemeral-storage'],
];

/** Checks every pod template against the LimitRanges and unscoped ResourceQuotas of its namespace. */
export function checkBudgets(entries: readonly ObjectEntry[], index: ObjectIndex, report: Report): void {
  const inNamespace = (kind: string, namespace: string | undefined): ObjectEntry[] => index.ofKind(kind).filter((entry) => entry.namespace === namespace);
  const ranges = new Map<string, ContainerRange[]>();
  const quotas = new Map<string, ObjectEntry[]>();
  const totals = new Map<string, { pods: number; amounts: Amounts; uncounted: string[] }>();
  for (const entry of entries) {
    const template = podTemplateOf(entry);
    if (template === undefined) continue;
    const namespace = entry.namespace ?? '';
    if (!ranges.has(namespace)) ranges.set(namespace, inNamespace('LimitRange', entry.namespace).flatMap(containerRanges));
    if (!quotas.has(namespace)) quotas.set(namespace, inNamespace('ResourceQuota', entry.namespace).filter(isUnscoped));
    const namespaceRanges = ranges.get(namespace) ?? [];
    const namespaceQuotas = quotas.get(namespace) ?? [];
    if (namespaceRanges.length === 0 && namespaceQuotas.length === 0) continue;
    const podRequests: Amounts = new Map();
    for (const { container, path, list } of containersOf(template)) {
      if (list === 'ephemeralContainers') continue;
      const resources = asRecord(container.resources);
      const limits = amounts(asRecord(resources?.limits));
      // Pod defaulting: a limit without a request makes the request equal to the limit.
      const requests = amounts(asRecord(resources?.requests));
      for (const [name, value] of limits) if (!requests.has(name)) requests.set(name, value);
      for (const range of namespaceRanges) {
        for (const [name, value] of range.defaultLimits) if (!limits.has(name)) limits.set(name, value);
        for (const [name, value] of range.defaultRequests) if (!requests.has(name)) requests.set(name, value);
      }
      for (const range of namespaceRanges) checkRange(entry, path, range, requests, limits, report);
      for (const quota of namespaceQuotas) checkQuotaDeclared(entry, path, quota, requests, limits, report);
      if (list === 'containers') for (const [name, value] of requests) podRequests.set(name, (podRequests.get(name) ?? 0) + value);
    }
    const total = totals.get(namespace) ?? { pods: 0, amounts: new Map<string, number>(), uncounted: [] };
    addTotals(template, autoscaledMaximum(entry, inNamespace('HorizontalPodAutoscaler', entry.namespace)) ?? template.replicas, podRequests, total);
    totals.set(namespace, total);
  }
  for (const [namespace, namespaceQuotas] of quotas) {
    const total = totals.get(namespace);
    if (total !== undefined) for (const quota of namespaceQuotas) checkQuotaTotals(quota, total, report);
  }
}

/** The most replicas an autoscaler may give a workload, when one targets it. */
function autoscaledMaximum(entry: ObjectEntry, autoscalers: readonly ObjectEntry[]): number | undefined {
  for (const autoscaler of autoscalers) {
    const spec = asRecord(autoscaler.object.spec);
    const target = asRecord(spec?.scaleTargetRef);
    if (target?.kind === entry.ref.kind && target.name === entry.name && typeof spec?.maxReplicas === 'number') return spec.maxReplicas;
  }
  return undefined;
}

function addTotals(template: PodTemplate, replicas: number | undefined, podRequests: Amounts, total: { pods: number; amounts: Amounts; uncounted: string[] }): void {
  if (replicas === undefined) {
    total.uncounted.push(`${template.entry.ref.kind} ${template.entry.name ?? ''}`);
    return;
  }
  total.pods += replicas;
  for (const [name, value] of podRequests) total.amounts.set(name, (total.amounts.get(name) ?? 0) + value * replicas);
}

function checkRange(entry: ObjectEntry, path: string, range: ContainerRange, requests: Amounts, limits: Amounts, report: Report): void {
  const fail = (name: string, field: 'requests' | 'limits', value: number | undefined, message: string, fix: string): void =>
    report(entry, { ruleId: 'admission/limit-range', severity: 'error', fieldPath: `${path}.resources.${field}.${name}`, value, message: `${message} (LimitRange ${range.name}); the API server refuses these pods when it creates them`, fix });
  for (const [name, max] of range.max) {
    const limit = limits.get(name);
    if (limit === undefined) fail(name, 'limits', undefined, `no ${name} limit, but the namespace caps each container at ${format(name, max)}`, `Set resources.limits.${name} at most ${format(name, max)}.`);
    else if (limit > max) fail(name, 'limits', limit, `${name} limit ${format(name, limit)} is above the most a container may use, ${format(name, max)}`, `Lower resources.limits.${name} to at most ${format(name, max)}.`);
  }
  for (const [name, min] of range.min) {
    const request = requests.get(name);
    if (request === undefined) fail(name, 'requests', undefined, `no ${name} request, but the namespace asks each container for at least ${format(name, min)}`, `Set resources.requests.${name} to at least ${format(name, min)}.`);
    else if (request < min) fail(name, 'requests', request, `${name} request ${format(name, request)} is below the least a container must request, ${format(name, min)}`, `Raise resources.requests.${name} to at least ${format(name, min)}.`);
  }
  for (const [name, ratio] of range.ratios) {
    const request = requests.get(name);
    const limit = limits.get(name);
    if (request === undefined || limit === undefined || request === 0) {
      fail(name, 'limits', limit, `the namespace bounds ${name} limit/request to ${ratio}, which needs both set`, `Set resources.requests.${name} and resources.limits.${name}.`);
    } else if (limit / request > ratio) {
      fail(name, 'limits', limit, `${name} limit/request is ${+(limit / request).toFixed(3)}, above the namespace's ${ratio}`, `Raise the request or lower the limit so that the limit is at most ${ratio} times the request.`);
    }
  }
}

function checkQuotaDeclared(entry: ObjectEntry, path: string, quota: ObjectEntry, requests: Amounts, limits: Amounts, report: Report): void {
  const hard = asRecord(asRecord(quota.object.spec)?.hard) ?? {};
  for (const [key, field, name] of QUOTA_COMPUTE) {
    if (hard[key] === undefined) continue;
    if ((field === 'requests' ? requests : limits).has(name)) continue;
    report(entry, {
      ruleId: 'admission/resource-quota',
      severity: 'error',
      fieldPath: `${path}.resources.${field}.${name}`,
      message: `no ${name} ${field === 'requests' ? 'request' : 'limit'}, but ResourceQuota ${quota.name ?? ''} limits ${key}: the API server refuses these pods when it creates them`,
      fix: `Set resources.${field}.${name}, or give the namespace a LimitRange with a default.`,
    });
  }
}

function checkQuotaTotals(quota: ObjectEntry, total: { pods: number; amounts: Amounts; uncounted: string[] }, report: Report): void {
  const hard = asRecord(asRecord(quota.object.spec)?.hard) ?? {};
  const unknown = total.uncounted.length > 0 ? ` (not counting ${total.uncounted.join(', ')}, whose pod count varies)` : '';
  const over = (key: string, used: number, limit: number, name: string): void =>
    report(quota, {
      ruleId: 'admission/quota-total',
      severity: 'warning',
      fieldPath: `spec.hard.${key}`,
      value: hard[key],
      message: `the namespace's workloads need ${format(name, used)} of ${key} at their replica counts (autoscaled ones at their maximum)${unknown}, above the quota's ${format(name, limit)}: some pods will be refused`,
      fix: `Raise spec.hard.${key}, or lower replicas or requests; leave room for rolling updates, which add pods for a while.`,
    });
  const pods = parseQuantity(hard.pods);
  if (pods !== undefined && total.pods > pods) over('pods', total.pods, pods, 'pods');
  for (const [key, name] of [['requests.cpu', 'cpu'], ['cpu', 'cpu'], ['requests.memory', 'memory'], ['memory', 'memory']] as const) {
    const limit = parseQuantity(hard[key]);
    const used = total.amounts.get(name);
    if (limit !== undefined && used !== undefined && used > limit + 1e-9) over(key, used, limit, name);
  }
}

function containerRanges(entry: ObjectEntry): ContainerRange[] {
  return asArray(asRecord(entry.object.spec)?.limits)
    .map((item) => asRecord(item))
    .filter((item): item is JsonRecord => item !== undefined && item.type === 'Container')
    .map((item) => {
      // The API server's defaulting of LimitRange items: default limit <- max, default request <- default limit <- min.
      const max = amounts(asRecord(item.max));
      const min = amounts(asRecord(item.min));
      const defaultLimits = amounts(asRecord(item.default));
      for (const [name, value] of max) if (!defaultLimits.has(name)) defaultLimits.set(name, value);
      const defaultRequests = amounts(asRecord(item.defaultRequest));
      for (const [name, value] of defaultLimits) if (!defaultRequests.has(name)) defaultRequests.set(name, value);
      for (const [name, value] of min) if (!defaultRequests.has(name)) defaultRequests.set(name, value);
      return { name: entry.name ?? '', min, max, defaultLimits, defaultRequests, ratios: amounts(asRecord(item.maxLimitRequestRatio)) };
    });
}

function isUnscoped(quota: ObjectEntry): boolean {
  const spec = asRecord(quota.object.spec);
  return asArray(spec?.scopes).length === 0 && spec?.scopeSelector === undefined;
}

function amounts(record: JsonRecord | undefined): Amounts {
  const out: Amounts = new Map();
  for (const [name, value] of Object.entries(record ?? {})) {
    const parsed = parseQuantity(value);
    if (parsed !== undefined) out.set(name, parsed);
  }
  return out;
}

function format(name: string, value: number): string {
  if (name === 'cpu') return Number.isInteger(value) ? String(value) : `${Math.round(value * 1000)}m`;
  if (name === 'pods') return String(value);
  for (const [suffix, size] of [['Gi', 2 ** 30], ['Mi', 2 ** 20], ['Ki', 2 ** 10]] as const) if (value >= size && value % size === 0) return `${value / size}${suffix}`;
  return String(value);
}
