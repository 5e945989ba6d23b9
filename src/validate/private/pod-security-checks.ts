/**
 * The Pod Security Standards checks, ported one for one from the API server's PodSecurity admission
 * (k8s.io/pod-security-admission v0.36 `policy/check_*.go`), with the versions at which each one
 * changed. A check returns the fields that break it, each with its path, value and a sentence.
 */
import { asArray, asRecord, asString, fieldAppend, type JsonRecord } from './json';
import { containersOf, type PodTemplate } from './pod-templates';

/** The Pod Security levels, from least to most strict. */
export type PodSecurityLevelName = 'privileged' | 'baseline' | 'restricted';

/** One field that breaks a check. */
export interface Violation {
  readonly fieldPath: string;
  /** The offending value; `undefined` when the field is missing but required. */
  readonly value?: unknown;
  /** What is wrong, naming the container or volume, e.g. `container "web" must not set securityContext.privileged=true`. */
  readonly text: string;
}

/** A pod spec with what the checks read from it. */
export interface PodUnderCheck {
  readonly template: PodTemplate;
  /** The pod's (or template's) annotations and where they are. */
  readonly annotations: Readonly<Record<string, string>>;
  readonly annotationsPath: string;
}

type CheckFn = (pod: PodUnderCheck) => Violation[];

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

/** A security context as a record (absent or malformed: empty). */
function contextOf(record: JsonRecord | undefined): JsonRecord {
  return asRecord(record?.securityContext) ?? {};
}

function podContext(pod: PodUnderCheck): JsonRecord {
  return contextOf(pod.template.spec);
}

function podContextPath(pod: PodUnderCheck): string {
  return `${pod.template.specPath}.securityContext`;
}

/** Every container, init and ephemeral included, as `visitContainers` walks them. */
function containers(pod: PodUnderCheck): { name: string; path: string; container: JsonRecord; context: JsonRecord }[] {
  return containersOf(pod.template).map(({ container, path }) => ({ name: asString(container.name) ?? '', path, container, context: contextOf(container) }));
}

function isWindows(pod: PodUnderCheck): boolean {
  return asRecord(pod.template.spec.os)?.name === 'windows';
}

/** `relaxPolicyForUserNamespacePod`: pods in a user namespace (`hostUsers: false`). */
function inUserNamespace(pod: PodUnderCheck): boolean {
  return pod.template.spec.hostUsers === false;
}

const quote = (text: string): string => JSON.stringify(text);

/** A field value as text for a message: strings as they are, anything else as JSON. */
function show(value: unknown): string {
  return typeof value === 'string' ? value : (JSON.stringify(value) ?? '');
}

// ---- baseline ----

function hostNamespaces(pod: PodUnderCheck): Violation[] {
  return (['hostNetwork', 'hostPID', 'hostIPC'] as const)
    .filter((field) => pod.template.spec[field] === true)
    .map((field) => ({ fieldPath: `${pod.template.specPath}.${field}`, value: true, text: `${field}=true` }));
}

function privileged(pod: PodUnderCheck): Violation[] {
  return containers(pod)
    .filter(({ context }) => context.privileged === true)
    .map(({ name, path }) => ({ fieldPath: `${path}.securityContext.privileged`, value: true, text: `container ${quote(name)} must not set securityContext.privileged=true` }));
}

const DEFAULT_CAPABILITIES = new Set(['AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE', 'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT']);

function capabilitiesBaseline(pod: PodUnderCheck): Violation[] {
  const violations: Violation[] = [];
  for (const { name, path, context } of containers(pod)) {
    asArray(asRecord(context.capabilities)?.add).forEach((capability, index) => {
      if (typeof capability === 'string' && DEFAULT_CAPABILITIES.has(capability)) return;
      violations.push({ fieldPath: `${path}.securityContext.capabilities.add[${index}]`, value: capability, text: `container ${quote(name)} must not add ${quote(show(capability))} (baseline allows only ${[...DEFAULT_CAPABILITIES].join(', ')})` });
    });
  }
  return violations;
}

