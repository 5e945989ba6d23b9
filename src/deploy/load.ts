/**
 * Reads the synthesized output of one environment folder back into objects. Both the
 * committed `*.k8s.yaml` files and the git-ignored `*.secrets.k8s.yaml` files belong to it.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { loadAll } from 'js-yaml';
import { ShipshapeError } from '../errors';
import { KubeObject, Manifest } from '../manifest/kube-object';

/** A folder of YAML files could not be read as Kubernetes objects. */
export class ManifestReadError extends ShipshapeError {}

/** The files shipshape writes, and that `diff` and `apply` read back. */
export const MANIFEST_SUFFIX = '.k8s.yaml';

/** Lists the manifest files of a folder (not its sub-folders), sorted by name. */
export function manifestFiles(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (error) {
    throw new ManifestReadError(`cannot read folder '${dir}': ${(error as Error).message}`);
  }
  return names
    .filter((name) => name.endsWith(MANIFEST_SUFFIX) && statSync(join(dir, name)).isFile())
    .sort()
    .map((name) => join(dir, name));
}

/** Reads every object of the given files, in file order, skipping empty documents. */
export function loadManifests(files: readonly string[], cwd: string): Manifest[] {
  const manifests: Manifest[] = [];
  const problems: string[] = [];
  for (const file of files) {
    const shown = relative(cwd, file) || file;
    let documents: unknown[];
    try {
      documents = loadAll(readFileSync(file, 'utf8'));
    } catch (error) {
      problems.push(`${shown}: not valid YAML: ${(error as Error).message.split('\n')[0]}`);
      continue;
    }
    documents.forEach((document, documentIndex) => {
      if (document === null || document === undefined) return;
      if (!isKubeObject(document)) {
        problems.push(`${shown}: document ${documentIndex} is not a Kubernetes object (needs apiVersion, kind, metadata.name)`);
        return;
      }
      manifests.push({ object: document, file: shown, documentIndex });
    });
  }
  if (problems.length > 0) throw new ManifestReadError(problems.join('\n'));
  return manifests;
}

function isKubeObject(value: unknown): value is KubeObject {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Record<string, unknown>;
  const metadata = candidate.metadata as Record<string, unknown> | undefined;
  return (
    typeof candidate.apiVersion === 'string' &&
    typeof candidate.kind === 'string' &&
    typeof metadata === 'object' &&
    metadata !== null &&
    typeof metadata.name === 'string'
  );
}
