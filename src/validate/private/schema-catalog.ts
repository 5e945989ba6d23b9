/**
 * The schemas of one Kubernetes version: which apiVersion/kind pairs exist, their compiled
 * validators (from kubernetes-models, installed or generated from it) and their property shapes. Everything is loaded on first use
 * of a kind, so validating three objects loads three schemas, not two thousand.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { SchemaLoadError } from '../errors';
import type { KubernetesVersion } from '../options';
import { ShapeRegistry, type GeneratedShape, type RefType } from './model-shapes';
import { nativeRequire } from './native-require';
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
const GENERATED: Readonly<Partial<Record<KubernetesVersion, { readonly folder: string; readonly shapes: () => { shapes: Record<string, GeneratedShape | null> } }>>> = {
  '1.36': {
    folder: 'kubernetes-1.36',
    // Read on first use; a literal path, so that bundling (scripts/build-bundles.js) carries the table along.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    shapes: () => require('../generated/kubernetes-1.36/shapes.json') as { shapes: Record<string, GeneratedShape | null> },
  },
};

/** The schemas of one Kubernetes version, loaded kind by kind. */
export class SchemaCatalog {
  /** The version these schemas describe. */
  readonly version: KubernetesVersion;
  /** The strict-field shapes of this version's types. */
  readonly shapes: ShapeRegistry;
  readonly #packageDir: string;
  readonly #kinds = new Map<string, KindLookup>();

  readonly #generatedFolder: string | undefined;

  constructor(version: KubernetesVersion) {
    this.version = version;
    const generated = GENERATED[version];
    if (generated !== undefined) {
      this.#packageDir = '';
      this.#generatedFolder = join(__dirname, '..', 'generated', generated.folder);
      this.shapes = ShapeRegistry.fromTable(generated.shapes().shapes);
      return;
    }
    this.#packageDir = findPackageDir(PACKAGES[version] ?? `kubernetes-models-${version.replace('.', '-')}`);
    const nested = join(this.#packageDir, 'node_modules', '@kubernetes-models', 'apimachinery');
    const apimachinery = existsSync(nested) ? nested : join(this.#packageDir, '..', '@kubernetes-models', 'apimachinery');
    this.shapes = new ShapeRegistry(apimachinery);
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
    const rootFile = this.#generatedFolder === undefined ? join(this.#packageDir, apiVersion, `${kind}.d.ts`) : `${apiVersion}/${kind}.d.ts`;
    const shape = this.shapes.shapeOf(rootFile);
    if (shape === null || shape.kindLiteral !== kind || shape.schemaName === undefined) return { status: 'unknown' };
    if (!isGroupVersionServed(this.version, apiVersion)) return { status: 'not-served' };
    const bundled = schemaBundle(this.version)?.validators[shape.schemaName];
    if (bundled !== undefined) return { status: 'served', validate: bundled(), root: { t: 'ref', file: rootFile } };
    if (this.#generatedFolder !== undefined) {
      const generated = (nativeRequire(join(this.#generatedFolder, 'validators.js')) as NonNullable<ReturnType<typeof schemaBundle>>).validators[shape.schemaName];
      if (generated === undefined) return { status: 'unknown' };
      return { status: 'served', validate: generated(), root: { t: 'ref', file: rootFile } };
    }
    const schemaFile = join(this.#packageDir, '_schemas', `${shape.schemaName}.js`);
    let module: { validate: CompiledValidator };
    try {
      module = nativeRequire(schemaFile) as { validate: CompiledValidator };
    } catch (error) {
      throw new SchemaLoadError(
        `cannot load the Kubernetes ${this.version} schema of ${kind} (${schemaFile}): ${error instanceof Error ? error.message : String(error)}. ` +
          'Reinstall shipshape (npm ci) on Node.js 20.19 or later, or validate against the other Kubernetes version only.',
      );
    }
    return { status: 'served', validate: module.validate, root: { t: 'ref', file: rootFile } };
  }
}

/** The schema bundles the command line registers (lib/schemas/, built by `npm run build`); none for library use. */
const SCHEMA_BUNDLES = Symbol.for('shipshape.schema-bundles');

/** The validators of one version from its bundle, each compiled on first use, when the command line provides them. */
function schemaBundle(version: KubernetesVersion): { readonly validators: Readonly<Record<string, (() => CompiledValidator) | undefined>> } | undefined {
  const provider = (globalThis as Record<symbol, unknown>)[SCHEMA_BUNDLES];
  return typeof provider === 'function' ? (provider as (version: string) => ReturnType<typeof schemaBundle>)(version) : undefined;
}

function findPackageDir(name: string): string {
  for (const base of require.resolve.paths(name) ?? []) {
    const candidate = join(base, name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
  }
  return join(process.cwd(), 'node_modules', name);
}
