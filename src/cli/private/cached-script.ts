/**
 * Loads a CommonJS file with a V8 code cache: the first run compiles it and, when the process exits, stores the
 * compiled code of every function it ran; later runs skip parsing and compiling those functions. What shipshape
 * builds (`lib/shipshape.js`, 1.3 MB, and the schema chunks of lib/schemas/) is most of start-up.
 * Caches live in `node_modules/.cache/shipshape-v8/`, keyed by Node version and the file's size and time;
 * a cache V8 rejects (another V8, other flags) is rewritten. Node 22's `module.enableCompileCache()` does the
 * same for every module; Node 20 has only `vm.Script`'s `cachedData`.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { isAscii } from 'node:buffer';
import Module from 'node:module';
import { basename, dirname, join } from 'node:path';
import { Script } from 'node:vm';
import { nodeModulePaths } from './find-package';

/** Caches to write when the process exits, so that they hold every function the run compiled. */
const pending: Array<() => void> = [];

/** Requires `file` as `require` would, through a code cache; the module is registered in `require.cache`. */
export function requireCached(file: string): unknown {
  const known = require.cache[file];
  if (known !== undefined) return known.exports;
  const module = new Module(file, undefined);
  module.filename = file;
  module.paths = nodeModulePaths(dirname(file));
  require.cache[file] = module;
  try {
    runCached(file, basename(file, '.js'), module, Module.createRequire(file));
  } catch (error) {
    delete require.cache[file];
    throw error;
  }
  module.loaded = true;
  return module.exports;
}

/**
 * Runs a CommonJS file that requires nothing (a schema chunk) through a code cache and returns its exports, without
 * making it a module: tens of chunks load per run, and the caller keeps what it loaded.
 */
export function loadCached(file: string): unknown {
  const module = { exports: {} };
  let moduleRequire: NodeJS.Require | undefined;
  // Chunks of each schema version have the same names: the folder tells their caches apart.
  const name = `${basename(dirname(file))}-${basename(file, '.js')}`;
  runCached(file, name, module, ((id: string): unknown => (moduleRequire ??= Module.createRequire(file))(id)) as NodeJS.Require);
  return module.exports;
}

function runCached(file: string, name: string, module: { exports: unknown }, moduleRequire: NodeJS.Require): void {
  const source = readSource(file);
  const cacheFile = cachePath(file, name);
  let cachedData: Buffer | undefined;
  if (cacheFile !== undefined) {
    try {
      cachedData = readFileSync(cacheFile);
    } catch {
      cachedData = undefined;
    }
  }
  const script = new Script(Module.wrap(source), { filename: file, cachedData });
  const wrapper = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: unknown, filename: string, dirname: string) => void;
  wrapper.call(module.exports, module.exports, moduleRequire, module, file, dirname(file));
  if (cacheFile !== undefined && (cachedData === undefined || script.cachedDataRejected === true)) {
    if (pending.length === 0) process.once('exit', () => pending.forEach((write) => write()));
    pending.push(() => writeCache(cacheFile, script));
  }
}

/**
 * The text of a file as UTF-8. The files this loads are ASCII (scripts/build-bundles.js sees to the bundle's), which
 * Node.js decodes into a one-byte string in half the time of its UTF-8 decoder (1.3 ms instead of 2.5 for the bundle).
 */
function readSource(file: string): string {
  const bytes = readFileSync(file);
  return isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
}

/**
 * The caches of the whole-version schema bundles that builds before the schema chunks loaded
 * (`kubernetes-1.27-<key>.v8`): nothing reads them any more, so a run that writes a cache removes them.
 */
const WHOLE_SCHEMA_CACHE = /^kubernetes-\d+\.\d+-[0-9a-f]{16}\.v8$/;

function writeCache(cacheFile: string, script: Script): void {
  try {
    const folder = dirname(cacheFile);
    mkdirSync(folder, { recursive: true });
    // Caches of earlier builds of the same file are never read again.
    const prefix = `${basename(cacheFile).replace(/-[0-9a-f]{16}\.v8$/, '')}-`;
    for (const other of readdirSync(folder)) {
      const stale = (other.startsWith(prefix) && other.endsWith('.v8')) || WHOLE_SCHEMA_CACHE.test(other);
      if (stale && join(folder, other) !== cacheFile) rmSync(join(folder, other), { force: true });
    }
    const partial = `${cacheFile}.${process.pid}.tmp`;
    writeFileSync(partial, script.createCachedData());
    renameSync(partial, cacheFile);
  } catch {
    // A read-only install only loses the cache: the next run compiles again.
  }
}

/** The cache folder of each folder that holds cached files; a run loads tens of files from the same few folders. */
const cacheFolders = new Map<string, string | undefined>();

/** `node_modules/.cache/shipshape-v8/<name>-<key>.v8` of the nearest node_modules at or above the file; undefined when none. */
function cachePath(file: string, name: string): string | undefined {
  let stat;
  try {
    stat = statSync(file);
  } catch {
    return undefined;
  }
  const key = fnv64(`${process.version} ${process.arch} ${file} ${stat.size} ${stat.mtimeMs}`);
  const folder = cacheFolderOf(dirname(file));
  return folder === undefined ? undefined : join(folder, `${name}-${key}.v8`);
}

/**
 * A 64-bit FNV-1a hash in 16 hex digits: enough to tell files and builds apart in a cache folder, and without
 * node:crypto's start-up cost (a run hashes the names of tens of chunks).
 */
function fnv64(text: string): string {
  let low = 0x811c9dc5;
  let high = 0xcbf29ce4;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    low = Math.imul(low ^ code, 0x01000193) >>> 0;
    high = Math.imul(high ^ code ^ (low >>> 24), 0x01000193) >>> 0;
  }
  return high.toString(16).padStart(8, '0') + low.toString(16).padStart(8, '0');
}

function cacheFolderOf(start: string): string | undefined {
  if (cacheFolders.has(start)) return cacheFolders.get(start);
  let found: string | undefined;
  for (let folder = start; ; folder = dirname(folder)) {
    if (existsSync(join(folder, 'node_modules'))) {
      found = join(folder, 'node_modules', '.cache', 'shipshape-v8');
      break;
    }
    if (dirname(folder) === folder) break;
  }
  cacheFolders.set(start, found);
  return found;
}
