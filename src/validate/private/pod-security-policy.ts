/**
 * A Namespace's Pod Security policy, read from its `pod-security.kubernetes.io/*` labels exactly as
 * the admission's `api.PolicyToEvaluate` reads them (with the default admission configuration:
 * `privileged:latest` for every mode, no exemptions).
 */
import type { PodSecurityLevelName } from './pod-security-checks';

/** The three modes of the admission, in the order they are reported. */
export type PodSecurityMode = 'enforce' | 'warn' | 'audit';

/** A level at a policy version (`undefined`: latest). */
export interface LevelVersion {
  readonly level: PodSecurityLevelName;
  /** The Kubernetes minor version of the policy (`v1.<minor>`), or `undefined` for `latest`. */
  readonly minor: number | undefined;
}

/** A label the API server refuses, with why. */
export interface PolicyLabelError {
  readonly label: string;
  readonly value: string;
  readonly message: string;
}

/** What each mode evaluates, and the labels that could not be read. */
export interface NamespacePolicy {
  readonly modes: Readonly<Record<PodSecurityMode, LevelVersion>>;
  readonly errors: readonly PolicyLabelError[];
}

/** The label prefix of every Pod Security label. */
export const POD_SECURITY_LABEL_PREFIX = 'pod-security.kubernetes.io/';

const LEVELS: readonly PodSecurityLevelName[] = ['privileged', 'baseline', 'restricted'];
const VERSION = /^v1\.([0-9]|[1-9][0-9]*)$/;

/** How strict a level is: privileged 0, baseline 1, restricted 2. */
export function strictness(level: PodSecurityLevelName): number {
  return LEVELS.indexOf(level);
}

/** The name the server prints for a level and version, e.g. `baseline:latest` or `restricted:v1.27`. */
export function describeLevelVersion(levelVersion: LevelVersion): string {
  return `${levelVersion.level}:${levelVersion.minor === undefined ? 'latest' : `v1.${levelVersion.minor}`}`;
}

/** Reads a Namespace's labels into the policy the admission evaluates. */
export function policyOf(labels: Readonly<Record<string, string>>): NamespacePolicy {
  const errors: PolicyLabelError[] = [];
  const levelOf = (mode: PodSecurityMode, failOpen: boolean): PodSecurityLevelName | undefined => {
    const label = `${POD_SECURITY_LABEL_PREFIX}${mode}`;
    const value = labels[label];
    if (value === undefined) return undefined;
    if ((LEVELS as readonly string[]).includes(value)) return value as PodSecurityLevelName;
    errors.push({ label, value, message: `must be one of ${LEVELS.join(', ')}` });
    // enforce falls back to restricted, warn and audit fail open.
    return failOpen ? 'privileged' : 'restricted';
  };
  const versionOf = (mode: PodSecurityMode): { present: boolean; minor: number | undefined } => {
    const label = `${POD_SECURITY_LABEL_PREFIX}${mode}-version`;
    const value = labels[label];
    if (value === undefined || value === 'latest') return { present: value !== undefined, minor: undefined };
    const match = VERSION.exec(value);
    if (match === null) {
      errors.push({ label, value, message: 'must be "latest" or "v1.x"' });
      return { present: true, minor: undefined };
    }
    return { present: true, minor: Number(match[1]) };
  };
  const enforceLevel = levelOf('enforce', false);
  const enforceValid = enforceLevel !== undefined && errors.length === 0; // nothing else has been read yet
  const enforce: LevelVersion = { level: enforceLevel ?? 'privileged', minor: versionOf('enforce').minor };
  const audit: LevelVersion = { level: levelOf('audit', true) ?? 'privileged', minor: versionOf('audit').minor };
  const warnLabelPresent = labels[`${POD_SECURITY_LABEL_PREFIX}warn`] !== undefined;
  let warn: LevelVersion = { level: levelOf('warn', true) ?? 'privileged', minor: undefined };
  const warnVersion = versionOf('warn');
  warn = { ...warn, minor: warnVersion.minor };
  // Without a warn label, warn defaults to a stricter enforce level (and its version, unless warn-version is set).
  if (!warnLabelPresent && enforceValid && strictness(enforce.level) > strictness(warn.level)) {
    warn = { level: enforce.level, minor: warnVersion.present ? warnVersion.minor : enforce.minor };
  }
  return { modes: { enforce, warn, audit }, errors };
}

/**
 * The policy version the server evaluates for a target Kubernetes version: `latest` and any later
 * version mean the target's own checks (the admission clamps to the newest version it knows).
 */
export function effectiveMinor(levelVersion: LevelVersion, targetMinor: number): number {
  return levelVersion.minor === undefined ? targetMinor : Math.min(levelVersion.minor, targetMinor);
}
