/**
 * Real-world manifests (fixtures/, sources in fixtures/README.md) through the offline validator, one verdict per
 * document; shared by the offline test here and the cluster suite, which compares the verdicts with kube-apiserver.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KubeObject } from '../../../src/manifest/kube-object';
import { parseManifestsFromYaml, validateYaml, type ResourceResult } from '../../../src/validate';

/** The fixture folder. */
export const FIXTURES = join(__dirname, 'fixtures');
/** The CRDs other tests use too (cert-manager, prometheus-operator, volume snapshots). */
const SHARED_CRDS = join(__dirname, '..', '..', 'fixtures', 'crds');

/**
 * Rule families that are deliberately stricter than the API server (README "Validation"): best practices, references
 * between objects, and admission checks that need the cluster's state. An error of these families on an object the
 * server accepts is by design; an error of any other family means the server refuses the object too.
 */
export const STRICTER_THAN_SERVER = ['policy', 'reference', 'admission', 'pod-security', 'validate'];

/** The offline verdict of one document: where it is, what it is, and its errors' rule ids (sorted, unique). */
export interface DocumentVerdict {
  readonly file: string;
  readonly document: number;
  /** `Kind namespace/name`, or `(unreadable)` for a document that is no object. */
  readonly object: string;
  readonly errors: readonly string[];
}

/** The fixture files, sorted. */
export function fixtureFiles(): string[] {
  return readdirSync(FIXTURES).filter((name) => /\.(ya?ml|json)$/.test(name)).sort();
}

/** The CRDs of the fixtures and of test/fixtures/crds, for the custom resources of every fixture. */
export function fixtureCrds(): KubeObject[] {
  const files = [
    ...fixtureFiles().map((file) => join(FIXTURES, file)),
    ...readdirSync(SHARED_CRDS).filter((name) => name.endsWith('.yaml')).map((name) => join(SHARED_CRDS, name)),
  ];
  return files.flatMap((file) => parseManifestsFromYaml(readFileSync(file, 'utf8'), file).manifests.map((manifest) => manifest.object))
    .filter((object) => object.kind === 'CustomResourceDefinition');
}

/**
 * Validates each fixture file on its own, as the app it comes from (with every fixture CRD given, as `--crd` does),
 * for Kubernetes 1.36, with every check on.
 */
export function realWorldVerdicts(): DocumentVerdict[] {
  const customResourceDefinitions = fixtureCrds();
  return fixtureFiles().flatMap((file) => {
    const report = validateYaml([{ file, text: readFileSync(join(FIXTURES, file), 'utf8') }], { kubernetesVersions: ['1.36'], customResourceDefinitions });
    return report.resources.map(verdictOf);
  });
}

function verdictOf(resource: ResourceResult): DocumentVerdict {
  const { kind, namespace, name } = resource.object;
  const errors = [...new Set(resource.problems.filter((problem) => problem.severity === 'error').map((problem) => problem.ruleId))].sort();
  return {
    file: resource.file ?? '',
    document: resource.documentIndex ?? -1,
    object: kind === '' ? '(unreadable)' : `${kind} ${namespace === undefined ? '' : `${namespace}/`}${name ?? '(unnamed)'}`,
    errors,
  };
}

/** Whether the verdict says the API server refuses the document: an error outside the deliberately stricter families. */
export function serverShouldRefuse(verdict: DocumentVerdict): boolean {
  return verdict.errors.some((ruleId) => !STRICTER_THAN_SERVER.includes(ruleId.split('/')[0] ?? ''));
}
