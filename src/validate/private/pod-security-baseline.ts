/** The baseline-level Pod Security checks, ported from k8s.io/pod-security-admission v0.36 `policy/check_*.go`. */
import { asArray, asRecord, asString, fieldAppend, type JsonRecord } from './json';
import { containers, inUserNamespace, podContext, podContextPath, quote, show, type CheckFn, type PodUnderCheck, type Violation } from './pod-security-pod';

/** hostNamespaces: no host network, PID or IPC namespace. */
export function hostNamespaces(pod: PodUnderCheck): Violation[] {
  return (['hostNetwork', 'hostPID', 'hostIPC'] as const)
    .filter((field) => pod.template.spec[field] === true)
    .map((field) => ({ fieldPath: `${pod.template.specPath}.${field}`, value: true, text: `${field}=true` }));
}

/** privileged: no privileged container. */
export function privileged(pod: PodUnderCheck): Violation[] {
  return containers(pod)
    .filter(({ context }) => context.privileged === true)
    .map(({ name, path }) => ({ fieldPath: `${path}.securityContext.privileged`, value: true, text: `container ${quote(name)} must not set securityContext.privileged=true` }));
}

const DEFAULT_CAPABILITIES = new Set(['AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE', 'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT']);

/** capabilities_baseline: only the container runtime's default capabilities may be added. */
export function capabilitiesBaseline(pod: PodUnderCheck): Violation[] {
  const violations: Violation[] = [];
  for (const { name, path, context } of containers(pod)) {
    asArray(asRecord(context.capabilities)?.add).forEach((capability, index) => {
      if (typeof capability === 'string' && DEFAULT_CAPABILITIES.has(capability)) return;
      violations.push({ fieldPath: `${path}.securityContext.capabilities.add[${index}]`, value: capability, text: `container ${quote(name)} must not add ${quote(show(capability))} (baseline allows only ${[...DEFAULT_CAPABILITIES].join(', ')})` });
    });
  }
  return violations;
}

/** hostPathVolumes: no hostPath volume. */
export function hostPathVolumes(pod: PodUnderCheck): Violation[] {
  const violations: Violation[] = [];
  asArray(pod.template.spec.volumes).forEach((item, index) => {
    const volume = asRecord(item);
    const hostPath = asRecord(volume?.hostPath);
    if (hostPath === undefined) return;
    violations.push({ fieldPath: `${pod.template.specPath}.volumes[${index}].hostPath`, value: hostPath.path, text: `volume ${quote(asString(volume?.name) ?? '')} is a hostPath volume` });
  });
  return violations;
}

