/**
 * The Pod Security Standards checks, ported one for one from the API server's PodSecurity admission
 * (k8s.io/pod-security-admission v0.36 `policy/check_*.go`), with the versions at which each one
 * changed. A check returns the fields that break it, each with its path, value and a sentence.
 */
import * as baseline from './pod-security-baseline';
import type { CheckFn } from './pod-security-pod';
import * as restricted from './pod-security-restricted';

export type { CheckFn, PodSecurityLevelName, PodUnderCheck, Violation } from './pod-security-pod';

/** One check at one policy version onwards. */
interface VersionedCheck {
  /** The first Kubernetes minor version (1.x) of the policy that uses this implementation. */
  readonly minimumMinor: number;
  readonly check: CheckFn;
  /** Baseline checks that this restricted check replaces from this version on. */
  readonly overrides?: readonly string[];
}

/** A Pod Security check: its id in shipshape (`pod-security/<id>`), the admission's id, level and fix. */
export interface PodSecurityCheck {
  readonly id: string;
  /** The check's id in k8s.io/pod-security-admission. */
  readonly upstreamId: string;
  readonly level: 'baseline' | 'restricted';
  /** What to change to pass it. */
  readonly fix: string;
  readonly versions: readonly VersionedCheck[];
}

const OUTSIDE_BASELINE = 'or run it in a Namespace whose pod-security.kubernetes.io/enforce level is privileged, if it really needs this.';
const OUTSIDE_RESTRICTED = 'or use a Namespace whose Pod Security level is baseline if the image cannot run that way.';

/** Every check, baseline first, each in the admission's alphabetical order of ids. */
export const POD_SECURITY_CHECKS: readonly PodSecurityCheck[] = [
  { id: 'app-armor-profile', upstreamId: 'appArmorProfile', level: 'baseline', fix: `Use the AppArmor profile type RuntimeDefault or Localhost (or remove it), ${OUTSIDE_BASELINE}`, versions: [{ minimumMinor: 0, check: baseline.appArmorProfile }] },
  { id: 'capabilities-baseline', upstreamId: 'capabilities_baseline', level: 'baseline', fix: `Remove the capability from securityContext.capabilities.add, ${OUTSIDE_BASELINE}`, versions: [{ minimumMinor: 0, check: baseline.capabilitiesBaseline }] },
  { id: 'host-namespaces', upstreamId: 'hostNamespaces', level: 'baseline', fix: `Remove hostNetwork, hostPID and hostIPC from the pod spec, ${OUTSIDE_BASELINE}`, versions: [{ minimumMinor: 0, check: baseline.hostNamespaces }] },
  { id: 'host-path-volumes', upstreamId: 'hostPathVolumes', level: 'baseline', fix: `Use another volume type (emptyDir, a PersistentVolumeClaim, configMap, secret), ${OUTSIDE_BASELINE}`, versions: [{ minimumMinor: 0, check: baseline.hostPathVolumes }] },
  { id: 'host-ports', upstreamId: 'hostPorts', level: 'baseline', fix: `Remove hostPort and reach the pod through a Service, ${OUTSIDE_BASELINE}`, versions: [{ minimumMinor: 0, check: baseline.hostPorts }] },
  { id: 'host-probes-and-lifecycle', upstreamId: 'hostProbesAndHostLifecycle', level: 'baseline', fix: 'Remove host from httpGet/tcpSocket probes and lifecycle handlers: they then target the pod itself.', versions: [{ minimumMinor: 34, check: baseline.hostProbesAndLifecycle }] },
  { id: 'privileged', upstreamId: 'privileged', level: 'baseline', fix: `Remove securityContext.privileged (add only the capabilities needed), ${OUTSIDE_BASELINE}`, versions: [{ minimumMinor: 0, check: baseline.privileged }] },
  { id: 'proc-mount', upstreamId: 'procMount', level: 'baseline', fix: `Remove securityContext.procMount (or set it to Default), or set hostUsers: false to run the pod in a user namespace (Kubernetes 1.35+), ${OUTSIDE_BASELINE}`, versions: [{ minimumMinor: 0, check: baseline.procMount }, { minimumMinor: 35, check: baseline.procMountUnlessUserNamespace }] },
  { id: 'seccomp-profile-baseline', upstreamId: 'seccompProfile_baseline', level: 'baseline', fix: `Use the seccomp profile type RuntimeDefault or Localhost instead of Unconfined, ${OUTSIDE_BASELINE}`, versions: [{ minimumMinor: 0, check: baseline.seccompAnnotations }, { minimumMinor: 19, check: baseline.seccompBaseline }] },
  { id: 'selinux-options', upstreamId: 'seLinuxOptions', level: 'baseline', fix: `Remove seLinuxOptions user and role; leave the type unset or use container_t, container_init_t, container_kvm_t (or container_engine_t from policy 1.31), ${OUTSIDE_BASELINE}`, versions: [{ minimumMinor: 0, check: baseline.seLinuxOptions(baseline.SELINUX_TYPES_1_0) }, { minimumMinor: 31, check: baseline.seLinuxOptions(baseline.SELINUX_TYPES_1_31) }] },
  { id: 'sysctls', upstreamId: 'sysctls', level: 'baseline', fix: `Set only the safe sysctls (kernel.shm_rmid_forced, net.ipv4.ip_local_port_range, net.ipv4.ip_unprivileged_port_start, net.ipv4.tcp_syncookies, net.ipv4.ping_group_range; from policy 1.27 net.ipv4.ip_local_reserved_ports; from 1.29 net.ipv4.tcp_keepalive_time, tcp_fin_timeout, tcp_keepalive_intvl, tcp_keepalive_probes; from 1.32 net.ipv4.tcp_rmem, tcp_wmem) and set the others on the node, ${OUTSIDE_BASELINE}`, versions: [{ minimumMinor: 0, check: baseline.sysctls(baseline.SYSCTLS_1_0) }, { minimumMinor: 27, check: baseline.sysctls(baseline.SYSCTLS_1_27) }, { minimumMinor: 29, check: baseline.sysctls(baseline.SYSCTLS_1_29) }, { minimumMinor: 32, check: baseline.sysctls(baseline.SYSCTLS_1_32) }] },
  { id: 'windows-host-process', upstreamId: 'windowsHostProcess', level: 'baseline', fix: `Remove securityContext.windowsOptions.hostProcess, ${OUTSIDE_BASELINE}`, versions: [{ minimumMinor: 0, check: baseline.windowsHostProcess }] },
  { id: 'allow-privilege-escalation', upstreamId: 'allowPrivilegeEscalation', level: 'restricted', fix: `Set securityContext.allowPrivilegeEscalation: false on every container, ${OUTSIDE_RESTRICTED}`, versions: [{ minimumMinor: 8, check: restricted.allowPrivilegeEscalation }, { minimumMinor: 25, check: restricted.unlessWindows(restricted.allowPrivilegeEscalation) }] },
  {
    id: 'capabilities-restricted', upstreamId: 'capabilities_restricted', level: 'restricted',
    fix: `Set securityContext.capabilities.drop: ["ALL"] on every container and add at most NET_BIND_SERVICE, ${OUTSIDE_RESTRICTED}`,
    versions: [{ minimumMinor: 22, check: restricted.capabilitiesRestricted, overrides: ['capabilities-baseline'] }, { minimumMinor: 25, check: restricted.unlessWindows(restricted.capabilitiesRestricted), overrides: ['capabilities-baseline'] }],
  },
  { id: 'proc-mount-restricted', upstreamId: 'procMount_restricted', level: 'restricted', fix: `Remove securityContext.procMount (or set it to Default), ${OUTSIDE_RESTRICTED}`, versions: [{ minimumMinor: 35, check: baseline.procMount, overrides: ['proc-mount'] }] },
  { id: 'restricted-volumes', upstreamId: 'restrictedVolumes', level: 'restricted', fix: `Use only configMap, csi, downwardAPI, emptyDir, ephemeral, image, persistentVolumeClaim, projected or secret volumes, ${OUTSIDE_RESTRICTED}`, versions: [{ minimumMinor: 0, check: restricted.restrictedVolumes, overrides: ['host-path-volumes'] }] },
  { id: 'run-as-non-root', upstreamId: 'runAsNonRoot', level: 'restricted', fix: `Set securityContext.runAsNonRoot: true on the pod, with an image that runs as a non-root user (or set runAsUser), ${OUTSIDE_RESTRICTED}`, versions: [{ minimumMinor: 0, check: restricted.runAsNonRoot }, { minimumMinor: 35, check: restricted.unlessUserNamespace(restricted.runAsNonRoot) }] },
  { id: 'run-as-user', upstreamId: 'runAsUser', level: 'restricted', fix: `Set runAsUser to a non-zero UID, or leave it unset, ${OUTSIDE_RESTRICTED}`, versions: [{ minimumMinor: 23, check: restricted.runAsUser }, { minimumMinor: 35, check: restricted.unlessUserNamespace(restricted.runAsUser) }] },
  {
    id: 'seccomp-profile-restricted', upstreamId: 'seccompProfile_restricted', level: 'restricted',
    fix: `Set securityContext.seccompProfile.type: RuntimeDefault on the pod (or Localhost with a profile), ${OUTSIDE_RESTRICTED}`,
    versions: [{ minimumMinor: 19, check: restricted.seccompRestricted, overrides: ['seccomp-profile-baseline'] }, { minimumMinor: 25, check: restricted.unlessWindows(restricted.seccompRestricted), overrides: ['seccomp-profile-baseline'] }],
  },
];

