/** Runs the best-practice checks of `policy-catalog.ts` on workloads. */
import { POLICY_CHECKS, type PolicyCheck } from './policy-catalog';
import type { Finding } from './private/collector';
import { asArray, asRecord, asString, type JsonRecord } from './private/json';
import { labelSelectorMatches } from './private/label-selector';
import type { ObjectEntry } from './private/object-entry';
import type { ObjectIndex } from './private/object-index';
import { containersOf, podTemplateOf, type ContainerRef, type PodTemplate } from './private/pod-templates';
import { SECRET_LOOKING_NAME } from './private/redact';

type Report = (entry: ObjectEntry, finding: Finding) => void;

/** Kinds whose pods run until stopped, which need probes (Jobs finish, so they do not). */
const LONG_RUNNING = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Pod']);

function finding(policy: PolicyCheck, message: string, fieldPath?: string, value?: unknown): Finding {
  return {
    ruleId: policy.id,
    severity: policy.severity,
    message: `${message}: ${policy.rationale}`,
    fix: policy.fix,
    ...(fieldPath === undefined ? {} : { fieldPath }),
    ...(value === undefined ? {} : { value }),
  };
}

/** Runs every policy check on every workload. */
export function checkPolicies(entries: readonly ObjectEntry[], index: ObjectIndex, report: Report): void {
  for (const entry of entries) {
    const template = podTemplateOf(entry);
    if (template === undefined) continue;
    const add = (found: Finding): void => report(entry, found);
    checkPodSecurity(template, add);
    for (const container of containersOf(template)) {
      if (container.list === 'ephemeralContainers') continue;
      checkContainer(template, container, LONG_RUNNING.has(entry.ref.kind), add);
    }
    if (entry.ref.kind === 'Deployment' || entry.ref.kind === 'StatefulSet') checkAvailability(template, index, add);
  }
}

function checkPodSecurity(template: PodTemplate, add: (found: Finding) => void): void {
  const spec = template.spec;
  const path = template.specPath;
  if (spec.hostNetwork === true) add(finding(POLICY_CHECKS.hostNetwork, 'the pod uses the host network', `${path}.hostNetwork`, true));
  if (spec.hostPID === true) add(finding(POLICY_CHECKS.hostPid, 'the pod shares the host PID namespace', `${path}.hostPID`, true));
  if (spec.hostIPC === true) add(finding(POLICY_CHECKS.hostIpc, 'the pod shares the host IPC namespace', `${path}.hostIPC`, true));
}

function checkContainer(template: PodTemplate, ref: ContainerRef, longRunning: boolean, add: (found: Finding) => void): void {
  const { container, path } = ref;
  const name = asString(container.name) ?? '?';
  const who = `container ${JSON.stringify(name)}`;
  const resources = asRecord(container.resources);
  const requests = asRecord(resources?.requests);
  const limits = asRecord(resources?.limits);
  const missingRequests = ['cpu', 'memory'].filter((resource) => requests?.[resource] === undefined && limits?.[resource] === undefined);
  if (missingRequests.length > 0) add(finding(POLICY_CHECKS.resourceRequests, `${who} requests no ${missingRequests.join(' or ')}`, `${path}.resources.requests`));
  if (limits?.memory === undefined) add(finding(POLICY_CHECKS.memoryLimit, `${who} has no memory limit`, `${path}.resources.limits.memory`));
  if (longRunning && ref.list === 'containers') {
    if (container.readinessProbe === undefined) add(finding(POLICY_CHECKS.readinessProbe, `${who} has no readiness probe`, `${path}.readinessProbe`));
    if (container.livenessProbe === undefined) add(finding(POLICY_CHECKS.livenessProbe, `${who} has no liveness probe`, `${path}.livenessProbe`));
  }
  const image = asString(container.image);
  if (image !== undefined && image.trim() !== '' && !image.includes('@')) {
    const lastSegment = image.slice(image.lastIndexOf('/') + 1);
    const tag = lastSegment.includes(':') ? lastSegment.slice(lastSegment.indexOf(':') + 1) : undefined;
    if (tag === undefined || tag === 'latest') {
      add(finding(POLICY_CHECKS.imageTag, `${who} uses ${tag === undefined ? 'an image without a tag' : 'the latest tag'}`, `${path}.image`, image));
    }
  }
  checkContainerSecurity(template, ref, who, add);
  asArray(container.env).forEach((item, envIndex) => {
    const env = asRecord(item);
    const envName = asString(env?.name);
    const value = env?.value;
    if (envName !== undefined && SECRET_LOOKING_NAME.test(envName) && typeof value === 'string' && value !== '' && !/^\$\(.*\)$/.test(value)) {
      add(finding(POLICY_CHECKS.secretInEnv, `${who} sets ${envName} to a literal value`, `${path}.env[${envIndex}].value`, value));
    }
  });
}

