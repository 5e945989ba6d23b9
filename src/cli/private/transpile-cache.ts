/**
 * A disk cache of TypeScript files transpiled for `synth`. Starting esbuild's service costs about 100 ms of
 * every run; with the cache, only files that changed since the last run need it. Entries live in the
 * project's `node_modules/.cache/shipshape-ts/` (where build tools keep theirs), one per source file.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Transpiled code of source files, kept on disk between runs. */
export class TranspileCache {
  readonly #folder: string | undefined;
  readonly #salt: string;

  /** A cache for files under `start` whose transpiled form also depends on `salt` (compiler version and options). */
  constructor(start: string, salt: string) {
    this.#folder = cacheFolder(start);
    this.#salt = salt;
  }

  /** The cached code of `filename` with exactly this `source`, if any. */
  get(filename: string, source: string): string | undefined {
    if (this.#folder === undefined) return undefined;
    try {
      return readFileSync(join(this.#folder, this.#entryName(filename, source)), 'utf8');
    } catch {
      return undefined;
    }
  }

  /** Stores the code of `filename` and drops its older entries; a cache that cannot be written is skipped. */
  set(filename: string, source: string, code: string): void {
    if (this.#folder === undefined) return;
    const name = this.#entryName(filename, source);
    const prefix = `${name.split('-')[0]}-`;
    try {
      mkdirSync(this.#folder, { recursive: true });
      for (const other of readdirSync(this.#folder)) {
        if (other.startsWith(prefix) && other !== name) rmSync(join(this.#folder, other), { force: true });
      }
      // Written aside and renamed, so that a concurrent run never reads half a file.
      const partial = join(this.#folder, `${name}.${process.pid}.tmp`);
      writeFileSync(partial, code);
      renameSync(partial, join(this.#folder, name));
    } catch {
      // A read-only or full disk only costs the next run the transpilation.
    }
  }

  #entryName(filename: string, source: string): string {
    const file = createHash('sha256').update(filename).digest('hex').slice(0, 16);
    const content = createHash('sha256').update(this.#salt).update('\0').update(source).digest('hex').slice(0, 32);
    return `${file}-${content}.js`;
  }
}

/** `node_modules/.cache/shipshape-ts` of the nearest folder at or above `start` that has node_modules. */
function cacheFolder(start: string): string | undefined {
  for (let folder = start; ; folder = dirname(folder)) {
    if (existsSync(join(folder, 'node_modules'))) return join(folder, 'node_modules', '.cache', 'shipshape-ts');
    if (dirname(folder) === folder) return undefined;
  }
}