/** A check as it applies at one policy version. */
export interface ActiveCheck {
  readonly check: PodSecurityCheck;
  readonly run: CheckFn;
}

const activeCache = new Map<string, readonly ActiveCheck[]>();

/**
 * The checks of a level at a policy version (a Kubernetes 1.x minor), as the admission's registry
 * builds them: restricted includes the baseline checks that no active restricted check overrides.
 */
export function checksFor(level: 'baseline' | 'restricted', minor: number): readonly ActiveCheck[] {
  const key = `${level}:${minor}`;
  const cached = activeCache.get(key);
  if (cached !== undefined) return cached;
  const atVersion = (check: PodSecurityCheck): VersionedCheck | undefined => check.versions.filter((version) => version.minimumMinor <= minor).at(-1);
  const restricted = level === 'restricted';
  const overridden = new Set<string>();
  if (restricted) {
    for (const check of POD_SECURITY_CHECKS) if (check.level === 'restricted') for (const id of atVersion(check)?.overrides ?? []) overridden.add(id);
  }
  const active: ActiveCheck[] = [];
  for (const check of POD_SECURITY_CHECKS) {
    if (check.level === 'restricted' && !restricted) continue;
    if (overridden.has(check.id)) continue;
    const version = atVersion(check);
    if (version !== undefined) active.push({ check, run: version.check });
  }
  activeCache.set(key, active);
  return active;
}

const overriddenIds = new Map<PodSecurityCheck, readonly string[]>();

/** The baseline checks that a restricted check replaces at some policy version. */
export function overriddenBy(check: PodSecurityCheck): readonly string[] {
  let ids = overriddenIds.get(check);
  if (ids === undefined) {
    ids = [...new Set(check.versions.flatMap((version) => version.overrides ?? []))];
    overriddenIds.set(check, ids);
  }
  return ids;
}
