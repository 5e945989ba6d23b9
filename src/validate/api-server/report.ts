/** What the API-server rule files share: how they report, the checks of numbers and enums they all use, and version minors. */
import type { KubernetesVersion } from '../options';
import type { Finding } from '../private/collector';

/** Where a rule reports what it finds. */
export type Report = (finding: Finding) => void;

/** Reports an error-severity finding of an `api/...` rule. */
export function refuse(report: Report, ruleId: string, fieldPath: string, value: unknown, message: string, fix: string): void {
  report({ ruleId, severity: 'error', fieldPath, ...(value === undefined ? {} : { value }), message, fix });
}

/** `field` must be an integer >= min when present (the server's ValidateNonnegativeField and friends). */
export function checkMinimum(report: Report, value: unknown, fieldPath: string, min: 0 | 1): void {
  if (typeof value !== 'number' || value >= min) return;
  refuse(
    report,
    'api/number-range',
    fieldPath,
    value,
    `${fieldPath} must be ${min === 0 ? 'greater than or equal to 0' : 'greater than 0'}, got ${value}`,
    `Set ${fieldPath} to ${min === 0 ? '0 or more' : '1 or more'}, or remove it for the default.`,
  );
}

/** `field` must be one of the values when present (the server's NotSupported errors). */
export function checkEnum(report: Report, value: unknown, fieldPath: string, allowed: readonly string[]): void {
  if (typeof value !== 'string' || allowed.includes(value)) return;
  refuse(report, 'api/unsupported-value', fieldPath, value, `${fieldPath} must be one of ${allowed.join(', ')}, got ${JSON.stringify(value)}`, `Use one of ${allowed.join(', ')}.`);
}

/**
 * An enum the server checks but the published schema of some versions does not carry (1.27 lacks several
 * that 1.36 has): reported only for those versions, so that the schema layer does not report it twice.
 */
export function checkEnumWhereSchemaLacksIt(report: Report, value: unknown, fieldPath: string, allowed: readonly string[], versions: readonly string[]): void {
  if (typeof value !== 'string' || allowed.includes(value)) return;
  for (const version of versions) {
    report({ ruleId: 'api/unsupported-value', severity: 'error', kubernetesVersion: version, fieldPath, value, message: `${fieldPath} must be one of ${allowed.join(', ')}, got ${JSON.stringify(value)}`, fix: `Use one of ${allowed.join(', ')}.` });
  }
}

/** The target versions whose published schemas lack the enums that 1.36's carry. */
export function versionsBefore136(versions: readonly string[]): string[] {
  return versions.filter((version) => version < '1.36');
}

/** An int-or-percent value (maxSurge, minAvailable...): its kind and size, or `invalid` for anything else. */
export function intOrPercent(value: unknown): { kind: 'int' | 'percent'; amount: number } | 'invalid' | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number') return Number.isInteger(value) ? { kind: 'int', amount: value } : 'invalid';
  if (typeof value === 'string') {
    const match = /^(\d+)%$/.exec(value);
    if (match !== null) return { kind: 'percent', amount: Number(match[1]) };
  }
  return 'invalid';
}

/** Checks an int-or-percent field: >= 0, and at most 100% when `capPercent`. */
export function checkIntOrPercent(report: Report, value: unknown, fieldPath: string, capPercent: boolean): void {
  const parsed = intOrPercent(value);
  if (parsed === undefined) return;
  if (parsed === 'invalid') {
    refuse(report, 'api/int-or-percent', fieldPath, value, `${fieldPath} must be an integer or a percentage like "25%", got ${JSON.stringify(value)}`, 'Write a whole number or a whole percentage such as "25%".');
  } else if (parsed.amount < 0) {
    refuse(report, 'api/number-range', fieldPath, value, `${fieldPath} must be greater than or equal to 0, got ${String(value)}`, `Set ${fieldPath} to 0 or more.`);
  } else if (capPercent && parsed.kind === 'percent' && parsed.amount > 100) {
    refuse(report, 'api/number-range', fieldPath, value, `${fieldPath} must not be greater than 100%, got ${String(value)}`, 'Use a percentage from 0% to 100%.');
  }
}

/** Whether a string is an IPv4 or IPv6 address as Go's net.ParseIP reads it (no leading zeros in IPv4). */
export function isIp(value: string): boolean {
  return isIpv4(value) || isIpv6(value);
}

function isIpv4(value: string): boolean {
  const parts = value.split('.');
  return parts.length === 4 && parts.every((part) => /^(0|[1-9]\d{0,2})$/.test(part) && Number(part) <= 255);
}

function isIpv6(value: string): boolean {
  if (!value.includes(':') || /[^0-9a-fA-F:.]/.test(value)) return false;
  const double = value.split('::');
  if (double.length > 2) return false;
  const groups = (text: string): string[] => (text === '' ? [] : text.split(':'));
  const head = groups(double[0] ?? '');
  const tail = double.length === 2 ? groups(double[1] ?? '') : [];
  const all = [...head, ...tail];
  let count = 0;
  for (const [index, group] of all.entries()) {
    if (index === all.length - 1 && group.includes('.')) {
      if (!isIpv4(group)) return false;
      count += 2;
    } else if (/^[0-9a-fA-F]{1,4}$/.test(group)) count += 1;
    else return false;
  }
  return double.length === 2 ? count < 8 : count === 8;
}

/** Whether a string is a CIDR as Go's net.ParseCIDR reads it. */
export function isCidr(value: string): boolean {
  const slash = value.indexOf('/');
  if (slash < 0) return false;
  const ip = value.slice(0, slash);
  const bits = value.slice(slash + 1);
  if (!/^\d{1,3}$/.test(bits)) return false;
  if (isIpv4(ip)) return Number(bits) <= 32;
  return isIpv6(ip) && Number(bits) <= 128;
}

/** The minor number of a `1.N` Kubernetes version. */
export function minorOf(version: KubernetesVersion): number {
  return Number(version.split('.')[1]);
}
