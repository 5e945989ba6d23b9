/**
 * The schemas of one Kubernetes version: which apiVersion/kind pairs exist, their compiled
 * validators (from kubernetes-models, installed or generated from it) and their property shapes. Everything is
 * loaded on first use of a kind, so validating three objects loads what three schemas need, not two thousand.
 */
import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { SchemaLoadError } from '../errors';
import type { KubernetesVersion } from '../options';
import { ShapeRegistry, type RefType } from './model-shapes';
import { SchemaChunks, type ChunkLoader } from './schema-chunks';
import { nativeRequire } from './native-require';
import { SchemaFastPath } from './schema-fast-path';
import { isGroupVersionServed } from './served-apis';

/** The ajv error objects the compiled validators produce. */
export interface AjvError {
  readonly instancePath: string;
  readonly keyword: string;
  readonly params: Readonly<Record<string, unknown>>;
}

/** A compiled validator: returns whether data is valid and leaves errors on `.errors`. */
export interface CompiledValidator {
  (data: unknown): boolean;
  errors?: readonly AjvError[] | null;
}

/** What a catalog knows about one apiVersion/kind. */
export type KindLookup =
  | { readonly status: 'served'; readonly validate: CompiledValidator; readonly root: RefType }
  | { readonly status: 'not-served' }
  | { readonly status: 'unknown' };

/** Versions whose schemas come from an installed kubernetes-models package. */
const PACKAGES: Readonly<Partial<Record<KubernetesVersion, string>>> = {
  '1.27': 'kubernetes-models-1-27',
};

/**
 * Versions whose schemas are generated into src/validate/generated/ (scripts/generate-schemas.js): kubernetes-
 * models 5 declares Node.js >= 22, so it is not installed with shipshape; its generated code runs on Node.js 20.
 */
const GENERATED: ReadonlySet<KubernetesVersion> = new Set<KubernetesVersion>(['1.36']);

/** The schemas of one Kubernetes version, loaded kind by kind. */
export class SchemaCatalog {
  /** The version these schemas describe. */
  readonly version: KubernetesVersion;
  /** The strict-field shapes of this version's types. */
  readonly shapes: ShapeRegistry;
  /** Proves most objects valid without running the compiled validators (see schema-fast-path.ts). */
  readonly fastPath: SchemaFastPath;
  /** The compiled validator of a type by its schema module name, from the chunks of the kinds looked up so far. */
  readonly validatorOf: (schemaName: string) => CompiledValidator;
  readonly #packageDir: string;
  readonly #kinds = new Map<string, KindLookup>();
  readonly #chunks: SchemaChunks | undefined;

