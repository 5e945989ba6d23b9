/**
 * The API server's rules for sysctl names (k8s.io/kubernetes pkg/apis/core/validation IsValidSysctlName) and the
 * kubelet's reading of them (k8s.io/component-helpers node/util/sysctl NormalizeName), kept here once for the
 * construct and the checks of hand-written YAML.
 */

/** The longest sysctl name the API server accepts. */
export const SYSCTL_NAME_MAX_LENGTH = 253;

const SYSCTL_NAME = /^([a-z0-9]([-_a-z0-9]*[a-z0-9])?[./])*[a-z0-9]([-_a-z0-9]*[a-z0-9])?$/;

/** Whether the API server accepts a name as a sysctl name: lower-case segments joined by "." or "/", within the length limit. */
export function isSysctlName(name: string): boolean {
  return name.length <= SYSCTL_NAME_MAX_LENGTH && SYSCTL_NAME.test(name);
}

/**
 * A sysctl name in the dotted spelling: a name whose first separator is "/" has its "/" and "." swapped, as the
 * kubelet reads it (NormalizeName), so that `net/ipv4/ip_forward` and `net.ipv4.ip_forward` name one parameter.
 */
export function dottedSysctlName(name: string): string {
  const first = /[./]/.exec(name);
  if (first === null || first[0] === '.') return name;
  return name.replace(/[./]/g, (separator) => (separator === '.' ? '/' : '.'));
}
