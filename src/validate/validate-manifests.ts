/**
 * The validation entry point: runs the schema, API-server, reference and policy layers over a set
 * of manifests and collects every problem into one report.
 */
import type { Manifest } from '../manifest/kube-object';
import { SKIP_CHECKS_ANNOTATION } from './annotations';
import { checkApiServerRules, checkApiServerSetRules, checkCustomResourceMetadata } from './api-server-rules';
import { checkBudgets } from './budgets';
import { checkBatchRules } from './batch-rules';
import { ValidateOptionsError } from './errors';
import { KUBERNETES_VERSIONS, type KubernetesVersion, type ValidateOptions } from './options';
import { checkPodSecurity } from './pod-security';
import { checkPolicies } from './policies';
import type { Problem, ResourceResult, ResourceStatus, ValidationReport } from './problem';
import { ProblemCollector, setLocation, type Finding } from './private/collector';
import type { Writable } from './private/json';
import { toEntry, type ObjectEntry } from './private/object-entry';
import { ObjectIndex } from './private/object-index';
import { SchemaCatalog } from './private/schema-catalog';
import { checkReferences } from './references';
import { checkSchemas } from './schema';
import { checkSizeLimits } from './size-limits';
import { checkCustomKind, customResourceCatalogFor, MISSING_SCHEMA_FIX } from './private/custom-kinds';
import { checkExact } from './exact/check-exact';
import { withVersionLeniency } from './api-server/version-leniency';

/** Catalogs are kept for the life of the process: each kind's schema is loaded once, on first use. */
const catalogs = new Map<KubernetesVersion, SchemaCatalog>();

function catalogFor(version: KubernetesVersion): SchemaCatalog {
  let catalog = catalogs.get(version);
  if (catalog === undefined) {
    catalog = new SchemaCatalog(version);
    catalogs.set(version, catalog);
  }
  return catalog;
}

/** Validates manifests against the schemas, the API server's rules, each other and the policies; never throws for problems in them. */
export function validateManifests(manifests: readonly Manifest[], options: ValidateOptions = {}): ValidationReport {
  const versions = checkOptions(options);
  const entries = manifests.map(toEntry);
  const collector = new ProblemCollector(entries, options.disabledChecks ?? []);
  const outcomes: ResourceStatus[] = [];
  const checked: ObjectEntry[] = [];
  const customResources = customResourceCatalogFor(entries, options);
  const batchOptions = { policies: options.policies !== false, versions };
  // Made on the first object of a built-in kind, as before: custom kinds alone need no schema catalog.
  let schemaCatalogs: SchemaCatalog[] | undefined;
  for (const entry of entries) {
    const report = withVersionLeniency(entry, versions, collector.add.bind(collector, entry));
    reportSkipsWithoutReason(entry, report);
    const custom = customResources.lookup(entry.ref.apiVersion, entry.ref.kind);
    if (custom.status !== 'unknown') {
      outcomes.push(checkCustomKind(entry, custom, report));
      checkCustomResourceMetadata(entry, versions, report);
      checked.push(entry);
      continue;
    }
    let served = 0;
    const missingIn: KubernetesVersion[] = [];
    schemaCatalogs ??= versions.map(catalogFor);
    const schemaOutcomes = checkSchemas(entry.object, schemaCatalogs, report);
    versions.forEach((version, index) => {
      if (schemaOutcomes[index] === 'checked') served += 1;
      else missingIn.push(version);
    });
    if (served === 0) {
      if (options.ignoreMissingSchemas === true) {
        outcomes.push('skipped');
        continue;
      }
      report({
        ruleId: 'schema/missing',
        severity: 'error',
        fieldPath: 'kind',
        value: entry.ref.kind,
        message: `no schema for ${entry.ref.kind} in ${entry.ref.apiVersion} (Kubernetes ${versions.join(', ')})`,
        fix: MISSING_SCHEMA_FIX,
      });
      outcomes.push('error');
      continue;
    }
    for (const version of missingIn) {
      report({
        ruleId: 'schema/api-not-served',
        severity: 'error',
        kubernetesVersion: version,
        fieldPath: 'apiVersion',
        value: entry.ref.apiVersion,
        message: `${entry.ref.kind} in ${entry.ref.apiVersion} is not served by the target Kubernetes version`,
        fix: `Drop the version from the target versions or use an API that it serves.`,
      });
    }
    checkApiServerRules(entry, versions, report);
    checkBatchRules(entry, batchOptions, report);
    checkSizeLimits(entry, report);
    outcomes.push('valid');
    checked.push(entry);
  }
  const index = new ObjectIndex(entries);
  const report = collector.add.bind(collector);
  checkApiServerSetRules(checked, report);
  if (options.exact === true) checkExact(checked, versions, report, collector.hasErrorAt.bind(collector));
  if (options.references !== false) {
    checkReferences(checked, index, { existingNamespaces: new Set(options.existingNamespaces ?? []) }, report);
  }
  if (options.references !== false) checkBudgets(checked, index, report);
  if (options.policies !== false) checkPolicies(checked, index, report);
  if (options.podSecurity !== false) checkPodSecurity(checked, index, versions, report);
  return buildReport(entries, outcomes, collector, versions);
}

