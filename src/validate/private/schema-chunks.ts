/**
 * The schemas of one Kubernetes version as scripts/schema-chunks.js writes them: an index of the top-level types,
 * chunks of compiled validator modules and type shapes, and the runtime helpers the validators import. A chunk
 * holds what exactly the same top-level types need, so validating a Deployment loads what a Deployment needs.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SchemaLoadError } from '../errors';
import type { GeneratedShape } from './model-shapes';

/** The body of one compiled validator module (CommonJS), as a chunk carries it. */
type ModuleFactory = (exports: Record<string, unknown>, require: (specifier: string) => unknown, module: { exports: Record<string, unknown> }) => void;

/** What a chunk file exports. */
interface Chunk {
  readonly shapes: Readonly<Record<string, GeneratedShape | null>>;
  readonly modules: Readonly<Record<string, ModuleFactory>>;
}

/** Loads a CommonJS file of the chunk folder (through a code cache when the command line provides one). */
export type ChunkLoader = (file: string) => unknown;

/** The chunked schemas in one folder, loaded top-level type by top-level type. */
export class SchemaChunks {
  readonly #folder: string;
  readonly #load: ChunkLoader;
  #roots: Readonly<Record<string, readonly number[]>> | undefined;
  #runtime: Readonly<Record<string, unknown>> | undefined;
  readonly #loaded = new Set<number>();
  readonly #shapes = new Map<string, GeneratedShape | null>();
  readonly #factories = new Map<string, ModuleFactory>();
  readonly #modules = new Map<string, { exports: Record<string, unknown> }>();

  constructor(folder: string, load: ChunkLoader) {
    this.#folder = folder;
    this.#load = load;
  }

  /** Loads what the top-level type declared in `file` (`apps/v1/Deployment.d.ts`) needs; false when there is none. */
  loadRoot(file: string): boolean {
    this.#roots ??= (JSON.parse(readFileSync(join(this.#folder, 'index.json'), 'utf8')) as { roots: Record<string, number[]> }).roots;
    const chunks = Object.prototype.hasOwnProperty.call(this.#roots, file) ? this.#roots[file] : undefined;
    if (chunks === undefined) return false;
    for (const index of chunks) {
      if (this.#loaded.has(index)) continue;
      const chunk = this.#load(join(this.#folder, `chunk-${index}.js`)) as Chunk;
      for (const [key, shape] of Object.entries(chunk.shapes)) this.#shapes.set(key, shape);
      for (const [name, factory] of Object.entries(chunk.modules)) this.#factories.set(name, factory);
      this.#loaded.add(index);
    }
    return true;
  }

  /** The shape of a type of a loaded top-level type; undefined for types of none loaded so far. */
  shape(key: string): GeneratedShape | null | undefined {
    return this.#shapes.get(key);
  }

  /** The `validate` export of a loaded validator module. */
  validator(name: string): unknown {
    return this.#require(name).validate;
  }

  #require(name: string): Record<string, unknown> {
    let module = this.#modules.get(name);
    if (module !== undefined) return module.exports;
    const factory = this.#factories.get(name);
    if (factory === undefined) throw new SchemaLoadError(`the schema module ${name} is in no loaded chunk of ${this.#folder}: rebuild shipshape (npm run build)`);
    module = { exports: {} };
    this.#modules.set(name, module);
    factory(module.exports, (specifier) => this.#requireFrom(specifier), module);
    return module.exports;
  }

  #requireFrom(specifier: string): unknown {
    const local = /^(?:\.\/|@kubernetes-models\/apimachinery\/_schemas\/)(\w+)(?:\.js)?$/.exec(specifier);
    if (local?.[1] !== undefined) return this.#require(local[1]);
    this.#runtime ??= (this.#load(join(this.#folder, 'runtime.js')) as { packages: Record<string, unknown> }).packages;
    const found = this.#runtime[specifier];
    if (found === undefined) throw new SchemaLoadError(`the schema runtime of ${this.#folder} lacks ${specifier}: rebuild shipshape (npm run build)`);
    return found;
  }
}
