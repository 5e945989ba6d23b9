/**
 * Kubernetes object names: generated ones are always valid DNS-1123 labels and stable across runs;
 * explicit ones are checked so that the API server never has to reject them.
 */
import { createHash } from 'node:crypto';
import { Construct } from 'constructs';
import { Chart } from 'cdk8s';
import { ValidationError } from '../../errors';
import { kebabCase, labelValueFault, nameFault, NameRule, qualifiedNameFault, suggestName } from '../../manifest/name-rules';

/** Ids that name "the" resource of a construct and so add nothing to a name. */
const TRANSPARENT_IDS = new Set(['Default', 'Resource']);

export { NameRule };

/** A short, stable hash of a text, used to keep truncated names unique. */
export function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 8);
}

/** Turns one construct id into name words: `MongoExpress` and `mongo_express` both give `mongo-express`. */
export const kebab = kebabCase;

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
  if (name.length === 0) return 'must not be empty';
  const fault = nameFault(name, rule, maxLength);
  switch (fault?.kind) {
    case undefined:
      return undefined;
    case 'too-long':
      return `must be at most ${fault.limit} characters (it has ${name.length})`;
    case 'dot-segment':
      return 'must not be "." or ".." (a path segment name)';
    case 'slash-or-percent':
      return 'must not contain "/" or "%" (a path segment name)';
    case 'leading-digit':
      return 'must start with a letter: Kubernetes before 1.36 requires a DNS-1035 label for a Service, and 1.27 is a default target';
    case 'characters':
      return CHARACTER_RULES[rule];
  }
}

const CHARACTER_RULES: Readonly<Record<NameRule, string>> = {
  [NameRule.DNS_LABEL]: 'must be a DNS-1123 label: lower-case letters, digits and "-", starting and ending with a letter or digit',
  [NameRule.DNS_1035_LABEL]: 'must be a DNS-1035 label: lower-case letters, digits and "-", starting with a letter and ending with a letter or digit',
  [NameRule.DNS_SUBDOMAIN]: 'must be a DNS-1123 subdomain: lower-case letters, digits, "-" and ".", starting and ending with a letter or digit',
  [NameRule.PATH_SEGMENT]: 'must be a path segment name: not "." or "..", without "/" or "%"',
};

/** Checks an explicit name and throws a ValidationError that suggests a valid one. */
export function checkName(
  name: string,
  rule: NameRule,
  where: { readonly path: string; readonly construct: string; readonly field: string },
  maxLength?: number,
): string {
  const problem = nameProblem(name, rule, maxLength);
  if (problem !== undefined) {
    const suggestion = suggestName(name, rule, maxLength);
    throw new ValidationError({
      ...where,
      value: name,
      problem,
      fix: suggestion !== undefined ? `Use a name such as "${suggestion}".` : 'Use lower-case letters, digits and "-".',
    });
  }
  return name;
}

/** Label values: at most 63 characters of alphanumerics, `-`, `_` and `.`, starting and ending alphanumeric. */
export function labelValueProblem(value: string): string | undefined {
  switch (labelValueFault(value)) {
    case undefined:
      return undefined;
    case 'too-long':
      return `must be at most 63 characters (it has ${value.length})`;
    case 'characters':
      return 'must be letters, digits, "-", "_" or ".", starting and ending with a letter or digit';
  }
}

/** Label keys: an optional DNS subdomain prefix and `/`, then a name of at most 63 characters. */
export function labelKeyProblem(key: string): string | undefined {
  switch (qualifiedNameFault(key)) {
    case undefined:
      return undefined;
    case 'prefix':
      return `prefix "${key.slice(0, key.lastIndexOf('/'))}" must be a DNS-1123 subdomain`;
    case 'name-length':
    case 'name-characters':
      return 'name part must be 1-63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit';
  }
}
