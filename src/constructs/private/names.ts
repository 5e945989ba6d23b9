/**
 * Kubernetes object names: generated ones are always valid DNS-1123 labels and stable across runs;
 * explicit ones are checked so that the API server never has to reject them.
 */
import { createHash } from 'node:crypto';
import { Construct } from 'constructs';
import { Chart } from 'cdk8s';
import { ValidationError } from '../../errors';

/** Ids that name "the" resource of a construct and so add nothing to a name. */
const TRANSPARENT_IDS = new Set(['Default', 'Resource']);

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Which naming rule the API server applies to a kind. */
export enum NameRule {
  /** RFC 1123 label: at most 63 characters (Services, Namespaces, and anything used in a label value). */
  DNS_LABEL = 'DNS-1123 label',
  /**
   * RFC 1035 label: a DNS-1123 label that starts with a letter (Service names). Kubernetes 1.36 accepts a
   * DNS-1123 label for a Service, earlier versions do not; constructs apply what every default target accepts.
   */
  DNS_1035_LABEL = 'DNS-1035 label',
  /** RFC 1123 subdomain: at most 253 characters, dots allowed (most other kinds). */
  DNS_SUBDOMAIN = 'DNS-1123 subdomain',
  /**
   * A path segment name: anything but empty, `.`, `..` or a name containing `/` or `%` (RBAC roles and
   * bindings, so that `system:controller:foo` is valid).
   */
  PATH_SEGMENT = 'path segment name',
}

/** A short, stable hash of a text, used to keep truncated names unique. */
export function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 8);
}

/** Turns one construct id into name words: `MongoExpress` and `mongo_express` both give `mongo-express`. */
export function kebab(id: string): string {
  return id
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/**
 * The generated name of a construct: its path below its chart in kebab case, without `Default`/`Resource`,
 * cut to `maxLength` with a hash of the full path so that two long paths never collide.
 */
export function generateName(construct: Construct, maxLength = 63): string {
  const chart = Chart.of(construct);
  const scopes = construct.node.scopes;
  const below = scopes.slice(scopes.indexOf(chart) + 1).map((scope) => scope.node.id);
  const words = below.filter((id) => !TRANSPARENT_IDS.has(id)).map(kebab).filter((word) => word.length > 0);
  const joined = words.join('-') || kebab(chart.node.id) || 'object';
  if (joined.length <= maxLength) return joined;
  const hash = shortHash(construct.node.path);
  return `${joined.slice(0, maxLength - hash.length - 1).replace(/-+$/, '')}-${hash}`;
}

/** Whether a name satisfies a rule; returns why not, or undefined when it does. */
export function nameProblem(name: string, rule: NameRule, maxLength?: number): string | undefined {
  const limit = maxLength ?? (rule === NameRule.DNS_LABEL || rule === NameRule.DNS_1035_LABEL ? 63 : rule === NameRule.PATH_SEGMENT ? Infinity : 253);
  if (name.length === 0) return 'must not be empty';
  if (name.length > limit) return `must be at most ${limit} characters (it has ${name.length})`;
  if (rule === NameRule.PATH_SEGMENT) return pathSegmentProblem(name);
  if (rule === NameRule.DNS_1035_LABEL) {
    if (DNS_1035_LABEL.test(name)) return undefined;
    return DNS_LABEL.test(name)
      ? 'must start with a letter: Kubernetes before 1.36 requires a DNS-1035 label for a Service, and 1.27 is a default target'
      : 'must be a DNS-1035 label: lower-case letters, digits and "-", starting with a letter and ending with a letter or digit';
  }
  const pattern = rule === NameRule.DNS_LABEL ? DNS_LABEL : DNS_SUBDOMAIN;
  if (!pattern.test(name)) {
    return rule === NameRule.DNS_LABEL
      ? 'must be a DNS-1123 label: lower-case letters, digits and "-", starting and ending with a letter or digit'
      : 'must be a DNS-1123 subdomain: lower-case letters, digits, "-" and ".", starting and ending with a letter or digit';
  }
  return undefined;
}

/** The API server's path segment rule (k8s.io/apimachinery path.IsValidPathSegmentName). */
function pathSegmentProblem(name: string): string | undefined {
  if (name === '.' || name === '..') return 'must not be "." or ".." (a path segment name)';
  if (/[/%]/.test(name)) return 'must not contain "/" or "%" (a path segment name)';
  return undefined;
}

/** Checks an explicit name and throws a ValidationError that suggests a valid one. */
export function checkName(
  name: string,
  rule: NameRule,
  where: { readonly path: string; readonly construct: string; readonly field: string },
  maxLength?: number,
): string {
  const problem = nameProblem(name, rule, maxLength);
  if (problem !== undefined) {
    const words = kebab(name);
    const lettered = rule === NameRule.DNS_1035_LABEL && /^[0-9]/.test(words) ? `svc-${words}` : words;
    const suggestion = lettered.slice(0, maxLength ?? 63).replace(/-+$/, '');
    throw new ValidationError({
      ...where,
      value: name,
      problem,
      fix: suggestion ? `Use a name such as "${suggestion}".` : 'Use lower-case letters, digits and "-".',
    });
  }
  return name;
}

/** Label values: at most 63 characters of alphanumerics, `-`, `_` and `.`, starting and ending alphanumeric. */
export function labelValueProblem(value: string): string | undefined {
  if (value.length > 63) return `must be at most 63 characters (it has ${value.length})`;
  if (value !== '' && !/^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/.test(value)) {
    return 'must be letters, digits, "-", "_" or ".", starting and ending with a letter or digit';
  }
  return undefined;
}

/** Label keys: an optional DNS subdomain prefix and `/`, then a name of at most 63 characters. */
export function labelKeyProblem(key: string): string | undefined {
  const slash = key.lastIndexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined && nameProblem(prefix, NameRule.DNS_SUBDOMAIN) !== undefined) {
    return `prefix "${prefix}" must be a DNS-1123 subdomain`;
  }
  if (name.length === 0 || name.length > 63 || !/^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/.test(name)) {
    return 'name part must be 1-63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit';
  }
  return undefined;
}
