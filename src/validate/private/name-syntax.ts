/**
 * The name and label syntax rules of the API server (k8s.io/apimachinery/pkg/util/validation), which the
 * OpenAPI schemas do not carry, worded for validation findings: each returns `undefined` when valid or what is
 * wrong. The rules themselves live in src/manifest/name-rules.ts, shared with the constructs.
 */
import { labelValueFault, nameFault, NameRule, portNameFault, qualifiedNameFault, type LabelValueFault, type PortNameFault, type QualifiedNameFault } from '../../manifest/name-rules';
import { Remembered } from './remembered';

/** A DNS-1123 label: at most 63 lowercase alphanumerics or '-', starting and ending alphanumeric. */
export function dns1123LabelError(value: string): string | undefined {
  return nameError(value, NameRule.DNS_LABEL, "must consist of lowercase letters, digits and '-', and start and end with a letter or digit");
}

/**
 * Remembered verdicts of the two checks that run on every name and label key of every object: the same keys
 * and namespaces recur across thousands of objects. Bounded, so that a huge app cannot grow them without end.
 */
const subdomainVerdicts = new Remembered<string | undefined>(4096);
const qualifiedNameVerdicts = new Remembered<string | undefined>(4096);

/** A DNS-1123 subdomain: at most 253 characters of dot-separated DNS-1123 labels. */
export function dns1123SubdomainError(value: string): string | undefined {
  return subdomainVerdicts.get(value, checkDns1123Subdomain);
}

function checkDns1123Subdomain(value: string): string | undefined {
  return nameError(value, NameRule.DNS_SUBDOMAIN, "must consist of lowercase letters, digits, '-' and '.', and start and end with a letter or digit");
}

/** A DNS-1035 label (Service names): a DNS-1123 label that starts with a letter. */
export function dns1035LabelError(value: string): string | undefined {
  return nameError(value, NameRule.DNS_1035_LABEL, "must consist of lowercase letters, digits and '-', start with a letter and end with a letter or digit");
}

/** A path segment name (RBAC roles and bindings): not `.` or `..`, without `/` or `%`. */
export function pathSegmentNameError(value: string): string | undefined {
  return nameError(value, NameRule.PATH_SEGMENT, 'must be a path segment name');
}

/** The wording of a name rule's fault; `characters` is the rule's own sentence (a leading digit is one too). */
function nameError(value: string, rule: NameRule, characters: string): string | undefined {
  const fault = nameFault(value, rule);
  switch (fault?.kind) {
    case undefined:
      return undefined;
    case 'too-long':
      return `must be at most ${fault.limit} characters`;
    case 'dot-segment':
      return 'must not be "." or ".."';
    case 'slash-or-percent':
      return 'must not contain "/" or "%"';
    case 'leading-digit':
    case 'characters':
      return characters;
  }
}

/** A label or annotation key: an optional DNS subdomain prefix and '/', then a name of at most 63 characters. */
export function qualifiedNameError(key: string): string | undefined {
  return qualifiedNameVerdicts.get(key, checkQualifiedName);
}

const QUALIFIED_NAME_ERRORS: Readonly<Record<QualifiedNameFault, string>> = {
  prefix: 'has a prefix (before "/") that is not a DNS subdomain',
  'name-length': 'must have a name part of 1 to 63 characters',
  'name-characters': "must have a name part of letters, digits, '-', '_' and '.', starting and ending with a letter or digit",
};

function checkQualifiedName(key: string): string | undefined {
  const fault = qualifiedNameFault(key);
  return fault === undefined ? undefined : QUALIFIED_NAME_ERRORS[fault];
}

const LABEL_VALUE_ERRORS: Readonly<Record<LabelValueFault, string>> = {
  'too-long': 'must be at most 63 characters',
  characters: "must consist of letters, digits, '-', '_' and '.', and start and end with a letter or digit",
};

/** A label value: empty, or at most 63 letters, digits, '-', '_' and '.' starting and ending alphanumeric. */
export function labelValueError(value: string): string | undefined {
  const fault = labelValueFault(value);
  return fault === undefined ? undefined : LABEL_VALUE_ERRORS[fault];
}

const PORT_NAME_ERRORS: Readonly<Record<PortNameFault, string>> = {
  'too-long': 'must be at most 15 characters',
  characters: "must consist of lowercase letters, digits and '-', and start and end with a letter or digit",
  'double-dash': "must not contain '--'",
  'no-letter': 'must contain at least one letter',
};

/** A port name (IANA_SVC_NAME): at most 15 lowercase alphanumerics or '-', at least one letter, no '--'. */
export function portNameError(value: string): string | undefined {
  const fault = portNameFault(value);
  return fault === undefined ? undefined : PORT_NAME_ERRORS[fault];
}

/**
 * An environment variable name. Kubernetes 1.34 relaxed the rule (RelaxedEnvironmentVariableValidation
 * went GA) from a C-like identifier with '-' and '.' to any printable ASCII except '='.
 */
export function envVarNameError(value: string, relaxed: boolean): string | undefined {
  if (value.length === 0) return 'must not be empty';
  if (relaxed) return /^[\x20-\x3c\x3e-\x7e]+$/.test(value) ? undefined : "must consist of printable ASCII characters other than '='";
  return /^[-._a-zA-Z][-._a-zA-Z0-9]*$/.test(value) ? undefined : "must consist of letters, digits, '_', '-' and '.', and not start with a digit";
}
