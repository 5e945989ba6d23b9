/**
 * The name and label syntax rules of the API server (k8s.io/apimachinery/pkg/util/validation),
 * which the OpenAPI schemas do not carry. Each returns `undefined` when valid or what is wrong.
 */

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const QUALIFIED_NAME_PART = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const IANA_SVC_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;

/** A DNS-1123 label: at most 63 lowercase alphanumerics or '-', starting and ending alphanumeric. */
export function dns1123LabelError(value: string): string | undefined {
  if (value.length > 63) return 'must be at most 63 characters';
  return DNS1123_LABEL.test(value) ? undefined : "must consist of lowercase letters, digits and '-', and start and end with a letter or digit";
}

/**
 * Remembered verdicts of the two checks that run on every name and label key of every object: the same keys
 * and namespaces recur across thousands of objects. Bounded, so that a huge app cannot grow them without end.
 */
const subdomainVerdicts = new Map<string, string | undefined>();
const qualifiedNameVerdicts = new Map<string, string | undefined>();
const REMEMBERED = 4096;

function remembered(verdicts: Map<string, string | undefined>, value: string, check: (value: string) => string | undefined): string | undefined {
  const known = verdicts.get(value);
  if (known !== undefined || verdicts.has(value)) return known;
  const verdict = check(value);
  if (verdicts.size >= REMEMBERED) verdicts.clear();
  verdicts.set(value, verdict);
  return verdict;
}

/** A DNS-1123 subdomain: at most 253 characters of dot-separated DNS-1123 labels. */
export function dns1123SubdomainError(value: string): string | undefined {
  return remembered(subdomainVerdicts, value, checkDns1123Subdomain);
}

function checkDns1123Subdomain(value: string): string | undefined {
  if (value.length > 253) return 'must be at most 253 characters';
  return DNS1123_SUBDOMAIN.test(value) ? undefined : "must consist of lowercase letters, digits, '-' and '.', and start and end with a letter or digit";
}

/** A DNS-1035 label (Service names): a DNS-1123 label that starts with a letter. */
export function dns1035LabelError(value: string): string | undefined {
  if (value.length > 63) return 'must be at most 63 characters';
  return DNS1035_LABEL.test(value) ? undefined : "must consist of lowercase letters, digits and '-', start with a letter and end with a letter or digit";
}

/** A path segment name (RBAC roles and bindings): not `.` or `..`, without `/` or `%`. */
export function pathSegmentNameError(value: string): string | undefined {
  if (value === '.' || value === '..') return 'must not be "." or ".."';
  return /[/%]/.test(value) ? 'must not contain "/" or "%"' : undefined;
}

/** A label or annotation key: an optional DNS subdomain prefix and '/', then a name of at most 63 characters. */
export function qualifiedNameError(key: string): string | undefined {
  return remembered(qualifiedNameVerdicts, key, checkQualifiedName);
}

function checkQualifiedName(key: string): string | undefined {
  const slash = key.lastIndexOf('/');
  const prefix = slash < 0 ? undefined : key.slice(0, slash);
  const name = slash < 0 ? key : key.slice(slash + 1);
  if (prefix !== undefined && (prefix.length === 0 || dns1123SubdomainError(prefix) !== undefined)) {
    return 'has a prefix (before "/") that is not a DNS subdomain';
  }
  if (name.length === 0 || name.length > 63) return 'must have a name part of 1 to 63 characters';
  return QUALIFIED_NAME_PART.test(name) ? undefined : "must have a name part of letters, digits, '-', '_' and '.', starting and ending with a letter or digit";
}

/** A label value: empty, or at most 63 letters, digits, '-', '_' and '.' starting and ending alphanumeric. */
export function labelValueError(value: string): string | undefined {
  if (value.length > 63) return 'must be at most 63 characters';
  return value === '' || QUALIFIED_NAME_PART.test(value) ? undefined : "must consist of letters, digits, '-', '_' and '.', and start and end with a letter or digit";
}

/** A port name (IANA_SVC_NAME): at most 15 lowercase alphanumerics or '-', at least one letter, no '--'. */
export function portNameError(value: string): string | undefined {
  if (value.length > 15) return 'must be at most 15 characters';
  if (!IANA_SVC_NAME.test(value)) return "must consist of lowercase letters, digits and '-', and start and end with a letter or digit";
  if (value.includes('--')) return "must not contain '--'";
  return /[a-z]/.test(value) ? undefined : 'must contain at least one letter';
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