function hostPathVolumes(pod: PodUnderCheck): Violation[] {
  const violations: Violation[] = [];
  asArray(pod.template.spec.volumes).forEach((item, index) => {
    const volume = asRecord(item);
    const hostPath = asRecord(volume?.hostPath);
    if (hostPath === undefined) return;
    violations.push({ fieldPath: `${pod.template.specPath}.volumes[${index}].hostPath`, value: hostPath.path, text: `volume ${quote(asString(volume?.name) ?? '')} is a hostPath volume` });
  });
  return violations;
}

function hostPorts(pod: PodUnderCheck): Violation[] {
  const violations: Violation[] = [];
  for (const { name, path, container } of containers(pod)) {
    asArray(container.ports).forEach((item, index) => {
      const hostPort = asRecord(item)?.hostPort;
      if (hostPort === undefined || hostPort === null || hostPort === 0) return;
      violations.push({ fieldPath: `${path}.ports[${index}].hostPort`, value: hostPort, text: `container ${quote(name)} uses hostPort ${show(hostPort)}` });
    });
  }
  return violations;
}

const APPARMOR_ANNOTATION_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';

function appArmorProfile(pod: PodUnderCheck): Violation[] {
  const violations: Violation[] = [];
  const allowedType = (type: unknown): boolean => type === 'RuntimeDefault' || type === 'Localhost';
  const podProfile = asRecord(podContext(pod).appArmorProfile);
  if (podProfile !== undefined && !allowedType(podProfile.type)) {
    violations.push({ fieldPath: `${podContextPath(pod)}.appArmorProfile.type`, value: podProfile.type, text: `pod must not set AppArmor profile type to ${quote(show(podProfile.type))}` });
  }
  for (const { name, path, context } of containers(pod)) {
    const profile = asRecord(context.appArmorProfile);
    if (profile !== undefined && !allowedType(profile.type)) {
      violations.push({ fieldPath: `${path}.securityContext.appArmorProfile.type`, value: profile.type, text: `container ${quote(name)} must not set AppArmor profile type to ${quote(show(profile.type))}` });
    }
  }
  for (const key of Object.keys(pod.annotations).sort()) {
    const value = pod.annotations[key] ?? '';
    if (!key.startsWith(APPARMOR_ANNOTATION_PREFIX) || value === '' || value === 'runtime/default' || value.startsWith('localhost/')) continue;
    violations.push({ fieldPath: fieldAppend(pod.annotationsPath, key), value, text: `annotation ${key}=${quote(value)} sets a forbidden AppArmor profile` });
  }
  return violations;
}

function seLinuxOptions(allowedTypes: ReadonlySet<string>): CheckFn {
  return (pod) => {
    const violations: Violation[] = [];
    const check = (options: JsonRecord | undefined, path: string, who: string): void => {
      if (options === undefined) return;
      const type = options.type ?? '';
      if (typeof type !== 'string' || !allowedTypes.has(type)) {
        violations.push({ fieldPath: `${path}.seLinuxOptions.type`, value: type, text: `${who} must not set securityContext.seLinuxOptions.type to ${quote(show(type))} (allowed: ${[...allowedTypes].filter(Boolean).join(', ')})` });
      }
      for (const field of ['user', 'role'] as const) {
        const value = options[field];
        if (typeof value === 'string' && value.length > 0) violations.push({ fieldPath: `${path}.seLinuxOptions.${field}`, value, text: `${who} must not set securityContext.seLinuxOptions.${field}` });
      }
    };
    check(asRecord(podContext(pod).seLinuxOptions), podContextPath(pod), 'pod');
    for (const { name, path, context } of containers(pod)) check(asRecord(context.seLinuxOptions), `${path}.securityContext`, `container ${quote(name)}`);
    return violations;
  };
}

