/** The restricted-level Pod Security checks, ported from k8s.io/pod-security-admission v0.36 `policy/check_*.go`. */
import { asArray, asRecord, asString } from './json';
import { validSeccompType } from './pod-security-baseline';
import { containers, inUserNamespace, isWindows, podContext, podContextPath, quote, show, type CheckFn, type PodUnderCheck, type Violation } from './pod-security-pod';

/** Volume sources the restricted level allows; the others in the order the admission names them. */
const ALLOWED_VOLUME_SOURCES = ['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'image', 'persistentVolumeClaim', 'projected', 'secret'];
const RESTRICTED_VOLUME_SOURCES = [
  'hostPath', 'gcePersistentDisk', 'awsElasticBlockStore', 'gitRepo', 'nfs', 'iscsi', 'glusterfs', 'rbd', 'flexVolume', 'cinder', 'cephfs',
  'flocker', 'fc', 'azureFile', 'vsphereVolume', 'quobyte', 'azureDisk', 'photonPersistentDisk', 'portworxVolume', 'scaleIO', 'storageos',
];

/** restrictedVolumes: only configMap, csi, downwardAPI, emptyDir, ephemeral, image, persistentVolumeClaim, projected and secret volumes. */
export function restrictedVolumes(pod: PodUnderCheck): Violation[] {
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

/** allowPrivilegeEscalation: every container sets allowPrivilegeEscalation: false. */
export function allowPrivilegeEscalation(pod: PodUnderCheck): Violation[] {
  return containers(pod)
    .filter(({ context }) => context.allowPrivilegeEscalation !== false)
    .map(({ name, path, context }) => ({ fieldPath: `${path}.securityContext.allowPrivilegeEscalation`, value: context.allowPrivilegeEscalation, text: `container ${quote(name)} must set securityContext.allowPrivilegeEscalation=false` }));
}

/** A check that Windows pods (spec.os.name: windows) are exempt from, as from policy 1.25. */
export function unlessWindows(check: CheckFn): CheckFn {
  return (pod) => (isWindows(pod) ? [] : check(pod));
}

/** A check that pods in a user namespace are exempt from, as from policy 1.35. */
export function unlessUserNamespace(check: CheckFn): CheckFn {
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

/** runAsNonRoot: the pod or every container sets runAsNonRoot: true. */
export function runAsNonRoot(pod: PodUnderCheck): Violation[] {
  return podOrContainers(
    pod,
    'runAsNonRoot',
    (value) => value !== true,
    (who) => `${who} must not set securityContext.runAsNonRoot=false`,
    (who) => `pod or ${who} must set securityContext.runAsNonRoot=true`,
  );
}

/** runAsUser (from 1.23): no UID 0. */
export function runAsUser(pod: PodUnderCheck): Violation[] {
  const violations: Violation[] = [];
  if (podContext(pod).runAsUser === 0) violations.push({ fieldPath: `${podContextPath(pod)}.runAsUser`, value: 0, text: 'pod must not set runAsUser=0' });
  for (const { name, path, context } of containers(pod)) {
    if (context.runAsUser === 0) violations.push({ fieldPath: `${path}.securityContext.runAsUser`, value: 0, text: `container ${quote(name)} must not set runAsUser=0` });
  }
  return violations;
}

/** seccompProfile_restricted: the pod or every container sets a RuntimeDefault or Localhost seccomp profile. */
export function seccompRestricted(pod: PodUnderCheck): Violation[] {
  return podOrContainers(
    pod,
    'seccompProfile',
    (value) => !validSeccompType(asRecord(value)?.type),
    (who, value) => `${who} must not set securityContext.seccompProfile.type to ${quote(show(asRecord(value)?.type))}`,
    (who) => `pod or ${who} must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"`,
  ).map((violation) => ({ ...violation, fieldPath: `${violation.fieldPath}.type` }));
}

/** capabilities_restricted: every container drops ALL and adds at most NET_BIND_SERVICE. */
export function capabilitiesRestricted(pod: PodUnderCheck): Violation[] {
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