function checkOptions(options: ValidateOptions): readonly KubernetesVersion[] {
  const versions = options.kubernetesVersions ?? KUBERNETES_VERSIONS;
  for (const version of versions) {
    if (!KUBERNETES_VERSIONS.includes(version)) {
      throw new ValidateOptionsError(`kubernetesVersions: unsupported version ${JSON.stringify(version)}. Use ${KUBERNETES_VERSIONS.join(' or ')}.`);
    }
  }
  if (versions.length === 0) throw new ValidateOptionsError(`kubernetesVersions: give at least one of ${KUBERNETES_VERSIONS.join(', ')}.`);
  for (const check of options.disabledChecks ?? []) {
    if (check.reason.trim() === '') {
      throw new ValidateOptionsError(`disabledChecks: '${check.id}' has no reason. Say why it is off, e.g. { id: '${check.id}', reason: 'image pinned by digest upstream' }.`);
    }
  }
  return [...new Set(versions)].sort();
}

function reportSkipsWithoutReason(entry: ObjectEntry, report: (finding: Finding) => void): void {
  for (const id of entry.skips.withoutReason) {
    report({
      ruleId: 'validate/skip-without-reason',
      severity: 'error',
      fieldPath: `metadata.annotations["${SKIP_CHECKS_ANNOTATION}"]`,
      value: id,
      message: `check ${JSON.stringify(id)} is skipped without a reason, so it still runs`,
      fix: `Write "${id}: <why it does not apply here>".`,
    });
  }
}

function buildReport(entries: readonly ObjectEntry[], outcomes: readonly ResourceStatus[], collector: ProblemCollector, versions: readonly string[]): ValidationReport {
  const problems: Problem[] = [];
  const resources: ResourceResult[] = entries.map((entry, index) => {
    const own = collector.problemsOf(index, versions);
    // A loop, not a spread: one resource can have more problems than a call can take arguments.
    for (const problem of own) problems.push(problem);
    let status = outcomes[index] ?? 'valid';
    if (status === 'valid' && own.some((problem) => problem.severity === 'error')) status = 'invalid';
    return resultOf(entry, status, own);
  });
  return { problems, resourceCount: entries.length, resources, kubernetesVersions: versions, suppressedCount: collector.suppressedCount };
}

/** One resource's outcome, its keys in the order reports show them; optional keys only when set (no spreads: one per resource). */
function resultOf(entry: ObjectEntry, status: ResourceStatus, problems: readonly Problem[]): ResourceResult {
  const result: Writable<ResourceResult> = { object: entry.ref } as ResourceResult;
  setLocation(result, entry.manifest);
  result.status = status;
  result.problems = problems;
  return result;
}