/** hostPorts: no host port. */
export function hostPorts(pod: PodUnderCheck): Violation[] {
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

/** appArmorProfile: only the RuntimeDefault or Localhost AppArmor profiles, in fields and in the beta annotations. */
export function appArmorProfile(pod: PodUnderCheck): Violation[] {
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

/** seLinuxOptions: only container SELinux types (the allowed set grows at 1.31), never a user or role. */
export function seLinuxOptions(allowedTypes: ReadonlySet<string>): CheckFn {
  return (pod) => {
    const violations: Violation[] = [];
    const check = (options: JsonRecord | undefined, path: string, who: string): void => {
      if (options === undefined) return;
      const type = options.type ?? '';
      if (typeof type !== 'string' || !allowedTypes.has(type)) {
        violations.push({ fieldPath: `${path}.seLinuxOptions.type`, value: type, text: `${who} must not set securityContext.seLinuxOptions.type to ${quote(show(type))}` });
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

/** The SELinux types allowed by policy 1.0. */
export const SELINUX_TYPES_1_0 = new Set(['', 'container_t', 'container_init_t', 'container_kvm_t']);
/** The SELinux types allowed from policy 1.31. */
export const SELINUX_TYPES_1_31 = new Set([...SELINUX_TYPES_1_0, 'container_engine_t']);

/** procMount (and procMount_restricted): the default /proc mask only. */
export function procMount(pod: PodUnderCheck): Violation[] {
  return containers(pod)
    .filter(({ context }) => context.procMount !== undefined && context.procMount !== null && context.procMount !== 'Default')
    .map(({ name, path, context }) => ({ fieldPath: `${path}.securityContext.procMount`, value: context.procMount, text: `container ${quote(name)} must not set securityContext.procMount to ${quote(show(context.procMount))}` }));
}

/** procMount from 1.35: any /proc mount for pods in a user namespace. */
export function procMountUnlessUserNamespace(pod: PodUnderCheck): Violation[] {
  return inUserNamespace(pod) ? [] : procMount(pod);
}

const SECCOMP_POD_ANNOTATION = 'seccomp.security.alpha.kubernetes.io/pod';
const SECCOMP_CONTAINER_ANNOTATION_PREFIX = 'container.seccomp.security.alpha.kubernetes.io/';

/** seccompProfile_baseline before 1.19: the alpha seccomp annotations name no unconfined profile. */
export function seccompAnnotations(pod: PodUnderCheck): Violation[] {
  const valid = (value: string): boolean => value === 'runtime/default' || value === 'docker/default' || value.startsWith('localhost/');
  const keys = [SECCOMP_POD_ANNOTATION, ...containers(pod).map(({ name }) => `${SECCOMP_CONTAINER_ANNOTATION_PREFIX}${name}`)];
  const violations: Violation[] = [];
  for (const key of [...new Set(keys)].sort()) {
    const value = pod.annotations[key];
    if (value !== undefined && !valid(value)) violations.push({ fieldPath: fieldAppend(pod.annotationsPath, key), value, text: `forbidden annotation ${key}=${quote(value)}` });
  }
  return violations;
}

/** Whether a seccomp profile type is one both levels allow. */
export const validSeccompType = (type: unknown): boolean => type === 'RuntimeDefault' || type === 'Localhost';

/** seccompProfile_baseline from 1.19: no Unconfined seccomp profile. */
export function seccompBaseline(pod: PodUnderCheck): Violation[] {
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

/** The safe sysctls of policy 1.0. */
export const SYSCTLS_1_0 = ['kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.tcp_syncookies', 'net.ipv4.ping_group_range', 'net.ipv4.ip_unprivileged_port_start'];
/** The safe sysctls from policy 1.27. */
export const SYSCTLS_1_27 = [...SYSCTLS_1_0, 'net.ipv4.ip_local_reserved_ports'];
/** The safe sysctls from policy 1.29. */
export const SYSCTLS_1_29 = [...SYSCTLS_1_27, 'net.ipv4.tcp_keepalive_time', 'net.ipv4.tcp_fin_timeout', 'net.ipv4.tcp_keepalive_intvl', 'net.ipv4.tcp_keepalive_probes'];
/** The safe sysctls from policy 1.32. */
export const SYSCTLS_1_32 = [...SYSCTLS_1_29, 'net.ipv4.tcp_rmem', 'net.ipv4.tcp_wmem'];

/** sysctls: only the safe sysctls of the policy version. */
export function sysctls(allowed: readonly string[]): CheckFn {
  const set = new Set(allowed);
  return (pod) => {
    const violations: Violation[] = [];
    asArray(podContext(pod).sysctls).forEach((item, index) => {
      const name = asRecord(item)?.name;
      if (typeof name === 'string' && set.has(name)) return;
      violations.push({ fieldPath: `${podContextPath(pod)}.sysctls[${index}].name`, value: name, text: `sysctl ${quote(show(name))} is not one of the safe sysctls` });
    });
    return violations;
  };
}

/** windowsHostProcess: no Windows host process. */
export function windowsHostProcess(pod: PodUnderCheck): Violation[] {
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

/** hostProbesAndHostLifecycle (from 1.34): probes and lifecycle handlers target the pod, not another host. */
export function hostProbesAndLifecycle(pod: PodUnderCheck): Violation[] {
  const violations: Violation[] = [];
  for (const { name, path, container } of containers(pod)) {
    const lifecycle = asRecord(container.lifecycle);
    checkHandlerHost(asRecord(container.livenessProbe), path, 'livenessProbe', name, violations);
    checkHandlerHost(asRecord(container.readinessProbe), path, 'readinessProbe', name, violations);
    checkHandlerHost(asRecord(container.startupProbe), path, 'startupProbe', name, violations);
    checkHandlerHost(asRecord(lifecycle?.postStart), path, 'lifecycle.postStart', name, violations);
    checkHandlerHost(asRecord(lifecycle?.preStop), path, 'lifecycle.preStop', name, violations);
  }
  return violations;
}

/** A handler's host, if it sets one; the field path is made only then (every pod of every output runs this). */
function checkHandlerHost(handler: JsonRecord | undefined, containerPath: string, field: string, name: string, violations: Violation[]): void {
  if (handler === undefined) return;
  for (const action of ['httpGet', 'tcpSocket'] as const) {
    const host = asRecord(handler[action])?.host;
    if (typeof host === 'string' && host !== '') {
      violations.push({ fieldPath: `${containerPath}.${field}.${action}.host`, value: host, text: `container ${quote(name)} uses probe or lifecycle host ${quote(host)}` });
    }
  }
}

