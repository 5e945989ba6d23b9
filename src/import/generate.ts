/**
 * `shipshape import`: turns CustomResourceDefinitions into TypeScript modules, one per API group, with one
 * construct class per kind and served version (the storage version named after the kind, the others suffixed
 * with their version, as cdk8s import does) and props interfaces generated from the structural schema. The
 * classes extend `CustomResource`, so behaviour lives in hand-written code; each module carries its CRDs (without
 * descriptions) so that synthesis validates the objects against their schemas.
 */
import { ShipshapeError } from '../errors';
import { compareText } from '../manifest/compare-text';
import {
  type CustomResourceDefinitionInfo,
  type CustomResourceVersion,
  isCustomResourceDefinition,
  type JsonSchemaProps,
  readCustomResourceDefinition,
} from '../manifest/custom-resource-definition';
import type { KubeObject } from '../manifest/kube-object';
import { docComment, pascalCase, TypeEmitter } from './schema-types';

/** CRDs that cannot be imported; every problem is listed. */
export class ImportError extends ShipshapeError {}

/** Options of `generateImports`. */
export interface GenerateImportsOptions {
  /** The command that regenerates the modules, written into their header. */
  readonly command: string;
  /**
   * The module the generated code imports `CustomResource` from.
   * @default 'shipshape'
   */
  readonly module?: string;
}

/** One generated module. */
export interface GeneratedModule {
  /** The API group, e.g. `cert-manager.io`. */
  readonly group: string;
  /** The file name, `<group>.ts`. */
  readonly file: string;
  /** The classes it exports, in order. */
  readonly classes: readonly string[];
  readonly content: string;
}

/** A CRD read from a file, with where it came from for error messages. */
export interface CrdSource {
  readonly object: KubeObject;
  /** e.g. `crds/certificates.yaml (document 2)`. */
  readonly origin: string;
}

/** Props keys that ResourceProps already uses, which a schema may not use at its top level. */
const METADATA_PROPS = new Set(['name', 'labels', 'annotations']);
/** Top-level fields that are not props: owned by the API server, or (status) by the controller. */
const NOT_PROPS = new Set(['apiVersion', 'kind', 'metadata', 'status']);

/** Generates one module per API group from the CRDs among `sources` (other objects are ignored); throws ImportError listing every problem. */
export function generateImports(sources: readonly CrdSource[], options: GenerateImportsOptions): GeneratedModule[] {
  const problems: string[] = [];
  const byName = new Map<string, { info: CustomResourceDefinitionInfo; object: KubeObject }>();
  for (const source of sources) {
    if (!isCustomResourceDefinition(source.object)) continue;
    const read = readCustomResourceDefinition(source.object);
    if (typeof read === 'string') {
      problems.push(`${source.origin}: CustomResourceDefinition '${source.object.metadata?.name ?? '(unnamed)'}': ${read}`);
      continue;
    }
    for (const key of Object.keys(read.versions.find((version) => version.storage)?.schema?.properties ?? {})) {
      if (METADATA_PROPS.has(key)) {
        problems.push(`${source.origin}: CustomResourceDefinition '${read.name}': its schema has a top-level field '${key}', which the construct props use for metadata; this CRD cannot be imported as a construct (write it with new CustomResource(...) instead).`);
      }
    }
    byName.set(read.name, { info: read, object: source.object });
  }
  if (problems.length > 0) throw new ImportError(`cannot import:\n  - ${problems.join('\n  - ')}`);
  if (byName.size === 0) throw new ImportError('no CustomResourceDefinition (apiextensions.k8s.io/v1) found in the input. Give the CRD files of the operator, e.g. its crds/ folder.');
  const byGroup = new Map<string, { info: CustomResourceDefinitionInfo; object: KubeObject }[]>();
  for (const entry of [...byName.values()].sort((a, b) => compareText(a.info.kind, b.info.kind))) {
    byGroup.set(entry.info.group, [...(byGroup.get(entry.info.group) ?? []), entry]);
  }
  return [...byGroup.entries()]
    .sort(([a], [b]) => compareText(a, b))
    .map(([group, entries]) => generateModule(group, entries, options));
}

