/**
 * Loads the app entry file a user points synth at. JavaScript is required as is; TypeScript is
 * transpiled on the fly by esbuild without type-checking (that is `tsc`'s job), which keeps start-up fast.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { IConstruct } from 'constructs';
import { ShipshapeError } from '../../errors';

/** The app entry could not be loaded or exports no app. */
export class AppLoadError extends ShipshapeError {}

let typeScriptRegistered = false;

/** Teaches `require` to load `.ts` files through esbuild's transform (once per process). */
function registerTypeScript(): void {
  if (typeScriptRegistered) return;
  let esbuild: typeof import('esbuild');
  try {
    esbuild = require('esbuild') as typeof import('esbuild');
  } catch {
    throw new AppLoadError('Loading a TypeScript app needs the esbuild package. Install it (npm install esbuild) or point --app at compiled JavaScript.');
  }
  const extensions = require.extensions;
  extensions['.ts'] = (module, filename) => {
    const source = readFileSync(filename, 'utf8');
    const { code } = esbuild.transformSync(source, {
      loader: 'ts',
      format: 'cjs',
      target: 'node20',
      sourcefile: filename,
      sourcemap: 'inline',
      tsconfigRaw: { compilerOptions: { useDefineForClassFields: true } },
    });
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
  if (path.endsWith('.ts') || path.endsWith('.mts') || path.endsWith('.cts')) registerTypeScript();
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