  constructor(version: KubernetesVersion) {
    this.version = version;
    const chunks = findChunks(version);
    if (chunks !== undefined) {
      this.#packageDir = '';
      this.#chunks = chunks;
      this.shapes = ShapeRegistry.fromTable((key) => chunks.shape(key));
      this.validatorOf = (name) => chunks.validator(name) as CompiledValidator;
      this.fastPath = new SchemaFastPath(this.shapes, this.validatorOf);
      return;
    }
    if (GENERATED.has(version)) {
      throw new SchemaLoadError(`the generated Kubernetes ${version} schemas (src/validate/generated/kubernetes-${version}/) are missing: reinstall shipshape, or validate against the other Kubernetes version only.`);
    }
    // Running from source without a build: the installed package's own files.
    this.#packageDir = findPackageDir(PACKAGES[version] ?? `kubernetes-models-${version.replace('.', '-')}`);
    const nested = join(this.#packageDir, 'node_modules', '@kubernetes-models', 'apimachinery');
    const apimachinery = existsSync(nested) ? nested : join(this.#packageDir, '..', '@kubernetes-models', 'apimachinery');
    this.shapes = new ShapeRegistry(apimachinery);
    const schemaFolders = [join(this.#packageDir, '_schemas'), join(apimachinery, '_schemas')];
    this.validatorOf = (name) => {
      const file = schemaFolders.map((folder) => join(folder, `${name}.js`)).find((candidate) => existsSync(candidate)) ?? join(schemaFolders[0] as string, `${name}.js`);
      return (nativeRequire(file) as { validate: CompiledValidator }).validate;
    };
    this.fastPath = new SchemaFastPath(this.shapes, this.validatorOf);
  }

  /** Finds the schema of an apiVersion/kind, loading its validator the first time. */
  lookup(apiVersion: string, kind: string): KindLookup {
    const key = `${apiVersion}\u0000${kind}`;
    let found = this.#kinds.get(key);
    if (found === undefined) {
      found = this.#load(apiVersion, kind);
      this.#kinds.set(key, found);
    }
    return found;
  }

  #load(apiVersion: string, kind: string): KindLookup {
    if (!/^([a-z0-9.-]+\/)?v[0-9]+((alpha|beta)[0-9]+)?$/.test(apiVersion) || !/^[A-Za-z][A-Za-z0-9]*$/.test(kind)) {
      return { status: 'unknown' };
    }
    const chunks = this.#chunks;
    const rootFile = chunks === undefined ? join(this.#packageDir, apiVersion, `${kind}.d.ts`) : `${apiVersion}/${kind}.d.ts`;
    if (chunks !== undefined && !this.#loadSchema(kind, rootFile, () => chunks.loadRoot(rootFile))) return { status: 'unknown' };
    const shape = this.shapes.shapeOf(rootFile);
    if (shape === null || shape.kindLiteral !== kind || shape.schemaName === undefined) return { status: 'unknown' };
    if (!isGroupVersionServed(this.version, apiVersion)) return { status: 'not-served' };
    const schemaName = shape.schemaName;
    const file = chunks === undefined ? join(this.#packageDir, '_schemas', `${schemaName}.js`) : rootFile;
    const validate = this.#loadSchema(kind, file, () => this.validatorOf(schemaName));
    return { status: 'served', validate, root: { t: 'ref', file: rootFile } };
  }

  #loadSchema<T>(kind: string, file: string, load: (file: string) => T): T {
    try {
      return load(file);
    } catch (error) {
      if (error instanceof SchemaLoadError) throw error;
      throw new SchemaLoadError(
        `cannot load the Kubernetes ${this.version} schema of ${kind} (${file}): ${error instanceof Error ? error.message : String(error)}. ` +
          'Reinstall shipshape (npm ci) on Node.js 20.19 or later, or validate against the other Kubernetes version only.',
      );
    }
  }
}

/** The schema folders the command line registers (lib/schemas/, loaded through its code cache); none for library use. */
const SCHEMA_BUNDLES = Symbol.for('shipshape.schema-bundles');

/** How the command line hands over one version's schema folder. */
interface RegisteredSchemas {
  readonly folder: string;
  readonly load: ChunkLoader;
}

/**
 * The chunked schemas of a version (scripts/schema-chunks.js): the command line's, else lib/schemas/ next to this
 * file when it runs from lib/, else the generated ones in the source; undefined when there are none (1.27 from source).
 */
function findChunks(version: KubernetesVersion): SchemaChunks | undefined {
  const provider = (globalThis as Record<symbol, unknown>)[SCHEMA_BUNDLES];
  const registered = typeof provider === 'function' ? ((provider as (version: string) => RegisteredSchemas | undefined)(version)) : undefined;
  if (registered !== undefined) return new SchemaChunks(registered.folder, registered.load);
  const name = `kubernetes-${version}`;
  const lib = join(__dirname, '..', '..', '..');
  const folders = [...(basename(lib) === 'lib' ? [join(lib, 'schemas', name)] : []), join(__dirname, '..', 'generated', name)];
  const folder = folders.find((candidate) => existsSync(join(candidate, 'index.json')));
  return folder === undefined ? undefined : new SchemaChunks(folder, nativeRequire);
}

function findPackageDir(name: string): string {
  for (const base of require.resolve.paths(name) ?? []) {
    const candidate = join(base, name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
  }
  return join(process.cwd(), 'node_modules', name);
}