function generateModule(group: string, entries: readonly { info: CustomResourceDefinitionInfo; object: KubeObject }[], options: GenerateImportsOptions): GeneratedModule {
  const emitter = new TypeEmitter();
  const constants: string[] = [];
  const classes: string[] = [];
  const classNames: string[] = [];
  for (const { info, object } of entries) {
    const constant = `${info.plural.replace(/[^A-Za-z0-9]+/g, '_').toUpperCase()}_CRD`;
    constants.push(`/** The CustomResourceDefinition ${info.name}, without descriptions: synthesis validates ${info.kind} objects against it. */\nconst ${constant}: shipshape.KubeObject = ${JSON.stringify(trimmed(object), null, 2)};`);
    const served = info.versions.filter((version) => version.served);
    for (const version of [...served].sort((a, b) => Number(b.storage) - Number(a.storage) || compareText(a.name, b.name))) {
      const className = emitter.reserve(version.storage ? info.kind : `${info.kind}${versionSuffix(version.name)}`);
      classNames.push(className);
      classes.push(generateClass(emitter, info, version, className, constant));
    }
  }
  const sources = entries.map((entry) => entry.info.name).join(', ');
  const content = [
    `// Generated by \`shipshape import\` from the CustomResourceDefinitions ${sources}.`,
    '// Do not edit: change the CRDs and regenerate with:',
    `//   ${options.command}`,
    '/* eslint-disable */',
    // Namespace imports: a kind may be called Construct or CustomResource without clashing with them.
    "import * as constructs from 'constructs';",
    `import * as shipshape from '${options.module ?? 'shipshape'}';`,
    '',
    constants.join('\n\n'),
    '',
    classes.join('\n\n'),
    '',
    emitter.declarations.join('\n\n'),
    '',
  ].join('\n');
  return { group, file: `${group}.ts`, classes: classNames, content };
}

function generateClass(emitter: TypeEmitter, info: CustomResourceDefinitionInfo, version: CustomResourceVersion, className: string, constant: string): string {
  const apiVersion = `${info.group}/${version.name}`;
  const schema: JsonSchemaProps = version.schema ?? { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };
  const propsName = emitter.declareInterface(
    { ...schema, required: (schema.required ?? []).filter((key) => !NOT_PROPS.has(key)) },
    `${className}Props`,
    `Props of ${className}: the metadata props of every construct, and the fields of a ${info.kind} ${apiVersion} object.`,
    { extendsClause: 'shipshape.CustomResourceProps', omit: NOT_PROPS, childPrefix: className },
  );
  const required = (schema.required ?? []).some((key) => !NOT_PROPS.has(key));
  const scope = info.scope === 'Cluster' ? 'cluster-scoped' : 'namespaced';
  const notes = [
    `\`${info.kind}\` in \`${apiVersion}\` (${scope}, from CRD ${info.name}${version.storage ? ', its storage version' : ''}${version.deprecated ? '; deprecated by the CRD' : ''}).`,
  ];
  const deprecation = version.deprecated ? ['', '@deprecated The CRD deprecates this version; use the storage version.'] : [];
  const doc = docComment([schema.description ?? `A ${info.kind}.`, '', ...notes, ...deprecation].join('\n'), '');
  return [
    `${doc}export class ${className} extends shipshape.CustomResource {`,
    '  /** The apiVersion, kind, scope and CRD of the objects this class writes. */',
    `  static readonly TYPE: shipshape.CustomResourceType = { apiVersion: ${JSON.stringify(apiVersion)}, kind: ${JSON.stringify(info.kind)}, clusterScoped: ${info.scope === 'Cluster'}, definition: ${constant} };`,
    '',
    `  /** Creates a ${info.kind}${info.scope === 'Cluster' ? '' : " in the chart's namespace"}, named after \`id\` unless \`props.name\` is set. */`,
    `  constructor(scope: constructs.Construct, id: string, props: ${propsName}${required ? '' : ' = {}'}) {`,
    `    super(scope, id, ${className}.TYPE, props);`,
    '  }',
    '}',
  ].join('\n');
}

/** `v1alpha2` → `V1Alpha2`, as cdk8s names non-storage versions. */
function versionSuffix(version: string): string {
  return pascalCase(version.replace(/(alpha|beta)/g, '-$1-'));
}

/** The CRD as the generated module keeps it: what validation needs, sorted, without descriptions. */
function trimmed(object: KubeObject): unknown {
  const spec = (object.spec ?? {}) as Record<string, unknown>;
  const versions = Array.isArray(spec.versions) ? (spec.versions as Record<string, unknown>[]) : [];
  return sortKeys({
    apiVersion: object.apiVersion,
    kind: object.kind,
    metadata: { name: object.metadata.name },
    spec: {
      group: spec.group,
      names: spec.names,
      scope: spec.scope,
      versions: versions.map((version) => ({
        name: version.name,
        served: version.served,
        storage: version.storage,
        ...(version.deprecated === undefined ? {} : { deprecated: version.deprecated }),
        ...(version.schema === undefined ? {} : { schema: withoutDescriptions(version.schema) }),
      })),
    },
  });
}

function withoutDescriptions(value: unknown, parentKey = ''): unknown {
  if (Array.isArray(value)) return value.map((item) => withoutDescriptions(item));
  if (value === null || typeof value !== 'object') return value;
  const result: Record<string, unknown> = {};
  for (const [key, entry] of Object.entries(value as Record<string, unknown>)) {
    // `description` is a schema keyword except where it names a property (inside `properties`).
    if (key === 'description' && parentKey !== 'properties' && typeof entry === 'string') continue;
    result[key] = withoutDescriptions(entry, key);
  }
  return result;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const result: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort(compareText)) {
    const entry = (value as Record<string, unknown>)[key];
    if (entry !== undefined) result[key] = sortKeys(entry);
  }
  return result;
}
