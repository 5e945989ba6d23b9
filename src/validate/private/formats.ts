/**
 * The string formats the API server checks in custom resources (apiextensions' format registry, after
 * go-openapi strfmt). Formats not listed here are not checked, as on the server, which ignores unknown ones.
 */

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const HOSTNAME = /^(?=.{1,255}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?$/;
const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const DATE_TIME = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])[Tt ]([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)(\.\d+)?([Zz]|[+-]([01]\d|2[0-3]):?[0-5]\d)$/;
const MAC = /^([0-9A-Fa-f]{2}[:-]){5}[0-9A-Fa-f]{2}$/;
const EMAIL = /^[^\s@]+@[^\s@]+$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
/** Go's time.ParseDuration syntax, or strfmt's "3 days" style. */
const DURATION = /^(([+-]?(\d+(\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h))+|[+-]?0|\d+\s*(ns|us|µs|ms|s|m|h|d|w|seconds?|minutes?|hours?|days?|weeks?))$/;

function isIpv6(value: string): boolean {
  if (!/^[0-9A-Fa-f:.]+$/.test(value) || !value.includes(':')) return false;
  let text = value;
  const lastColon = text.lastIndexOf(':');
  const tail = text.slice(lastColon + 1);
  let groupsFromIpv4 = 0;
  if (tail.includes('.')) {
    if (!IPV4.test(tail)) return false;
    text = `${text.slice(0, lastColon + 1)}0:0`;
    groupsFromIpv4 = 0;
  }
  const halves = text.split('::');
  if (halves.length > 2) return false;
  const groups = halves.map((half) => (half === '' ? [] : half.split(':')));
  if (groups.some((part) => part.some((group) => !/^[0-9A-Fa-f]{1,4}$/.test(group)))) return false;
  const count = groups.reduce((sum, part) => sum + part.length, groupsFromIpv4);
  return halves.length === 2 ? count < 8 : count === 8;
}

function isCidr(value: string): boolean {
  const slash = value.indexOf('/');
  if (slash < 0) return false;
  const address = value.slice(0, slash);
  const bits = value.slice(slash + 1);
  if (!/^\d{1,3}$/.test(bits)) return false;
  if (IPV4.test(address)) return Number(bits) <= 32;
  return isIpv6(address) && Number(bits) <= 128;
}

function isUri(value: string): boolean {
  try {
    return new URL(value).protocol !== '';
  } catch {
    return false;
  }
}

const CHECKS: Readonly<Record<string, { readonly test: (value: string) => boolean; readonly text: string }>> = {
  'date-time': { test: (value) => DATE_TIME.test(value), text: 'an RFC 3339 date-time, e.g. "2024-01-31T12:00:00Z"' },
  date: { test: (value) => DATE.test(value), text: 'a date, e.g. "2024-01-31"' },
  duration: { test: (value) => DURATION.test(value), text: 'a duration, e.g. "90s", "1h30m"' },
  ipv4: { test: (value) => IPV4.test(value), text: 'an IPv4 address' },
  ipv6: { test: isIpv6, text: 'an IPv6 address' },
  cidr: { test: isCidr, text: 'a CIDR, e.g. "10.0.0.0/8"' },
  hostname: { test: (value) => HOSTNAME.test(value), text: 'a hostname' },
  uuid: { test: (value) => UUID.test(value), text: 'a UUID' },
  mac: { test: (value) => MAC.test(value), text: 'a MAC address' },
  email: { test: (value) => EMAIL.test(value), text: 'an email address' },
  byte: { test: (value) => BASE64.test(value), text: 'base64-encoded bytes' },
  uri: { test: isUri, text: 'an absolute URI' },
};

/** Checks a string against a format; returns what it should be, or undefined when it is fine or the format is unchecked. */
export function formatProblem(format: string, value: string): string | undefined {
  const check = CHECKS[format];
  return check === undefined || check.test(value) ? undefined : check.text;
}

/** Checks a number against the integer formats; returns what it should be, or undefined. */
export function numberFormatProblem(format: string, value: number): string | undefined {
  if (format === 'int32' && (value < -2147483648 || value > 2147483647)) return 'a 32-bit integer';
  if (format === 'int64' && !Number.isSafeInteger(value) && Math.abs(value) > 9223372036854775807) return 'a 64-bit integer';
  return undefined;
}