const SELINUX_TYPES_1_0 = new Set(['', 'container_t', 'container_init_t', 'container_kvm_t']);
const SELINUX_TYPES_1_31 = new Set([...SELINUX_TYPES_1_0, 'container_engine_t']);

function procMount(pod: PodUnderCheck): Violation[] {
  return containers(pod)
    .filter(({ context }) => context.procMount !== undefined && context.procMount !== null && context.procMount !== 'Default')
    .map(({ name, path, context }) => ({ fieldPath: `${path}.securityContext.procMount`, value: context.procMount, text: `container ${quote(name)} must not set securityContext.procMount to ${quote(show(context.procMount))}` }));
}

function procMountUnlessUserNamespace(pod: PodUnderCheck): Violation[] {
  return inUserNamespace(pod) ? [] : procMount(pod);
}

const SECCOMP_POD_ANNOTATION = 'seccomp.security.alpha.kubernetes.io/pod';
const SECCOMP_CONTAINER_ANNOTATION_PREFIX = 'container.seccomp.security.alpha.kubernetes.io/';

function seccompAnnotations(pod: PodUnderCheck): Violation[] {
  const valid = (value: string): boolean => value === 'runtime/default' || value === 'docker/default' || value.startsWith('localhost/');
  const keys = [SECCOMP_POD_ANNOTATION, ...containers(pod).map(({ name }) => `${SECCOMP_CONTAINER_ANNOTATION_PREFIX}${name}`)];
  const violations: Violation[] = [];
  for (const key of [...new Set(keys)].sort()) {
    const value = pod.annotations[key];
    if (value !== undefined && !valid(value)) violations.push({ fieldPath: fieldAppend(pod.annotationsPath, key), value, text: `forbidden annotation ${key}=${quote(value)}` });
  }
  return violations;
}

const validSeccompType = (type: unknown): boolean => type === 'RuntimeDefault' || type === 'Localhost';

function seccompBaseline(pod: PodUnderCheck): Violation[] {
  const violations: Violation[] = [];
  const podProfile = asRecord(podContext(pod).seccompProfile);
  if (podProfile !== undefined && !validSeccompType(podProfile.type)) {
    violations.push({ fieldPath: `${podContextPath(pod)}.seccompProfile.type`, value: podProfile.type, text: `pod must not set securityContext.seccompProfile.type to ${quote(show(podProfile.type))}` });
  }
  for (const { name, path, context } of containers(pod)) {
    const profile = asRecord(context.seccompProfile);
    if (profile !== undefined && !validSeccompType(profile.type)) {
      violations.push({ fieldPath: `${path}.securityContext.seccompProfile.type`, value: profile.type, text: `container ${quote(name)} must not set securityContext.seccompProfile.type to ${quote(show(profile.type))}` });
    }
  }
  return violations;
}

const SYSCTLS_1_0 = ['kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.tcp_syncookies', 'net.ipv4.ping_group_range', 'net.ipv4.ip_unprivileged_port_start'];
const SYSCTLS_1_27 = [...SYSCTLS_1_0, 'net.ipv4.ip_local_reserved_ports'];
const SYSCTLS_1_29 = [...SYSCTLS_1_27, 'net.ipv4.tcp_keepalive_time', 'net.ipv4.tcp_fin_timeout', 'net.ipv4.tcp_keepalive_intvl', 'net.ipv4.tcp_keepalive_probes'];
const SYSCTLS_1_32 = [...SYSCTLS_1_29, 'net.ipv4.tcp_rmem', 'net.ipv4.tcp_wmem'];

function sysctls(allowed: readonly string[]): CheckFn {
  const set = new Set(allowed);
  return (pod) => {
    const violations: Violation[] = [];
    asArray(podContext(pod).sysctls).forEach((item, index) => {
      const name = asRecord(item)?.name;
      if (typeof name === 'string' && set.has(name)) return;
      violations.push({ fieldPath: `${podContextPath(pod)}.sysctls[${index}].name`, value: name, text: `sysctl ${quote(show(name))} is not one of the safe sysctls (${allowed.join(', ')})` });
    });
    return violations;
  };
}