function checkContainerSecurity(template: PodTemplate, ref: ContainerRef, who: string, add: (found: Finding) => void): void {
  const podContext = asRecord(template.spec.securityContext) ?? {};
  const context: JsonRecord = asRecord(ref.container.securityContext) ?? {};
  const path = `${ref.path}.securityContext`;
  const runAsUser = context.runAsUser ?? podContext.runAsUser;
  const runAsNonRoot = context.runAsNonRoot ?? podContext.runAsNonRoot;
  if (runAsUser === 0) add(finding(POLICY_CHECKS.runAsRoot, `${who} runs as UID 0`, context.runAsUser === 0 ? `${path}.runAsUser` : `${template.specPath}.securityContext.runAsUser`, 0));
  else if (runAsNonRoot !== true && !(typeof runAsUser === 'number' && runAsUser > 0)) {
    add(finding(POLICY_CHECKS.runAsNonRoot, `${who} may run as root`, `${path}.runAsNonRoot`, runAsNonRoot));
  }
  if (context.privileged === true) add(finding(POLICY_CHECKS.privileged, `${who} is privileged`, `${path}.privileged`, true));
  const added = asArray(asRecord(context.capabilities)?.add).map((capability) => String(capability).toUpperCase());
  if (context.allowPrivilegeEscalation === true || added.includes('SYS_ADMIN') || added.includes('CAP_SYS_ADMIN')) {
    add(finding(POLICY_CHECKS.privilegeEscalation, `${who} may escalate privileges`, context.allowPrivilegeEscalation === true ? `${path}.allowPrivilegeEscalation` : `${path}.capabilities.add`));
  } else if (context.allowPrivilegeEscalation !== false && context.privileged !== true) {
    add(finding(POLICY_CHECKS.privilegeEscalationUnset, `${who} does not forbid privilege escalation`, `${path}.allowPrivilegeEscalation`));
  }
  if (context.readOnlyRootFilesystem !== true) {
    add(finding(POLICY_CHECKS.readOnlyRootFilesystem, `${who} has a writable root filesystem`, `${path}.readOnlyRootFilesystem`, context.readOnlyRootFilesystem));
  }
}

function checkAvailability(template: PodTemplate, index: ObjectIndex, add: (found: Finding) => void): void {
  const entry = template.entry;
  const replicas = template.replicas ?? 1;
  const hasBudget = index
    .ofKindIn('PodDisruptionBudget', entry.namespace)
    .some((budget) => labelSelectorMatches(asRecord(budget.object.spec)?.selector, template.labels));
  if (entry.ref.kind === 'Deployment' && replicas >= 2) {
    const spec = template.spec;
    const antiAffinity = asRecord(asRecord(spec.affinity)?.podAntiAffinity);
    if (antiAffinity === undefined && asArray(spec.topologySpreadConstraints).length === 0) {
      add(finding(POLICY_CHECKS.deploymentSpread, `${replicas} replicas have no topology spread or anti-affinity`, `${template.specPath}.topologySpreadConstraints`));
    }
    if (!hasBudget) add(finding(POLICY_CHECKS.deploymentPdb, `${replicas} replicas have no PodDisruptionBudget`, 'spec.replicas', replicas));
  }
  if (entry.ref.kind === 'StatefulSet' && !hasBudget) {
    add(finding(POLICY_CHECKS.statefulSetPdb, 'the StatefulSet has no PodDisruptionBudget', 'spec.replicas', replicas));
  }
}
