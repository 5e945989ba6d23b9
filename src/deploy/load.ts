/**
 * Reads the synthesized output of one environment folder back into objects. Both the
 * committed `*.k8s.yaml` files and the git-ignored `*.secrets.k8s.yaml` files belong to it.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ShipshapeError } from '../errors';
import { KubeObject, Manifest } from '../manifest/kube-object';
import { printable } from '../manifest/printable';
import { decodeYamlInput, parseManifestsFromYaml } from '../validate/parse-yaml';

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

/**
 * Reads every object of the given files, in file order, skipping empty documents. Files are read as
 * `shipshape validate` reads them: invalid UTF-8 and values kubectl would read differently are errors, and
 * timestamps stay strings, so that what is applied is exactly what the files say.
 */
export function loadManifests(files: readonly string[], cwd: string): Manifest[] {
  const manifests: Manifest[] = [];
  const problems: string[] = [];
  for (const file of files) {
    const shown = relative(cwd, file) || file;
    const decoded = decodeYamlInput(readFileSync(file), shown);
    if ('problem' in decoded) {
      problems.push(`${printable(shown)}: ${decoded.problem.message}. ${decoded.problem.fix}`);
      continue;
    }
    const parsed = parseManifestsFromYaml(decoded.text, shown);
    for (const problem of parsed.errors) {
      const where = problem.documentIndex === undefined ? '' : `: document ${problem.documentIndex}`;
      problems.push(`${printable(shown)}${where}: ${printable(problem.message)}. ${printable(problem.fix)}`);
    }
    for (const manifest of parsed.manifests) {
      if (!isKubeObject(manifest.object)) {
        problems.push(`${printable(shown)}: document ${manifest.documentIndex ?? 0} is not a Kubernetes object (needs apiVersion, kind, metadata.name)`);
        continue;
      }
      manifests.push(manifest);
    }
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
