/**
 * Pod Security Standards, offline: every Pod and pod template in a Namespace of the input is checked
 * against the levels that Namespace's `pod-security.kubernetes.io/*` labels set, with the rules of the
 * API server's PodSecurity admission (see private/pod-security-checks.ts). A violation of the enforced
 * level is an error (the server refuses the Pod, or every pod a workload creates); the warn and audit
 * levels give warnings. Namespaces that are not part of the input are not checked: their labels are
 * unknown. The server's admission configuration is assumed to be the default one (no exemptions).
 */
import type { KubernetesVersion } from './options';
import type { Finding } from './private/collector';
import { asStringMap, fieldAppend } from './private/json';
import type { ObjectEntry } from './private/object-entry';
import type { ObjectIndex } from './private/object-index';
import { checksFor, overriddenBy, type ActiveCheck, type CheckFn, type PodUnderCheck, type PodSecurityCheck, type Violation } from './private/pod-security-checks';
import { describeLevelVersion, effectiveMinor, policyOf, type LevelVersion, type NamespacePolicy, type PodSecurityMode } from './private/pod-security-policy';
import { podTemplateOf, type PodTemplate } from './private/pod-templates';

type Report = (entry: ObjectEntry, finding: Finding) => void;

const MODES: readonly PodSecurityMode[] = ['enforce', 'warn', 'audit'];

/** Runs the Pod Security checks for every target Kubernetes version. */
export function checkPodSecurity(entries: readonly ObjectEntry[], index: ObjectIndex, versions: readonly KubernetesVersion[], report: Report): void {
  const policies = new Map<string, NamespacePolicy>();
  // Namespaces with the same levels share one policy, and with it the work done per policy below.
  const bySignature = new Map<string, NamespacePolicy>();
  for (const namespace of index.ofKind('Namespace')) {
    if (namespace.name === undefined || policies.has(namespace.name)) continue;
    const policy = policyOf(namespace.labels);
    if (policy.errors.length > 0) {
      policies.set(namespace.name, policy);
      continue;
    }
    const signature = MODES.map((mode) => describeLevelVersion(policy.modes[mode])).join(' ');
    const shared = bySignature.get(signature) ?? policy;
    bySignature.set(signature, shared);
    policies.set(namespace.name, shared);
  }
  if (policies.size === 0) return;
  const runsOfPolicy = new Map<NamespacePolicy, readonly CheckFn[]>();
  const groupsOfPolicy = new Map<NamespacePolicy, readonly (readonly KubernetesVersion[])[]>();
  for (const entry of entries) {
    if (entry.ref.kind === 'Namespace') {
      reportLabelErrors(entry, report);
      continue;
    }
    const template = podTemplateOf(entry);
    if (template === undefined || entry.namespace === undefined) continue;
    const policy = policies.get(entry.namespace);
    // A Namespace with a bad label is refused itself (reported on it): its pods never get that far.
    if (policy === undefined || policy.errors.length > 0 || MODES.every((mode) => policy.modes[mode].level === 'privileged')) continue;
    const pod = podUnderCheck(template);
    // Most checks are the same function at every level, mode and version: run each once per pod.
    const memo = new Map<CheckFn, Violation[]>();
    let runs = runsOfPolicy.get(policy);
    if (runs === undefined) {
      runs = checkRunsOf(policy, versions);
      runsOfPolicy.set(policy, runs);
    }
    // Most pods pass: then there is nothing to sort out by mode and version.
    if (passesAll(pod, runs, memo)) continue;
    let groups = groupsOfPolicy.get(policy);
    if (groups === undefined) {
      groups = versionsWithSameChecks(policy, versions);
      groupsOfPolicy.set(policy, groups);
    }
    for (const group of groups) {
      const [first] = group;
      if (first === undefined) continue;
      const findings = checkAtVersion(pod, entry.namespace, policy, first, memo);
      for (const version of group) {
        for (const finding of findings) report(entry, version === first ? finding : { ...finding, kubernetesVersion: version });
      }
    }
  }
}

/**
 * The target versions grouped by the checks the policy runs at them: within a group every mode runs the same
 * checks, so the findings are the same but for the version they name, and are worked out once.
 */
function versionsWithSameChecks(policy: NamespacePolicy, versions: readonly KubernetesVersion[]): readonly (readonly KubernetesVersion[])[] {
  const groups: { readonly checks: readonly (readonly ActiveCheck[])[]; readonly versions: KubernetesVersion[] }[] = [];
  for (const version of versions) {
    const targetMinor = Number(version.split('.')[1]);
    const checks = MODES.map((mode) => {
      const levelVersion = policy.modes[mode];
      return levelVersion.level === 'privileged' ? [] : checksFor(levelVersion.level, effectiveMinor(levelVersion, targetMinor));
    });
    const same = groups.find((group) => group.checks.every((list, index) => sameChecks(list, checks[index] ?? [])));
    if (same === undefined) groups.push({ checks, versions: [version] });
    else same.versions.push(version);
  }
  return groups.map((group) => group.versions);
}

function sameChecks(a: readonly ActiveCheck[], b: readonly ActiveCheck[]): boolean {
  return a.length === b.length && a.every((active, index) => active.check === b[index]?.check && active.run === b[index]?.run);
}

/** Every check function a policy runs at any of its modes and the target versions, each once. */
function checkRunsOf(policy: NamespacePolicy, versions: readonly KubernetesVersion[]): readonly CheckFn[] {
  const runs = new Set<CheckFn>();
  for (const version of versions) {
    const targetMinor = Number(version.split('.')[1]);
    for (const mode of MODES) {
      const levelVersion = policy.modes[mode];
      if (levelVersion.level === 'privileged') continue;
      for (const { run } of checksFor(levelVersion.level, effectiveMinor(levelVersion, targetMinor))) runs.add(run);
    }
  }
  return [...runs];
}

