/** What the API server would refuse in a pod security context, checked when a workload is made. */
import { dottedSysctlName, isSysctlName, SYSCTL_NAME_MAX_LENGTH, sysctlNamespace } from '../../manifest/sysctl-names';
import { FsGroupChangePolicy, PodSecurityContext } from '../workloads/security-context';

/** A bad setting of a pod security context: the field below `securityContext`, the value, what is wrong and the fix. */
interface PodSecurityContextProblem {
  readonly field: string;
  readonly value: unknown;
  readonly problem: string;
  readonly fix: string;
}

/** The largest user or group id the API server accepts (a 32-bit signed integer). */
const MAX_ID = 2147483647;

/** The node namespaces a pod shares, which rule out sysctls of those namespaces. */
export interface SharedHostNamespaces {
  readonly hostNetwork: boolean;
  readonly hostIPC: boolean;
}

/** What the API server would refuse in a pod security context, found before synthesis; undefined when nothing. */
export function podSecurityContextProblem(
  context: PodSecurityContext | undefined,
  shared: SharedHostNamespaces = { hostNetwork: false, hostIPC: false },
): PodSecurityContextProblem | undefined {
  if (context === undefined) return undefined;
  const seccomp = context.seccompProfile?.problem;
  if (seccomp !== undefined) return { field: 'seccompProfile', value: context.seccompProfile?.localhostProfile, ...seccomp };
  const ids: Array<[string, number | undefined]> = [
    ['runAsUser', context.runAsUser],
    ['runAsGroup', context.runAsGroup],
    ['fsGroup', context.fsGroup],
    ...(context.supplementalGroups ?? []).map((id, index): [string, number] => [`supplementalGroups[${index}]`, id]),
  ];
  for (const [field, id] of ids) {
    if (id !== undefined && (!Number.isInteger(id) || id < 0 || id > MAX_ID)) {
      return { field, value: id, problem: `must be a whole number from 0 to ${MAX_ID}`, fix: 'Use the numeric id as the image or node has it.' };
    }
  }
  if (context.fsGroupChangePolicy !== undefined) {
    if (!Object.values(FsGroupChangePolicy).includes(context.fsGroupChangePolicy)) {
      return { field: 'fsGroupChangePolicy', value: context.fsGroupChangePolicy, problem: 'is not a policy the kubelet knows', fix: 'Use FsGroupChangePolicy.ON_ROOT_MISMATCH or FsGroupChangePolicy.ALWAYS.' };
    }
    if (context.fsGroup === undefined) {
      return { field: 'fsGroupChangePolicy', value: context.fsGroupChangePolicy, problem: 'has no effect without fsGroup', fix: 'Set fsGroup, or remove fsGroupChangePolicy.' };
    }
  }
  const seen = new Set<string>();
  for (const [index, sysctl] of (context.sysctls ?? []).entries()) {
    const field = `sysctls[${index}].name`;
    if (!isSysctlName(sysctl.name)) {
      return {
        field,
        value: sysctl.name,
        problem: `is not a sysctl name: at most ${SYSCTL_NAME_MAX_LENGTH} lower-case letters, digits, "-" and "_", in segments joined by "." or "/"`,
        fix: 'Write the parameter as sysctl -a lists it, e.g. "net.ipv4.ip_local_port_range".',
      };
    }
    const key = dottedSysctlName(sysctl.name);
    if (seen.has(key)) return { field, value: sysctl.name, problem: 'is already set by an earlier sysctl', fix: 'Set each parameter once.' };
    seen.add(key);
    const namespace = sysctlNamespace(sysctl.name);
    const hostField = namespace === 'network' ? 'hostNetwork' : namespace === 'IPC' ? 'hostIPC' : undefined;
    if (hostField !== undefined && shared[hostField]) {
      return {
        field,
        value: sysctl.name,
        problem: `is a sysctl of the ${namespace} namespace, which the pods share with the node (${hostField}: true): it would change the node's own setting, so the API server refuses it`,
        fix: `Remove the sysctl, or remove ${hostField}: true.`,
      };
    }
  }
  return undefined;
}
