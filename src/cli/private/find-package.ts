/**
 * Finds installed packages the way `require` does, by hand: a `require.resolve` of a package stats candidate files,
 * reads package.json files and runs Node.js's "exports" resolver, and `synth` resolves esbuild, cdk8s and constructs
 * before it builds an app (by hand, the three cost ~0.7 ms in all). Whatever this cannot decide exactly
 * (conditions it does not know, pattern exports, --conditions, --no-addons or --preserve-symlinks) is left to
 * `require.resolve`.
 */
import { readFileSync, realpathSync, statSync } from 'node:fs';
import Module from 'node:module';
import { join } from 'node:path';

/** What an installed package's manifest says about its entry. */
export interface PackageManifest {
  readonly version?: string;
  readonly main?: string;
  readonly exports?: unknown;
}

/** A package found in a node_modules folder. */
export interface FoundPackage {
  /** The package folder, as found (not resolved through symbolic links). */
  readonly dir: string;
  /** Its parsed package.json. */
  readonly manifest: PackageManifest;
}

/** The conditions `require` matches in Node.js 20 without --conditions, and those it never matches. */
const REQUIRE_CONDITIONS = new Set(['require', 'node', 'node-addons', 'default']);
const OTHER_CONDITIONS = new Set(['types', 'import', 'browser']);

/** The node_modules folders `require` searches from a file in `from`, nearest first (Node.js's own list). */
export function nodeModulePaths(from: string): string[] {
  return (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(from);
}

/**
 * The package `name` in the first node_modules folder that `require` from a file in `from` searches, or undefined
 * when none of them has it (a package elsewhere, such as NODE_PATH, is for `require.resolve` to find).
 */
export function findPackage(name: string, from: string): FoundPackage | undefined {
  for (const folder of nodeModulePaths(from)) {
    const dir = join(folder, name);
    let text: string;
    try {
      text = readFileSync(join(dir, 'package.json'), 'utf8');
    } catch {
      continue;
    }
    return { dir, manifest: JSON.parse(text) as PackageManifest };
  }
  return undefined;
}

/**
 * The file `require(name)` loads for a found package (its real path, as `require.cache` keys are), or undefined
 * when only `require.resolve` can tell.
 */
export function packageEntry(found: FoundPackage): string | undefined {
  if (resolverIsCustomized()) return undefined;
  const { dir, manifest } = found;
  if (manifest.exports === undefined) return mainFile(dir, manifest.main);
  const target = requireTarget(rootExport(manifest.exports));
  if (target === undefined || !target.startsWith('./') || target.includes('*')) return undefined;
  return existingFile(join(dir, target));
}

/** A package as `require` from some folder finds it; each part is worked out when asked for, as callers need one or both. */
export interface InstalledPackage {
  /** Its version; undefined when its package.json cannot be read. */
  version(): string | undefined;
  /** The file `require(name)` loads (its real path); throws as `require.resolve` does when there is none. */
  entry(): string;
}

/**
 * The package `name` that `require` from a file in `from` loads: found by hand (findPackage, packageEntry), which
 * reads its package.json once for both parts, and by `require.resolve` from `paths` where that cannot tell.
 */
export function installedPackage(name: string, from: string, paths: readonly string[] = [from]): InstalledPackage {
  const resolve = (): string => require.resolve(name, { paths: [...paths] });
  const found = findPackage(name, from);
  if (found !== undefined) return { version: () => found.manifest.version, entry: () => packageEntry(found) ?? resolve() };
  return {
    version: () => {
      try {
        return (JSON.parse(readFileSync(require.resolve(`${name}/package.json`, { paths: [...paths] }), 'utf8')) as PackageManifest).version;
      } catch {
        return undefined;
      }
    },
    entry: resolve,
  };
}

/** The "." entry of an "exports" field, undefined when it has none or uses a form this does not follow. */
function rootExport(exports: unknown): unknown {
  if (typeof exports === 'string' || Array.isArray(exports)) return exports;
  if (exports === null || typeof exports !== 'object') return undefined;
  const keys = Object.keys(exports);
  if (keys.length > 0 && keys.every((key) => key.startsWith('.'))) return (exports as Record<string, unknown>)['.'];
  return keys.some((key) => key.startsWith('.')) ? undefined : exports;
}

/** The target a `require` picks among conditions; undefined for arrays, null targets and conditions it does not know. */
function requireTarget(entry: unknown): string | undefined {
  if (typeof entry === 'string') return entry;
  if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) return undefined;
  for (const [condition, value] of Object.entries(entry as Record<string, unknown>)) {
    if (REQUIRE_CONDITIONS.has(condition)) return requireTarget(value);
    if (!OTHER_CONDITIONS.has(condition)) return undefined;
  }
  return undefined;
}

/** Whether flags change how `require` resolves packages (then only Node.js itself can say). */
function resolverIsCustomized(): boolean {
  const flags = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)];
  return flags.some((flag) => flag === '-C' || flag.startsWith('--conditions') || flag.startsWith('--preserve-symlinks') || flag === '--no-addons');
}

/** The file a package's "main" names, as `require` finds it. */
function mainFile(dir: string, main = 'index.js'): string | undefined {
  const base = join(dir, main);
  for (const candidate of [base, `${base}.js`, `${base}.json`, `${base}.node`, join(base, 'index.js'), join(base, 'index.json'), join(base, 'index.node')]) {
    const found = existingFile(candidate);
    if (found !== undefined) return found;
  }
  return undefined;
}

function existingFile(file: string): string | undefined {
  try {
    return statSync(file).isFile() ? realpathSync(file) : undefined;
  } catch {
    return undefined;
  }
}
