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

/** The kernel namespaces a pod may share with its node that hold sysctls: `network` (hostNetwork) and `IPC` (hostIPC). */
export type SysctlNamespace = 'network' | 'IPC';

/** Sysctls named exactly (component-helpers' nameToNamespace; "kernel.shm" and "kernel.msg" are what "kernel.shm*" and "kernel.msg*" leave). */
const NAMESPACE_BY_NAME: ReadonlyMap<string, SysctlNamespace> = new Map([
  ['kernel.sem', 'IPC'],
  ['kernel.shmall', 'IPC'],
  ['kernel.shmmax', 'IPC'],
  ['kernel.shmmni', 'IPC'],
  ['kernel.shm_rmid_forced', 'IPC'],
  ['kernel.shm', 'IPC'],
  ['kernel.msgmax', 'IPC'],
  ['kernel.msgmnb', 'IPC'],
  ['kernel.msgmni', 'IPC'],
  ['kernel.msg', 'IPC'],
]);

/** Sysctls named by their first segments (component-helpers' prefixToNamespace, matched with a "." after them). */
const NAMESPACE_BY_PREFIX: ReadonlyArray<readonly [string, SysctlNamespace]> = [
  ['net.', 'network'],
  ['fs.mqueue.', 'IPC'],
];

/**
 * The kernel namespace of a sysctl, as k8s.io/component-helpers GetNamespace reads it: the name in its dotted
 * spelling, up to a first "*"; `undefined` when the sysctl is not known to be namespaced. The API server refuses a
 * sysctl of a namespace the pod shares with the node (a network sysctl with hostNetwork, an IPC one with hostIPC).
 */
export function sysctlNamespace(name: string): SysctlNamespace | undefined {
  let normalized = dottedSysctlName(name);
  const star = normalized.indexOf('*');
  if (star >= 0) normalized = normalized.slice(0, star);
  const exact = NAMESPACE_BY_NAME.get(normalized);
  if (exact !== undefined) return exact;
  return NAMESPACE_BY_PREFIX.find(([prefix]) => normalized.startsWith(prefix))?.[1];
}
