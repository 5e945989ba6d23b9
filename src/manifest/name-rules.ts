/**
 * The API server's syntax rules for names, label keys and values and port names
 * (k8s.io/apimachinery/pkg/util/validation and pkg/api/validation/path), kept here once for every layer.
 * They say which rule a text breaks and how, as facts; constructs and validation word the fault for their own
 * readers (a construct names the prop and suggests a name, validation names the manifest field).
 */

const DNS_1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const DNS_1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** The name part of a qualified name, and a non-empty label value. */
const QUALIFIED_NAME_PART = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

/** Which naming rule the API server applies to a name. */
export enum NameRule {
  /** RFC 1123 label: at most 63 characters (Namespaces, container names, anything used in a label value). */
  DNS_LABEL = 'DNS-1123 label',
  /**
   * RFC 1035 label: a DNS-1123 label that starts with a letter (Service names). Kubernetes 1.36 accepts a
   * DNS-1123 label for a Service, earlier versions do not.
   */
  DNS_1035_LABEL = 'DNS-1035 label',
  /** RFC 1123 subdomain: at most 253 characters, dots allowed (most other kinds). */
  DNS_SUBDOMAIN = 'DNS-1123 subdomain',
  /**
   * A path segment name: anything but `.`, `..` or a name containing `/` or `%` (RBAC roles and bindings, so
   * that `system:controller:foo` is valid).
   */
  PATH_SEGMENT = 'path segment name',
}

/** The longest name each rule allows. */
const NAME_LENGTH_LIMITS: Readonly<Record<NameRule, number>> = {
  [NameRule.DNS_LABEL]: 63,
  [NameRule.DNS_1035_LABEL]: 63,
  [NameRule.DNS_SUBDOMAIN]: 253,
  [NameRule.PATH_SEGMENT]: Infinity,
};

/**
 * How a name breaks its rule. `leading-digit` is a DNS-1035 fault of a name that is otherwise a valid DNS-1123
 * label (the one that Kubernetes 1.36 forgives a Service); `characters` covers every other syntax fault, the
 * empty name included, as the server's regular expressions do.
 */
export type NameFault =
  | { readonly kind: 'too-long'; readonly limit: number }
  | { readonly kind: 'characters' }
  | { readonly kind: 'leading-digit' }
  | { readonly kind: 'dot-segment' }
  | { readonly kind: 'slash-or-percent' };

/** How a name breaks a rule, or undefined when it keeps it; `maxLength` tightens the rule's own limit. */
export function nameFault(name: string, rule: NameRule, maxLength = NAME_LENGTH_LIMITS[rule]): NameFault | undefined {
  if (name.length > maxLength) return { kind: 'too-long', limit: maxLength };
  switch (rule) {
    case NameRule.PATH_SEGMENT:
      if (name === '.' || name === '..') return { kind: 'dot-segment' };
      return /[/%]/.test(name) ? { kind: 'slash-or-percent' } : undefined;
    case NameRule.DNS_1035_LABEL:
      if (DNS_1035_LABEL.test(name)) return undefined;
      return DNS_1123_LABEL.test(name) ? { kind: 'leading-digit' } : { kind: 'characters' };
    case NameRule.DNS_LABEL:
      return DNS_1123_LABEL.test(name) ? undefined : { kind: 'characters' };
    case NameRule.DNS_SUBDOMAIN:
      return DNS_1123_SUBDOMAIN.test(name) ? undefined : { kind: 'characters' };
  }
}

/** Whether a text is a DNS-1123 label (a Namespace name, a volume name). */
export function isDns1123Label(value: string): boolean {
  return nameFault(value, NameRule.DNS_LABEL) === undefined;
}

/** Whether a text is a DNS-1123 subdomain (most object names, API groups, host names). */
export function isDns1123Subdomain(value: string): boolean {
  return nameFault(value, NameRule.DNS_SUBDOMAIN) === undefined;
}

/** How a label or annotation key breaks the qualified-name rule: an optional DNS subdomain prefix and `/`, then 1-63 characters. */
export type QualifiedNameFault = 'prefix' | 'name-length' | 'name-characters';

/** How a label or annotation key breaks the qualified-name rule, or undefined when it keeps it. */
export function qualifiedNameFault(key: string): QualifiedNameFault | undefined {
  const slash = key.lastIndexOf('/');
  const prefix = slash < 0 ? undefined : key.slice(0, slash);
  const name = slash < 0 ? key : key.slice(slash + 1);
  if (prefix !== undefined && !isDns1123Subdomain(prefix)) return 'prefix';
  if (name.length === 0 || name.length > 63) return 'name-length';
  return QUALIFIED_NAME_PART.test(name) ? undefined : 'name-characters';
}

/** How a label value breaks its rule. */
export type LabelValueFault = 'too-long' | 'characters';

/** How a label value breaks its rule: empty, or at most 63 letters, digits, `-`, `_` and `.` starting and ending alphanumeric. */
export function labelValueFault(value: string): LabelValueFault | undefined {
  if (value.length > 63) return 'too-long';
  return value === '' || QUALIFIED_NAME_PART.test(value) ? undefined : 'characters';
}

/** How a port name breaks the IANA_SVC_NAME rule. */
export type PortNameFault = 'too-long' | 'characters' | 'double-dash' | 'no-letter';

/** How a port name breaks the IANA_SVC_NAME rule: at most 15 lower-case alphanumerics or `-`, a letter, no `--`. */
export function portNameFault(value: string): PortNameFault | undefined {
  if (value.length > 15) return 'too-long';
  if (!DNS_1123_LABEL.test(value)) return 'characters';
  if (value.includes('--')) return 'double-dash';
  return /[a-z]/.test(value) ? undefined : 'no-letter';
}

/**
 * Turns a text into lower-case name words joined by "-": `MongoExpress`, `mongo_express` and `Mongo Express` all
 * give `mongo-express` (construct ids become generated names this way, so its output must never change).
 */
export function kebabCase(text: string): string {
  return text
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/**
 * A name close to a bad one that keeps its rule, for the fixes of constructs and validation alike (one function,
 * so that both layers suggest the same): the words in kebab case (a subdomain keeps its dots), `svc-` before a
 * leading digit where a DNS-1035 label needs a letter, cut to the length limit. `undefined` when nothing of the
 * name can be kept (it has no letter or digit).
 */
export function suggestName(name: string, rule: NameRule, maxLength = NAME_LENGTH_LIMITS[rule]): string | undefined {
  let suggestion: string;
  if (rule === NameRule.PATH_SEGMENT) {
    suggestion = name.replace(/[/%]+/g, '-');
    if (suggestion === '.' || suggestion === '..') return undefined;
  } else if (rule === NameRule.DNS_SUBDOMAIN) {
    suggestion = name.split('.').map(kebabCase).filter((segment) => segment !== '').join('.');
  } else {
    suggestion = kebabCase(name);
    if (rule === NameRule.DNS_1035_LABEL && /^[0-9]/.test(suggestion)) suggestion = `svc-${suggestion}`;
  }
  suggestion = suggestion.slice(0, maxLength).replace(/[-.]+$/, '');
  return suggestion === '' ? undefined : suggestion;
}
