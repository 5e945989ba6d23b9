/**
 * Finds the environment folders of a synthesized output: `dist/<environment>/*.k8s.yaml`.
 */
import { readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { ShipshapeError } from '../errors';
import { manifestFiles } from './load';

/** The requested environment is not in the output, or the output holds none. */
export class EnvironmentNotFoundError extends ShipshapeError {}

/** One environment folder and its manifest files (including `*.secrets.k8s.yaml`). */
export interface EnvironmentFolder {
  readonly name: string;
  readonly dir: string;
  readonly files: readonly string[];
}

/** Every environment folder directly under the output folder, sorted by name. */
export function listEnvironments(outputDir: string): EnvironmentFolder[] {
  let entries: string[];
  try {
    entries = readdirSync(outputDir).sort();
  } catch (error) {
    throw new EnvironmentNotFoundError(`cannot read the output folder '${outputDir}': ${(error as Error).message}. Run \`shipshape synth\` first.`);
  }
  return entries
    .map((entry) => join(outputDir, entry))
    .filter((dir) => statSync(dir).isDirectory())
    .map((dir) => ({ name: basename(dir), dir, files: manifestFiles(dir) }))
    .filter((environment) => environment.files.length > 0);
}

/**
 * The environment to deploy: the one named, else the only one there is. A folder that itself
 * holds manifest files is taken as one environment named after the folder.
 */
export function selectEnvironment(outputDir: string, requested?: string): EnvironmentFolder {
  const own = manifestFiles(outputDir);
  if (own.length > 0 && (requested === undefined || requested === basename(outputDir))) {
    return { name: basename(outputDir), dir: outputDir, files: own };
  }
  const environments = listEnvironments(outputDir);
  const names = environments.map((environment) => environment.name);
  if (requested !== undefined) {
    const found = environments.find((environment) => environment.name === requested);
    if (found) return found;
    throw new EnvironmentNotFoundError(
      `environment '${requested}' not found in '${outputDir}'; found: ${names.join(', ') || 'none'}.`,
    );
  }
  if (environments.length === 1 && environments[0]) return environments[0];
  if (environments.length === 0) {
    throw new EnvironmentNotFoundError(`'${outputDir}' holds no *.k8s.yaml files. Run \`shipshape synth\` first.`);
  }
  throw new EnvironmentNotFoundError(
    `'${outputDir}' holds several environments (${names.join(', ')}); choose one with --environment.`,
  );
}