function windowsHostProcess(pod: PodUnderCheck): Violation[] {
  const violations: Violation[] = [];
  if (asRecord(podContext(pod).windowsOptions)?.hostProcess === true) {
    violations.push({ fieldPath: `${podContextPath(pod)}.windowsOptions.hostProcess`, value: true, text: 'pod must not set securityContext.windowsOptions.hostProcess=true' });
  }
  for (const { name, path, context } of containers(pod)) {
    if (asRecord(context.windowsOptions)?.hostProcess === true) {
      violations.push({ fieldPath: `${path}.securityContext.windowsOptions.hostProcess`, value: true, text: `container ${quote(name)} must not set securityContext.windowsOptions.hostProcess=true` });
    }
  }
  return violations;
}

function hostProbesAndLifecycle(pod: PodUnderCheck): Violation[] {
  const violations: Violation[] = [];
  for (const { name, path, container } of containers(pod)) {
    const handlers: [JsonRecord | undefined, string][] = [
      [asRecord(container.livenessProbe), `${path}.livenessProbe`],
      [asRecord(container.readinessProbe), `${path}.readinessProbe`],
      [asRecord(container.startupProbe), `${path}.startupProbe`],
      [asRecord(asRecord(container.lifecycle)?.postStart), `${path}.lifecycle.postStart`],
      [asRecord(asRecord(container.lifecycle)?.preStop), `${path}.lifecycle.preStop`],
    ];
    for (const [handler, handlerPath] of handlers) {
      for (const action of ['httpGet', 'tcpSocket'] as const) {
        const host = asRecord(handler?.[action])?.host;
        if (typeof host === 'string' && host !== '') {
          violations.push({ fieldPath: `${handlerPath}.${action}.host`, value: host, text: `container ${quote(name)} uses probe or lifecycle host ${quote(host)}` });
        }
      }
    }
  }
  return violations;
}

// ---- restricted ----

