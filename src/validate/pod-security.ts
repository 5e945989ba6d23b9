/**
 * Pod Security Standards, offline: every Pod and pod template in a Namespace of the input is checked
 * against the levels that Namespace's `pod-security.kubernetes.io/*` labels set, with the rules of the
 * API server's PodSecurity admission (see private/pod-security-checks.ts). A violation of the enforced
 * level is an error (the server refuses the Pod, or every pod a workload creates); the warn and audit
 * levels give warnings. Namespaces that are not part of the input are not checked: their labels are
 * unknown. The server's admission configuration is assumed to be the default one (no exemptions).
 */
import type { KubernetesVersion } from './options';
import { minorOf } from './api-server/report';
import type { Finding } from './private/collector';
import { asStringMap, fieldAppend } from './private/json';
import type { ObjectEntry } from './private/object-entry';
import type { ObjectIndex } from './private/object-index';
import { checksFor, overriddenBy, type CheckFn, type PodUnderCheck, type PodSecurityCheck, type Violation } from './private/pod-security-checks';
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
  const plans = new Map<NamespacePolicy, PolicyPlan>();
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
    let plan = plans.get(policy);
    if (plan === undefined) {
      plan = planOf(policy, versions);
      plans.set(policy, plan);
    }
    const pod = podUnderCheck(template);
    // Most checks are the same function at every level, mode and version: each runs once per pod, on demand.
    const results: (Violation[] | undefined)[] = new Array<Violation[] | undefined>(plan.runs.length);
    // Most pods pass: then there is nothing to sort out by mode and version.
    if (passesAll(pod, plan.runs, results)) continue;
    for (const group of plan.groups) {
      const [first] = group.versions;
      if (first === undefined) continue;
      const findings = checkAtVersion(pod, entry.namespace, group.modes, first, plan.runs, results);
      for (const version of group.versions) {
        for (const finding of findings) report(entry, version === first ? finding : { ...finding, kubernetesVersion: version });
      }
    }
  }
}

/** What a policy runs: every check function once, and per group of target versions the checks of each mode. */
interface PolicyPlan {
  readonly runs: readonly CheckFn[];
  readonly groups: readonly VersionGroup[];
}

/**
 * Target versions at which every mode runs the same checks: the findings are the same but for the version they
 * name, and are worked out once.
 */
interface VersionGroup {
  readonly versions: KubernetesVersion[];
  readonly modes: readonly ModePlan[];
}

/** The checks one mode runs, each with the position of its function in the plan's `runs`. */
interface ModePlan {
  readonly mode: PodSecurityMode;
  readonly levelVersion: LevelVersion;
  readonly checks: readonly PlannedCheck[];
}

/** A check and the position of its function in the plan's `runs`. */
interface PlannedCheck {
  readonly check: PodSecurityCheck;
  readonly run: number;
}

function planOf(policy: NamespacePolicy, versions: readonly KubernetesVersion[]): PolicyPlan {
  const runs: CheckFn[] = [];
  const positions = new Map<CheckFn, number>();
  const groups: VersionGroup[] = [];
  for (const version of versions) {
    const targetMinor = minorOf(version);
    const modes: ModePlan[] = [];
    for (const mode of MODES) {
      const levelVersion = policy.modes[mode];
      if (levelVersion.level === 'privileged') continue;
      const checks = checksFor(levelVersion.level, effectiveMinor(levelVersion, targetMinor)).map(({ check, run }): PlannedCheck => {
        let position = positions.get(run);
        if (position === undefined) {
          position = runs.push(run) - 1;
          positions.set(run, position);
        }
        return { check, run: position };
      });
      modes.push({ mode, levelVersion, checks });
    }
    const same = groups.find((group) => sameModes(group.modes, modes));
    if (same === undefined) groups.push({ versions: [version], modes });
    else same.versions.push(version);
  }
  return { runs, groups };
}

function sameModes(a: readonly ModePlan[], b: readonly ModePlan[]): boolean {
  return a.length === b.length && a.every((plan, index) => plan.mode === b[index]?.mode && sameChecks(plan.checks, b[index].checks));
}

/** Within one plan a position stands for one check function and the other way round: equal positions, equal functions. */
function sameChecks(a: readonly PlannedCheck[], b: readonly PlannedCheck[]): boolean {
  return a.length === b.length && a.every((planned, index) => planned.check === b[index]?.check && planned.run === b[index]?.run);
}

/** Whether no check finds anything; the violations found are left in `results` for the full report. */
function passesAll(pod: PodUnderCheck, runs: readonly CheckFn[], results: (Violation[] | undefined)[]): boolean {
  for (let index = 0; index < runs.length; index++) {
    const violations = runs[index]?.(pod) ?? [];
    results[index] = violations;
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
function checkAtVersion(pod: PodUnderCheck, namespace: string, modes: readonly ModePlan[], version: KubernetesVersion, runs: readonly CheckFn[], results: (Violation[] | undefined)[]): Finding[] {
  const failures = new Map<string, Failure>();
  for (const { mode, levelVersion, checks } of modes) {
    for (const { check, run } of checks) {
      let violations = results[run];
      if (violations === undefined) {
        violations = runs[run]?.(pod) ?? [];
        results[run] = violations;
      }
      if (violations.length === 0) continue;
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
