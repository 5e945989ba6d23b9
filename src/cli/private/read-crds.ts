/**
 * Reads Kubernetes objects from files, folders (recursively: .yaml, .yml, .json) and standard input, for
 * `shipshape import` and the `--crd` option of synth and validate. Unreadable inputs are collected, not thrown.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { KubeObject } from '../../manifest/kube-object';
import { parseManifestsFromYaml } from '../../validate/parse-yaml';
import type { CommandIo } from '../command';

/** An object read, with where it came from. */
export interface ReadObject {
  readonly object: KubeObject;
  /** e.g. `crds/certificates.yaml (document 2)`. */
  readonly origin: string;
}

/** What was read, and what could not be. */
export interface ReadResult {
  readonly objects: readonly ReadObject[];
  readonly problems: readonly string[];
}

const YAML_FILE = /\.(ya?ml|json)$/i;

/** Reads every object of the given paths (`-` is standard input), in path order, then file-name order inside folders. */
export async function readObjects(paths: readonly string[], io: CommandIo): Promise<ReadResult> {
  const objects: ReadObject[] = [];
  const problems: string[] = [];
  const add = (text: string, file: string): void => {
    const parsed = parseManifestsFromYaml(text, file);
    for (const error of parsed.errors) problems.push(`${file}${error.line === undefined ? '' : `:${error.line}`}: ${error.message}`);
    for (const manifest of parsed.manifests) {
      objects.push({ object: manifest.object, origin: `${file} (document ${(manifest.documentIndex ?? 0) + 1})` });
    }
  };
  for (const path of paths) {
    if (path === '-') {
      add(await readStream(io.stdin), 'stdin');
      continue;
    }
    for (const file of listFiles(resolve(io.cwd, path), problems, path)) {
      const shown = relative(io.cwd, file) || file;
      try {
        add(readFileSync(file, 'utf8'), shown);
      } catch (error) {
        problems.push(`cannot read ${shown}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
      }
    }
  }
  return { objects, problems };
}

function listFiles(absolute: string, problems: string[], shown: string): string[] {
  let stats;
  try {
    stats = statSync(absolute);
  } catch (error) {
    problems.push(`cannot open ${shown}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    return [];
  }
  if (!stats.isDirectory()) return [absolute];
  const found: string[] = [];
  for (const name of readdirSync(absolute).sort()) {
    if (name.startsWith('.') || name === 'node_modules') continue;
    const child = join(absolute, name);
    if (statSync(child).isDirectory()) found.push(...listFiles(child, problems, join(shown, name)));
    else if (YAML_FILE.test(name)) found.push(child);
  }
  return found;
}

async function readStream(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
}

/** Reads the CRDs of `--crd` paths; throws nothing, returns the objects and the problems. */
export async function readCrdOption(paths: readonly string[], io: CommandIo): Promise<{ readonly crds: KubeObject[]; readonly problems: readonly string[] }> {
  if (paths.length === 0) return { crds: [], problems: [] };
  const read = await readObjects(paths, io);
  const crds = read.objects.map((entry) => entry.object).filter((object) => object.kind === 'CustomResourceDefinition');
  const problems = [...read.problems];
  if (crds.length === 0 && problems.length === 0) problems.push(`--crd ${paths.join(', ')}: no CustomResourceDefinition found`);
  return { crds, problems };
}