/** Volume sources the restricted level allows; the others in the order the admission names them. */
const ALLOWED_VOLUME_SOURCES = ['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'image', 'persistentVolumeClaim', 'projected', 'secret'];
const RESTRICTED_VOLUME_SOURCES = [
  'hostPath', 'gcePersistentDisk', 'awsElasticBlockStore', 'gitRepo', 'nfs', 'iscsi', 'glusterfs', 'rbd', 'flexVolume', 'cinder', 'cephfs',
  'flocker', 'fc', 'azureFile', 'vsphereVolume', 'quobyte', 'azureDisk', 'photonPersistentDisk', 'portworxVolume', 'scaleIO', 'storageos',
];

function restrictedVolumes(pod: PodUnderCheck): Violation[] {
  const violations: Violation[] = [];
  asArray(pod.template.spec.volumes).forEach((item, index) => {
    const volume = asRecord(item) ?? {};
    const present = (source: string): boolean => volume[source] !== undefined && volume[source] !== null;
    if (ALLOWED_VOLUME_SOURCES.some(present)) return;
    const type = RESTRICTED_VOLUME_SOURCES.find(present);
    violations.push({
      fieldPath: `${pod.template.specPath}.volumes[${index}]${type === undefined ? '' : `.${type}`}`,
      text: `volume ${quote(asString(volume.name) ?? '')} uses the restricted volume type ${quote(type ?? 'unknown')}`,
    });
  });
  return violations;
}

function allowPrivilegeEscalation(pod: PodUnderCheck): Violation[] {
  return containers(pod)
    .filter(({ context }) => context.allowPrivilegeEscalation !== false)
    .map(({ name, path, context }) => ({ fieldPath: `${path}.securityContext.allowPrivilegeEscalation`, value: context.allowPrivilegeEscalation, text: `container ${quote(name)} must set securityContext.allowPrivilegeEscalation=false` }));
}

function unlessWindows(check: CheckFn): CheckFn {
  return (pod) => (isWindows(pod) ? [] : check(pod));
}

function unlessUserNamespace(check: CheckFn): CheckFn {
  return (pod) => (inUserNamespace(pod) ? [] : check(pod));
}

/**
 * The shape of runAsNonRoot and the restricted seccomp check: a pod-level setting that containers may
 * override; explicit bad values are reported first, then containers that nothing covers.
 */
function podOrContainers(
  pod: PodUnderCheck,
  field: string,
  isBad: (value: unknown) => boolean,
  describeBad: (who: string, value: unknown) => string,
  missing: (names: string) => string,
): Violation[] {
  const explicit: Violation[] = [];
  const podValue = podContext(pod)[field];
  const podSet = podValue !== undefined && podValue !== null;
  if (podSet && isBad(podValue)) explicit.push({ fieldPath: `${podContextPath(pod)}.${field}`, value: scalarOf(podValue), text: describeBad('pod', podValue) });
  const uncovered: string[] = [];
  for (const { name, path, context } of containers(pod)) {
    const value = context[field];
    if (value !== undefined && value !== null) {
      if (isBad(value)) explicit.push({ fieldPath: `${path}.securityContext.${field}`, value: scalarOf(value), text: describeBad(`container ${quote(name)}`, value) });
    } else if (!podSet || isBad(podValue)) uncovered.push(name);
  }
  if (explicit.length > 0) return explicit;
  if (uncovered.length === 0) return [];
  const names = uncovered.map(quote).join(', ');
  return [{ fieldPath: `${podContextPath(pod)}.${field}`, text: missing(`${uncovered.length === 1 ? 'container' : 'containers'} ${names}`) }];
}

function scalarOf(value: unknown): unknown {
  const record = asRecord(value);
  return record === undefined ? value : record.type;
}

function runAsNonRoot(pod: PodUnderCheck): Violation[] {
  return podOrContainers(
    pod,
    'runAsNonRoot',
    (value) => value !== true,
    (who) => `${who} must not set securityContext.runAsNonRoot=false`,
    (who) => `pod or ${who} must set securityContext.runAsNonRoot=true`,
  );
}

function runAsUser(pod: PodUnderCheck): Violation[] {
  const violations: Violation[] = [];
  if (podContext(pod).runAsUser === 0) violations.push({ fieldPath: `${podContextPath(pod)}.runAsUser`, value: 0, text: 'pod must not set runAsUser=0' });
  for (const { name, path, context } of containers(pod)) {
    if (context.runAsUser === 0) violations.push({ fieldPath: `${path}.securityContext.runAsUser`, value: 0, text: `container ${quote(name)} must not set runAsUser=0` });
  }
  return violations;
}

function seccompRestricted(pod: PodUnderCheck): Violation[] {
  return podOrContainers(
    pod,
    'seccompProfile',
    (value) => !validSeccompType(asRecord(value)?.type),
    (who, value) => `${who} must not set securityContext.seccompProfile.type to ${quote(show(asRecord(value)?.type))}`,
    (who) => `pod or ${who} must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"`,
  ).map((violation) => ({ ...violation, fieldPath: `${violation.fieldPath}.type` }));
}

function capabilitiesRestricted(pod: PodUnderCheck): Violation[] {
  const violations: Violation[] = [];
  for (const { name, path, context } of containers(pod)) {
    const capabilities = asRecord(context.capabilities);
    if (!asArray(capabilities?.drop).includes('ALL')) {
      violations.push({ fieldPath: `${path}.securityContext.capabilities.drop`, text: `container ${quote(name)} must set securityContext.capabilities.drop=["ALL"]` });
    }
    asArray(capabilities?.add).forEach((capability, index) => {
      if (capability === 'NET_BIND_SERVICE') return;
      violations.push({ fieldPath: `${path}.securityContext.capabilities.add[${index}]`, value: capability, text: `container ${quote(name)} must not add ${quote(show(capability))} (restricted allows only NET_BIND_SERVICE)` });
    });
  }
  return violations;
}

const OUTSIDE_BASELINE = 'or run it in a Namespace whose pod-security.kubernetes.io/enforce level is privileged, if it really needs this.';
const OUTSIDE_RESTRICTED = 'or use a Namespace whose Pod Security level is baseline if the image cannot run that way.';

/** Every check, baseline first, each in the admission's alphabetical order of ids. */
export const POD_SECURITY_CHECKS: readonly PodSecurityCheck[] = [
  { id: 'app-armor-profile', upstreamId: 'appArmorProfile', level: 'baseline', fix: `Use the AppArmor profile type RuntimeDefault or Localhost (or remove it), ${OUTSIDE_BASELINE}`, versions: [{ minimumMinor: 0, check: appArmorProfile }] },
  { id: 'capabilities-baseline', upstreamId: 'capabilities_baseline', level: 'baseline', fix: `Remove the capability from securityContext.capabilities.add, ${OUTSIDE_BASELINE}`, versions: [{ minimumMinor: 0, check: capabilitiesBaseline }] },
  { id: 'host-namespaces', upstreamId: 'hostNamespaces', level: 'baseline', fix: `Remove hostNetwork, hostPID and hostIPC from the pod spec, ${OUTSIDE_BASELINE}`, versions: [{ minimumMinor: 0, check: hostNamespaces }] },
  { id: 'host-path-volumes', upstreamId: 'hostPathVolumes', level: 'baseline', fix: `Use another volume type (emptyDir, a PersistentVolumeClaim, configMap, secret), ${OUTSIDE_BASELINE}`, versions: [{ minimumMinor: 0, check: hostPathVolumes }] },
  { id: 'host-ports', upstreamId: 'hostPorts', level: 'baseline', fix: `Remove hostPort and reach the pod through a Service, ${OUTSIDE_BASELINE}`, versions: [{ minimumMinor: 0, check: hostPorts }] },
  { id: 'host-probes-and-lifecycle', upstreamId: 'hostProbesAndHostLifecycle', level: 'baseline', fix: 'Remove host from httpGet/tcpSocket probes and lifecycle handlers: they then target the pod itself.', versions: [{ minimumMinor: 34, check: hostProbesAndLifecycle }] },
  { id: 'privileged', upstreamId: 'privileged', level: 'baseline', fix: `Remove securityContext.privileged (add only the capabilities needed), ${OUTSIDE_BASELINE}`, versions: [{ minimumMinor: 0, check: privileged }] },
  { id: 'proc-mount', upstreamId: 'procMount', level: 'baseline', fix: `Remove securityContext.procMount (or set it to Default), or set hostUsers: false to run the pod in a user namespace (Kubernetes 1.35+), ${OUTSIDE_BASELINE}`, versions: [{ minimumMinor: 0, check: procMount }, { minimumMinor: 35, check: procMountUnlessUserNamespace }] },
  { id: 'seccomp-profile-baseline', upstreamId: 'seccompProfile_baseline', level: 'baseline', fix: `Use the seccomp profile type RuntimeDefault or Localhost instead of Unconfined, ${OUTSIDE_BASELINE}`, versions: [{ minimumMinor: 0, check: seccompAnnotations }, { minimumMinor: 19, check: seccompBaseline }] },
  { id: 'selinux-options', upstreamId: 'seLinuxOptions', level: 'baseline', fix: `Remove seLinuxOptions user and role and use a container SELinux type (container_t), ${OUTSIDE_BASELINE}`, versions: [{ minimumMinor: 0, check: seLinuxOptions(SELINUX_TYPES_1_0) }, { minimumMinor: 31, check: seLinuxOptions(SELINUX_TYPES_1_31) }] },
  { id: 'sysctls', upstreamId: 'sysctls', level: 'baseline', fix: `Set only the safe sysctls, or set the others on the node, ${OUTSIDE_BASELINE}`, versions: [{ minimumMinor: 0, check: sysctls(SYSCTLS_1_0) }, { minimumMinor: 27, check: sysctls(SYSCTLS_1_27) }, { minimumMinor: 29, check: sysctls(SYSCTLS_1_29) }, { minimumMinor: 32, check: sysctls(SYSCTLS_1_32) }] },
  { id: 'windows-host-process', upstreamId: 'windowsHostProcess', level: 'baseline', fix: `Remove securityContext.windowsOptions.hostProcess, ${OUTSIDE_BASELINE}`, versions: [{ minimumMinor: 0, check: windowsHostProcess }] },
  { id: 'allow-privilege-escalation', upstreamId: 'allowPrivilegeEscalation', level: 'restricted', fix: `Set securityContext.allowPrivilegeEscalation: false on every container, ${OUTSIDE_RESTRICTED}`, versions: [{ minimumMinor: 8, check: allowPrivilegeEscalation }, { minimumMinor: 25, check: unlessWindows(allowPrivilegeEscalation) }] },
  {
    id: 'capabilities-restricted', upstreamId: 'capabilities_restricted', level: 'restricted',
    fix: `Set securityContext.capabilities.drop: ["ALL"] on every container and add at most NET_BIND_SERVICE, ${OUTSIDE_RESTRICTED}`,
    versions: [{ minimumMinor: 22, check: capabilitiesRestricted, overrides: ['capabilities-baseline'] }, { minimumMinor: 25, check: unlessWindows(capabilitiesRestricted), overrides: ['capabilities-baseline'] }],
  },
  { id: 'proc-mount-restricted', upstreamId: 'procMount_restricted', level: 'restricted', fix: `Remove securityContext.procMount (or set it to Default), ${OUTSIDE_RESTRICTED}`, versions: [{ minimumMinor: 35, check: procMount, overrides: ['proc-mount'] }] },
  { id: 'restricted-volumes', upstreamId: 'restrictedVolumes', level: 'restricted', fix: `Use only configMap, csi, downwardAPI, emptyDir, ephemeral, image, persistentVolumeClaim, projected or secret volumes, ${OUTSIDE_RESTRICTED}`, versions: [{ minimumMinor: 0, check: restrictedVolumes, overrides: ['host-path-volumes'] }] },
  { id: 'run-as-non-root', upstreamId: 'runAsNonRoot', level: 'restricted', fix: `Set securityContext.runAsNonRoot: true on the pod, with an image that runs as a non-root user (or set runAsUser), ${OUTSIDE_RESTRICTED}`, versions: [{ minimumMinor: 0, check: runAsNonRoot }, { minimumMinor: 35, check: unlessUserNamespace(runAsNonRoot) }] },
  { id: 'run-as-user', upstreamId: 'runAsUser', level: 'restricted', fix: `Set runAsUser to a non-zero UID, or leave it unset, ${OUTSIDE_RESTRICTED}`, versions: [{ minimumMinor: 23, check: runAsUser }, { minimumMinor: 35, check: unlessUserNamespace(runAsUser) }] },
  {
    id: 'seccomp-profile-restricted', upstreamId: 'seccompProfile_restricted', level: 'restricted',
    fix: `Set securityContext.seccompProfile.type: RuntimeDefault on the pod (or Localhost with a profile), ${OUTSIDE_RESTRICTED}`,
    versions: [{ minimumMinor: 19, check: seccompRestricted, overrides: ['seccomp-profile-baseline'] }, { minimumMinor: 25, check: unlessWindows(seccompRestricted), overrides: ['seccomp-profile-baseline'] }],
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

/** The baseline checks that a restricted check replaces at some policy version. */
export function overriddenBy(check: PodSecurityCheck): readonly string[] {
  return [...new Set(check.versions.flatMap((version) => version.overrides ?? []))];
}