/** Whether no check finds anything; the violations found are left in `memo` for the full report. */
function passesAll(pod: PodUnderCheck, runs: readonly CheckFn[], memo: Map<CheckFn, Violation[]>): boolean {
  for (const run of runs) {
    const violations = run(pod);
    memo.set(run, violations);
    if (violations.length > 0) return false;
  }
  return true;
}

function reportLabelErrors(entry: ObjectEntry, report: Report): void {
  for (const error of policyOf(entry.labels).errors) {
    report(entry, {
      ruleId: 'pod-security/namespace-labels',
      severity: 'error',
      fieldPath: fieldAppend('metadata.labels', error.label),
      value: error.value,
      message: `the API server's PodSecurity admission refuses this Namespace: label ${error.label} ${error.message}`,
      fix: `Set ${error.label} to ${error.label.endsWith('-version') ? '"latest" or a version such as "v1.27"' : 'privileged, baseline or restricted'}.`,
    });
  }
}

function podUnderCheck(template: PodTemplate): PodUnderCheck {
  if (template.specPath === 'spec') return { template, annotations: template.entry.annotations, annotationsPath: 'metadata.annotations' };
  return { template, annotations: asStringMap(template.metadata?.annotations), annotationsPath: `${template.metadataPath}.annotations` };
}

/** What one check found, and under which modes. */
interface Failure {
  readonly check: PodSecurityCheck;
  readonly levelVersion: LevelVersion;
  readonly violations: readonly Violation[];
  readonly modes: PodSecurityMode[];
}

/** The findings of a pod at one target version, in the order they are reported. */
function checkAtVersion(pod: PodUnderCheck, namespace: string, policy: NamespacePolicy, version: KubernetesVersion, memo: Map<CheckFn, Violation[]>): Finding[] {
  const targetMinor = Number(version.split('.')[1]);
  const failures = new Map<string, Failure>();
  const evaluated = new Map<string, readonly { check: PodSecurityCheck; violations: Violation[] }[]>();
  for (const mode of MODES) {
    const levelVersion = policy.modes[mode];
    if (levelVersion.level === 'privileged') continue;
    const minor = effectiveMinor(levelVersion, targetMinor);
    const key = `${levelVersion.level}:${minor}`;
    let results = evaluated.get(key);
    if (results === undefined) {
      results = checksFor(levelVersion.level, minor)
        .map(({ check, run }) => {
          let violations = memo.get(run);
          if (violations === undefined) {
            violations = run(pod);
            memo.set(run, violations);
          }
          return { check, violations };
        })
        .filter(({ violations }) => violations.length > 0);
      evaluated.set(key, results);
    }
    for (const { check, violations } of results) {
      const failure = failures.get(check.id);
      if (failure === undefined) failures.set(check.id, { check, levelVersion, violations, modes: [mode] });
      else failure.modes.push(mode);
    }
  }
  const findings: Finding[] = [];
  for (const failure of failures.values()) {
    const violations = withoutReported(failure, failures);
    if (violations.length > 0) findings.push(findingOf(pod, namespace, { ...failure, violations }, version));
  }
  return findings;
}

/**
 * A restricted check that replaces a baseline one (restricted volumes for hostPath, say) repeats what
 * that check already reports as an error when enforce is baseline and warn restricted: keep only the
 * fields the error does not name.
 */
function withoutReported(failure: Failure, failures: ReadonlyMap<string, Failure>): readonly Violation[] {
  if (failure.modes[0] === 'enforce') return failure.violations;
  const reported = new Set<string>();
  for (const id of overriddenBy(failure.check)) {
    const replaced = failures.get(id);
    if (replaced?.modes[0] === 'enforce') for (const violation of replaced.violations) reported.add(violation.fieldPath);
  }
  return reported.size === 0 ? failure.violations : failure.violations.filter((violation) => !reported.has(violation.fieldPath));
}

function findingOf(pod: PodUnderCheck, namespace: string, failure: Failure, version: KubernetesVersion): Finding {
  const kind = pod.template.entry.ref.kind;
  const isPod = pod.template.specPath === 'spec';
  const [first] = failure.violations;
  const details = failure.violations.map((violation) => violation.text).join('; ');
  const level = `Pod Security "${describeLevelVersion(failure.levelVersion)}"`;
  const where = `Namespace ${JSON.stringify(namespace)}`;
  let message: string;
  if (failure.modes[0] === 'enforce') {
    const refused = isPod ? 'refuses this Pod' : `will refuse every pod this ${kind} creates (the ${kind} itself is accepted)`;
    message = `${where} enforces ${level}, so the API server ${refused}: ${details}`;
  } else {
    const modes = failure.modes.join(' and ');
    const consequences = failure.modes.map((mode) => (mode === 'warn' ? 'the API server answers with a warning' : 'the audit log records it'));
    const subject = isPod ? 'this Pod violates' : `the pods of this ${kind} violate`;
    message = `${subject} ${level}, the ${modes} level of ${where} (${consequences.join(' and ')}; they still run): ${details}`;
  }
  return {
    ruleId: `pod-security/${failure.check.id}`,
    severity: failure.modes[0] === 'enforce' ? 'error' : 'warning',
    message,
    fix: `${failure.check.fix} (PodSecurity check ${failure.check.upstreamId}, ${failure.check.level} level)`,
    ...(first === undefined ? {} : { fieldPath: first.fieldPath }),
    ...(first?.value === undefined ? {} : { value: first.value }),
    kubernetesVersion: version,
  };
}
