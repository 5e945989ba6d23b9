/**
 * CustomResourceDefinitions go to the cluster before anything else, and are waited for: the API server serves
 * a custom resource only once its CRD is Established, and kubectl maps every object of a call to a resource
 * before applying any, so a CRD and its custom resources cannot share one kubectl call. Applying the CRDs on
 * their own first (without pruning: the ApplySet call that follows applies them again as members) makes one
 * `shipshape apply` enough for an environment that ships its own CRDs.
 */
import { isCustomResourceDefinition } from '../manifest/custom-resource-definition';
import { groupOf } from '../manifest/apply-order';
import type { Manifest } from '../manifest/kube-object';
import { ApplyRejectedError, KubectlError } from './errors';
import { firstLine, Kubectl } from './kubectl';
import { describeObject } from './order';
import { toStream } from './private/kubectl-output';

/** How long to wait for new CRDs to be served. */
const ESTABLISHED_TIMEOUT = '60s';

/** `group/Kind` of the custom resources a CRD object defines. */
function definedKind(manifest: Manifest): string | undefined {
  const spec = manifest.object.spec as { group?: unknown; names?: { kind?: unknown } } | undefined;
  return typeof spec?.group === 'string' && typeof spec.names?.kind === 'string' ? `${spec.group}/${spec.names.kind}` : undefined;
}

/** `group/Kind` of an object, to match against `definedKind`. */
export function kindKey(manifest: Manifest): string {
  return `${groupOf(manifest.object.apiVersion)}/${manifest.object.kind}`;
}

/**
 * Applies and waits for the CRDs among `manifests`. In a dry run nothing is created, so it returns the kinds whose
 * CRD is not in the cluster yet: the server cannot check their objects, which the caller reports as unchecked.
 */
export async function applyDefinitionsFirst(kubectl: Kubectl, manifests: readonly Manifest[], dryRun: boolean, fieldManager: string): Promise<ReadonlySet<string>> {
  const definitions = manifests.filter((manifest) => isCustomResourceDefinition(manifest.object));
  if (definitions.length === 0) return new Set();
  const names = definitions.map((manifest) => `customresourcedefinition.apiextensions.k8s.io/${manifest.object.metadata.name ?? ''}`);
  if (dryRun) {
    const existing = await kubectl.run(['get', ...names, '--ignore-not-found', '--output=name']);
    if (existing.code !== 0) throw new KubectlError(`listing CustomResourceDefinitions failed: ${firstLine(existing.stderr)}`);
    const present = new Set(existing.stdout.split('\n').map((line) => line.trim()));
    return new Set(definitions.filter((_, index) => !present.has(names[index] ?? '')).flatMap((manifest) => definedKind(manifest) ?? []));
  }
  const applied = await kubectl.run(['apply', '--server-side', `--field-manager=${fieldManager}`, '--filename=-'], {
    input: toStream(definitions.map((manifest) => manifest.object)),
  });
  if (applied.code !== 0) {
    throw new ApplyRejectedError(
      definitions.map((manifest) => ({ object: describeObject(manifest.object), file: manifest.file, reason: firstLine(applied.stderr) })),
      applied.stderr.trim(),
    );
  }
  const waited = await kubectl.run(['wait', '--for=condition=Established', `--timeout=${ESTABLISHED_TIMEOUT}`, ...names]);
  if (waited.code !== 0) {
    throw new KubectlError(`the CustomResourceDefinitions were applied but not Established within ${ESTABLISHED_TIMEOUT}: ${firstLine(waited.stderr)}`);
  }
  return new Set();
}
