/**
 * Loads the app entry file a user points synth at. JavaScript is required as is; TypeScript is
 * transpiled on the fly by esbuild without type-checking (that is `tsc`'s job), which keeps start-up fast,
 * and kept transpiled on disk until it changes.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { IConstruct } from 'constructs';
import { isShipshapeError, ShipshapeError } from '../../errors';
import { describeAppError } from './app-error';
import { findPackage, installedPackage } from './find-package';
import { packageRoot } from './package-root';
import { TranspileCache } from './transpile-cache';

/** The app entry could not be loaded or exports no app. */
export class AppLoadError extends ShipshapeError {}

let typeScriptRegistered = false;

/** The transpiled code of every TypeScript file loaded, for mapping stack frames back to TypeScript lines. */
const transpiled = new Map<string, string>();

/** shipshape's own folders (compiled, bundled, or the sources in its repository): frames there are not the user's. */
function libraryFolders(): string[] {
  return [join(packageRoot(), 'lib'), join(packageRoot(), 'src')];
}

/** How app files are transpiled; part of the cache key, so that changing it invalidates the cache. */
const TRANSFORM_OPTIONS = {
  loader: 'ts',
  format: 'cjs',
  target: 'node20',
  sourcemap: 'inline',
  tsconfigRaw: { compilerOptions: { useDefineForClassFields: true } },
} as const;

function loadEsbuild(): typeof import('esbuild') {
  try {
    return require('esbuild') as typeof import('esbuild');
  } catch {
    throw new AppLoadError('Loading a TypeScript app needs the esbuild package. Install it (npm install esbuild) or point --app at compiled JavaScript.');
  }
}

/**
 * Teaches `require` to load `.ts` files through esbuild's transform (once per process). Transpiled files are
 * cached on disk, and esbuild itself is loaded only when a file is not in the cache.
 */
function registerTypeScript(entry: string): void {
  if (typeScriptRegistered) return;
  // The version keys the cache; reading it by hand spares a `require` of esbuild/package.json.
  let version = findPackage('esbuild', __dirname)?.manifest.version;
  if (version === undefined) {
    try {
      version = (require('esbuild/package.json') as { version: string }).version;
    } catch {
      version = loadEsbuild().version;
    }
  }
  const cache = new TranspileCache(dirname(entry), `esbuild ${version} ${JSON.stringify(TRANSFORM_OPTIONS)}`);
  let esbuild: typeof import('esbuild') | undefined;
  const extensions = require.extensions;
  extensions['.ts'] = (module, filename) => {
    const source = readFileSync(filename, 'utf8');
    let code = cache.get(filename, source);
    if (code === undefined) {
      esbuild ??= loadEsbuild();
      code = esbuild.transformSync(source, { ...TRANSFORM_OPTIONS, sourcefile: filename }).code;
      cache.set(filename, source, code);
    }
    transpiled.set(filename, code);
    (module as unknown as { _compile(code: string, filename: string): void })._compile(code, filename);
  };
  typeScriptRegistered = true;
}

function isConstruct(value: unknown): value is IConstruct {
  return value !== null && typeof value === 'object' && 'node' in value;
}

/**
 * Loads the entry file and returns its app. The file exports `app` (or a default export) that is an App, or
 * a function `buildApp()` (or a default function) that returns one. Guard any `app.synth()` call with
 * `if (require.main === module)` so that loading the file has no side effects.
 */
export function loadApp(entry: string, cwd: string): IConstruct {
  const path = resolve(cwd, entry);
  if (!existsSync(path)) throw new AppLoadError(`app entry file ${entry} does not exist (looked at ${path}). Pass --app <file>.`);
  if (path.endsWith('.ts') || path.endsWith('.mts') || path.endsWith('.cts')) registerTypeScript(path);
  const created = trackConstructs(path);
  try {
    return buildApp(entry, path);
  } catch (error) {
    // shipshape's errors name the construct, field and fix already; a plain exception gets its place.
    if (!(error instanceof Error) || isShipshapeError(error)) throw error;
    throw new AppLoadError(describeAppError(error, { cwd, libraryFolders: libraryFolders(), transpiledCode: (file) => transpiled.get(file), constructs: created.list }));
  } finally {
    created.stop();
  }
}

function buildApp(entry: string, path: string): IConstruct {
  const exports = require(path) as Record<string, unknown>;
  for (const candidate of [exports.app, exports.default]) {
    if (isConstruct(candidate)) return candidate;
  }
  for (const candidate of [exports.buildApp, exports.default]) {
    if (typeof candidate === 'function') {
      const app: unknown = (candidate as () => unknown)();
      if (isConstruct(app)) return app;
      throw new AppLoadError(`app entry file ${entry}: ${candidate === exports.buildApp ? 'buildApp()' : 'the default export'} returned ${typeof app}, not an App.`);
    }
  }
  throw new AppLoadError(`app entry file ${entry} exports no app. Export the App as \`app\`, or a function \`buildApp()\` that returns it.`);
}

/**
 * Records every construct added to a tree while the app is built, by wrapping `Node.addChild` of the
 * `constructs` package the app resolves (the one shipshape uses when they are the same), so that an exception
 * can name the construct being built. The wrapper is removed when the app is built.
 */
function trackConstructs(entry: string): { readonly list: IConstruct[]; stop(): void } {
  const list: IConstruct[] = [];
  let nodeClass: { prototype: { addChild(child: IConstruct, name: string): void } } | undefined;
  try {
    const constructsPath = installedPackage('constructs', dirname(entry), [dirname(entry), packageRoot()]).entry();
    nodeClass = (require(constructsPath) as { Node: typeof nodeClass }).Node;
  } catch {
    return { list, stop: () => undefined };
  }
  if (nodeClass === undefined) return { list, stop: () => undefined };
  const prototype = nodeClass.prototype;
  const original = Object.getOwnPropertyDescriptor(prototype, 'addChild');
  if (original === undefined || typeof original.value !== 'function') return { list, stop: () => undefined };
  const addChild = original.value as (this: unknown, child: IConstruct, name: string) => void;
  Object.defineProperty(prototype, 'addChild', {
    ...original,
    value(this: unknown, child: IConstruct, name: string): void {
      addChild.call(this, child, name);
      list.push(child);
    },
  });
  return { list, stop: () => Object.defineProperty(prototype, 'addChild', original) };
}
