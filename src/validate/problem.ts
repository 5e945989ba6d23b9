/**
 * What validation finds: one `Problem` per mistake, gathered into a `ValidationReport` that also
 * says, resource by resource, whether it passed.
 */

/** How bad a problem is: errors stop synthesis and fail `shipshape validate`, warnings do not. */
export type Severity = 'error' | 'warning';

/** Which object a problem belongs to, as a reviewer would name it. */
export interface ObjectRef {
  readonly apiVersion: string;
  readonly kind: string;
  readonly namespace?: string;
  readonly name?: string;
}

/** One mistake, with enough context to find and fix it without reading the rule's source. */
export interface Problem {
  /** The check that found it, e.g. `schema/unknown-field` or `policy/latest-tag`. */
  readonly ruleId: string;
  readonly severity: Severity;
  /** What is wrong, in one sentence; never contains a secret value. */
  readonly message: string;
  /** What to do about it. */
  readonly fix: string;
  /** The construct path of the object, when it came from a construct. */
  readonly constructPath?: string;
  /** The file the object was read from or is written to. */
  readonly file?: string;
  /** The object's position among the documents of its file, counting from 0. */
  readonly documentIndex?: number;
  /** The line in the file, counting from 1: where YAML could not be parsed, or where the object's document starts. */
  readonly line?: number;
  /** The object the problem is in (for YAML that could not be parsed, `kind` is empty). */
  readonly object: ObjectRef;
  /** The field, e.g. `spec.template.spec.containers[0].image`. */
  readonly fieldPath?: string;
  /** The offending value (scalars only), already redacted when it may be secret. */
  readonly value?: unknown;
  /** The Kubernetes versions the problem applies to, for checks that depend on the version. */
  readonly kubernetesVersions?: readonly string[];
}

/** How one resource fared, in the vocabulary of kubeconform. */
export type ResourceStatus = 'valid' | 'invalid' | 'error' | 'skipped';

/** The outcome for one resource (object) that was validated. */
export interface ResourceResult {
  readonly object: ObjectRef;
  readonly constructPath?: string;
  readonly file?: string;
  readonly documentIndex?: number;
  /** The line its document starts on, counting from 1, when it was read from YAML. */
  readonly line?: number;
  /** `invalid` when it has an error-severity problem, `error` when it could not be checked at all. */
  readonly status: ResourceStatus;
  /** Its problems, errors and warnings, in the order they were found. */
  readonly problems: readonly Problem[];
}

/** Everything one validation run found. */
export interface ValidationReport {
  /** Every problem, errors and warnings, grouped by resource in input order. */
  readonly problems: readonly Problem[];
  /** How many resources were looked at (including documents that could not be parsed). */
  readonly resourceCount: number;
  /** The per-resource outcomes, in input order. */
  readonly resources: readonly ResourceResult[];
  /** The Kubernetes versions the schemas were checked against. */
  readonly kubernetesVersions: readonly string[];
  /** How many problems were switched off by annotations or `disabledChecks`. */
  readonly suppressedCount: number;
}

/** Whether a report contains at least one error (warnings alone do not count). */
export function hasErrors(report: ValidationReport): boolean {
  return report.problems.some((problem) => problem.severity === 'error');
}

/** How many resources ended in each status, for summary lines. */
export function countByStatus(report: ValidationReport): Readonly<Record<ResourceStatus, number>> {
  const counts: Record<ResourceStatus, number> = { valid: 0, invalid: 0, error: 0, skipped: 0 };
  for (const resource of report.resources) counts[resource.status] += 1;
  return counts;
}
