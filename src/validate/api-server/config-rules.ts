/**
 * The API server's rules for Secrets of the typed kinds, LimitRanges and label selectors anywhere in an
 * object (pkg/apis/core/validation, apimachinery's label selector validation).
 */
import type { ObjectEntry } from '../private/object-entry';
import { asArray, asRecord, asString, fieldAppend, formatSegments, type JsonRecord, type Segments } from '../private/json';
import { labelValueError, qualifiedNameError } from '../private/name-syntax';
import { parseQuantity } from '../private/quantity';
import { refuse, type Report } from './report';

/** The keys each built-in Secret type must have in data (stringData counts: it is merged into data). */
const SECRET_TYPE_KEYS: Readonly<Record<string, readonly string[]>> = {
  'kubernetes.io/tls': ['tls.crt', 'tls.key'],
  'kubernetes.io/dockerconfigjson': ['.dockerconfigjson'],
  'kubernetes.io/dockercfg': ['.dockercfg'],
  'kubernetes.io/ssh-auth': ['ssh-privatekey'],
};

/** Runs the Secret, LimitRange and selector rules on one object. */
export function checkConfigRules(entry: ObjectEntry, report: Report): void {
  if (entry.ref.kind === 'Secret') checkSecretType(entry, report);
  if (entry.ref.kind === 'LimitRange') checkLimitRange(asRecord(entry.object.spec), report);
  // A CRD's schema is data about other objects: a property named matchLabels there is no selector.
  if (entry.group !== 'apiextensions.k8s.io') checkSelectors(entry.object, [], report);
}

function checkSecretType(entry: ObjectEntry, report: Report): void {
  const type = asString(entry.object.type);
  const required = type === undefined ? undefined : SECRET_TYPE_KEYS[type];
  const keys = new Set([...Object.keys(asRecord(entry.object.data) ?? {}), ...Object.keys(asRecord(entry.object.stringData) ?? {})]);
  for (const key of required ?? []) {
    if (!keys.has(key)) refuse(report, 'api/secret-type-keys', fieldAppend('data', key), undefined, `a Secret of type ${type ?? ''} needs the key ${JSON.stringify(key)}`, `Add ${key} to data or stringData, or use type Opaque.`);
  }
  if (type === 'kubernetes.io/basic-auth' && !keys.has('username') && !keys.has('password')) {
    refuse(report, 'api/secret-type-keys', 'data', undefined, 'a basic-auth Secret needs username or password', 'Add username and password to stringData.');
  }
}

const LIMIT_TYPES = ['Pod', 'Container', 'PersistentVolumeClaim'];

function checkLimitRange(spec: JsonRecord | undefined, report: Report): void {
  asArray(spec?.limits).forEach((item, index) => {
    const limit = asRecord(item);
    if (limit === undefined) return;
    const at = `spec.limits[${index}]`;
    const type = asString(limit.type);
    if (type !== undefined && !LIMIT_TYPES.includes(type) && !type.includes('/')) {
      refuse(report, 'api/limit-range-type', `${at}.type`, type, `${at}.type must be Pod, Container, PersistentVolumeClaim or a qualified name`, 'Use Container.');
    }
    const group = (name: string): Readonly<Record<string, unknown>> => asRecord(limit[name]) ?? {};
    // Each pair must be ordered: the lower one may not exceed the higher one.
    const orders: ReadonlyArray<[string, string]> = [['min', 'max'], ['defaultRequest', 'default'], ['default', 'max'], ['defaultRequest', 'max'], ['min', 'defaultRequest'], ['min', 'default']];
    for (const [lower, higher] of orders) {
      for (const [resource, raw] of Object.entries(group(lower))) {
        const low = parseQuantity(raw);
        const high = parseQuantity(group(higher)[resource]);
        if (low === undefined || high === undefined || low <= high) continue;
        refuse(report, 'api/limit-range-order', fieldAppend(`${at}.${lower}`, resource), raw, `${lower} ${String(raw)} of ${resource} is greater than ${higher} ${String(group(higher)[resource])}`, `Make ${lower} at most ${higher}.`);
      }
    }
  });
}

/** Label selectors anywhere (workloads, spread constraints, affinity, policies): keys and values as labels. */
function checkSelectors(value: unknown, segments: Segments, report: Report): void {
  if (value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) {
      segments.push(index);
      checkSelectors(value[index], segments, report);
      segments.pop();
    }
    return;
  }
  const record = value as JsonRecord;
  // Every object is walked, selectors are rare: the field path is only joined when something is reported. The
  // selector checks are functions of their own: a closure here would cost a context per key of every object.
  for (const key in record) {
    const child = record[key];
    if (key === 'matchLabels') checkMatchLabels(child, segments, report);
    else if (key === 'matchExpressions') checkMatchExpressions(child, segments, report);
    else if (key !== 'metadata' && key !== 'data' && key !== 'stringData' && key !== 'binaryData') {
      segments.push(key);
      checkSelectors(child, segments, report);
      segments.pop();
    }
  }
}

function checkMatchLabels(value: unknown, segments: Segments, report: Report): void {
  const labels = asRecord(value) ?? {};
  for (const labelKey in labels) {
    const labelValue = labels[labelKey];
    const error = qualifiedNameError(labelKey) ?? (typeof labelValue === 'string' ? labelValueError(labelValue) : undefined);
    if (error !== undefined) refuse(report, 'api/selector-label', fieldAppend(formatSegments([...segments, 'matchLabels']), labelKey), labelValue, `selector label ${JSON.stringify(labelKey)}: ${error}`, 'Select by a valid label key and value, as on the objects selected.');
  }
}

function checkMatchExpressions(value: unknown, segments: Segments, report: Report): void {
  asArray(value).forEach((expression, index) => {
    const labelKey = asString(asRecord(expression)?.key);
    const error = labelKey === undefined ? undefined : qualifiedNameError(labelKey);
    if (error !== undefined) refuse(report, 'api/selector-label', `${formatSegments([...segments, 'matchExpressions'])}[${index}].key`, labelKey, `selector key ${JSON.stringify(labelKey)} ${error}`, 'Use a valid label key.');
  });
}

