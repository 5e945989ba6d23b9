/**
 * Gathers the findings of every check into problems: attaches where the object came from, drops
 * checks switched off by annotation or option, redacts values and merges a finding that several
 * Kubernetes versions report into one problem.
 */
import type { DisabledCheck } from '../options';
import type { Problem, Severity } from '../problem';
import type { ObjectEntry } from './object-entry';
import type { Writable } from './json';
import { reportableValue } from './redact';

/** What a check reports; the collector adds where the object came from. */
export interface Finding {
  readonly ruleId: string;
  readonly severity: Severity;
  readonly message: string;
  readonly fix: string;
  readonly fieldPath?: string;
  readonly value?: unknown;
  /** Set by version-dependent checks. */
  readonly kubernetesVersion?: string;
}

interface Pending {
  finding: Finding;
  versions: string[];
}

/** Collects findings per object, in the order they are found. */
export class ProblemCollector {
  readonly #entries: readonly ObjectEntry[];
  readonly #disabled: readonly DisabledCheck[];
  readonly #pending = new Map<number, Map<string, Pending>>();
  #suppressed = 0;

  constructor(entries: readonly ObjectEntry[], disabled: readonly DisabledCheck[]) {
    this.#entries = entries;
    this.#disabled = disabled;
  }

  /** How many findings were switched off. */
  get suppressedCount(): number {
    return this.#suppressed;
  }

  /** Records a finding on an object unless the check is switched off for it. */
  add(entry: ObjectEntry, finding: Finding): void {
    if (this.#isSkipped(entry, finding.ruleId)) {
      this.#suppressed += 1;
      return;
    }
    let forEntry = this.#pending.get(entry.index);
    if (forEntry === undefined) {
      forEntry = new Map();
      this.#pending.set(entry.index, forEntry);
    }
    const key = `${finding.ruleId}\u0000${finding.fieldPath ?? ''}\u0000${finding.message}`;
    const existing = forEntry.get(key);
    if (existing !== undefined) {
      if (finding.kubernetesVersion !== undefined && !existing.versions.includes(finding.kubernetesVersion)) {
        existing.versions.push(finding.kubernetesVersion);
      }
      return;
    }
    forEntry.set(key, { finding, versions: finding.kubernetesVersion === undefined ? [] : [finding.kubernetesVersion] });
  }

  /** Whether an error was already recorded on the object at this field path (for the version, when given). */
  hasErrorAt(entry: ObjectEntry, fieldPath: string, version?: string): boolean {
    for (const { finding, versions } of this.#pending.get(entry.index)?.values() ?? []) {
      if (finding.severity !== 'error' || finding.fieldPath !== fieldPath) continue;
      if (version === undefined || versions.length === 0 || versions.includes(version)) return true;
    }
    return false;
  }

  /** The problems of one object; version lists are kept only when not every checked version agrees. */
  problemsOf(index: number, allVersions: readonly string[]): Problem[] {
    const entry = this.#entries[index];
    const pending = this.#pending.get(index);
    if (entry === undefined || pending === undefined) return [];
    const problems: Problem[] = [];
    for (const { finding, versions } of pending.values()) problems.push(problemOf(entry, finding, versions, allVersions));
    return problems;
  }

  #isSkipped(entry: ObjectEntry, ruleId: string): boolean {
    if (entry.skips.skipped.has(ruleId)) return true;
    if (this.#disabled.length === 0) return false;
    const path = entry.manifest.constructPath;
    return this.#disabled.some(
      (check) =>
        check.id === ruleId &&
        (check.scope === undefined || (path !== undefined && (path === check.scope || path.startsWith(`${check.scope}/`)))),
    );
  }
}

/** Sets where an object came from (construct path, file, document index) on a problem or result, the keys that are known. */
export function setLocation(target: Writable<Pick<Problem, 'constructPath' | 'file' | 'documentIndex' | 'line'>>, manifest: ObjectEntry['manifest']): void {
  if (manifest.constructPath !== undefined) target.constructPath = manifest.constructPath;
  if (manifest.file !== undefined) target.file = manifest.file;
  if (manifest.documentIndex !== undefined) target.documentIndex = manifest.documentIndex;
  if (manifest.line !== undefined) target.line = manifest.line;
}

/** A finding as a problem, its keys in the order reports show them; optional keys only when set (no spreads: one per problem). */
function problemOf(entry: ObjectEntry, finding: Finding, versions: readonly string[], allVersions: readonly string[]): Problem {
  const manifest = entry.manifest;
  const problem: Writable<Problem> = { ruleId: finding.ruleId, severity: finding.severity, message: finding.message, fix: finding.fix } as Problem;
  setLocation(problem, manifest);
  problem.object = entry.ref;
  if (finding.fieldPath !== undefined) problem.fieldPath = finding.fieldPath;
  const value = reportableValue(entry.ref.kind, finding.fieldPath, finding.value);
  if (value !== undefined) problem.value = value;
  if (versions.length > 0 && versions.length < allVersions.length) problem.kubernetesVersions = [...versions].sort();
  return problem;
}
