/**
 * Starts the command line from `lib/shipshape.js`, the bundle `npm run build` makes of the command line, the
 * library and cdk8s/constructs (see scripts/build-bundles.js), through a V8 code cache. Apps loaded by
 * `synth` get the bundle's copies: requiring `shipshape` (lib/src/index.js) or the installed cdk8s and
 * constructs of the same versions returns them, so that there is one construct tree and one set of classes.
 * Schema validators and shapes come from the per-version schema chunks in lib/schemas/ (scripts/schema-chunks.js).
 */
import { existsSync } from 'node:fs';
import Module from 'node:module';
import { dirname, join } from 'node:path';
import type { main as Main } from '../main';
import { loadCached, requireCached } from './cached-script';
import { installedPackage, nodeModulePaths } from './find-package';
import { packageRoot } from './package-root';

/** What lib/shipshape.js exports. */
interface Bundle {
  readonly cli: { readonly main: typeof Main };
  readonly library: unknown;
  readonly packages: Readonly<Record<string, { readonly exports: unknown; readonly version: string }>>;
}

/** The global the validation layer reads schema bundles through (it must not import the command line). */
const SCHEMA_BUNDLES = Symbol.for('shipshape.schema-bundles');


/** Commands that load the library and an app, for which the bundle pays; the others load a few files of their own. */
const BUNDLED_COMMANDS = new Set(['synth', 'apply', 'diff']);

/**
 * The bundled `main` for a command that builds an app, or undefined: for other commands, when there is no bundle
 * (running from source) or when SHIPSHAPE_NO_BUNDLE is set. Schema bundles are used by every command.
 */
export function loadBundledMain(command: string | undefined): typeof Main | undefined {
  const root = packageRoot();
  const file = join(root, 'lib', 'shipshape.js');
  if (process.env.SHIPSHAPE_NO_BUNDLE || !existsSync(file)) return undefined;
  registerSchemaBundles(root);
  if (command === undefined || !BUNDLED_COMMANDS.has(command)) return undefined;
  const bundle = requireCached(file) as Bundle;
  alias(join(root, 'lib', 'src', 'index.js'), bundle.library);
  for (const [name, shared] of Object.entries(bundle.packages)) {
    const installed = installedPackage(name, root);
    if (installed.version() !== shared.version) continue;
    alias(installed.entry(), shared.exports);
  }
  return bundle.cli.main;
}

/** Lets the validation layer load each version's schema chunks from lib/schemas/ through the code cache. */
function registerSchemaBundles(root: string): void {
  (globalThis as Record<symbol, unknown>)[SCHEMA_BUNDLES] = (version: string): { folder: string; load: (file: string) => unknown } | undefined => {
    const folder = join(root, 'lib', 'schemas', `kubernetes-${version}`);
    return existsSync(join(folder, 'index.json')) ? { folder, load: loadCached } : undefined;
  };
}

/** Makes `require` of `file` return `exports`, unless the file is loaded already. */
function alias(file: string, exports: unknown): void {
  if (require.cache[file] !== undefined) return;
  const module = new Module(file, undefined);
  module.filename = file;
  module.exports = exports;
  module.loaded = true;
  module.paths = nodeModulePaths(dirname(file));
  require.cache[file] = module;
}
