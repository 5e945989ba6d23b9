/**
 * The schema layer for custom resources: checks each object whose kind a CustomResourceDefinition defines
 * against that CRD's structural schema, as the API server's apiextensions validation does (types, required,
 * enums, patterns, formats, bounds, nullable, int-or-string, unknown fields unless preserved) and the CEL rules of
 * `x-kubernetes-validations`. A rule the CEL engine cannot evaluate (Kubernetes' extension functions) is reported
 * as unchecked (a warning), never as passed. Transition rules (those using `oldSelf`) compare with the stored
 * object, which an offline check does not have, and are skipped, as the server skips them on creation; those with
 * `optionalOldSelf` run with an empty `oldSelf`, as the server runs them on creation.
 *
 * CRDs come from three places: those imported with `shipshape import` (synthesis passes them on), those among
 * the validated objects, and files given with `--crd` (option `customResourceDefinitions`).
 */
import type { KubeObject } from '../manifest/kube-object';
import {
  apiVersionOf,
  type CustomResourceDefinitionInfo,
  type CustomResourceVersion,
  isCustomResourceDefinition,
  type JsonSchemaProps,
  readCustomResourceDefinition,
} from '../manifest/custom-resource-definition';
import type { Finding } from './private/collector';
import { SchemaWalker } from './private/schema-walker';
import { withStructuralDefaults } from './private/structural-defaults';

/** What the catalog knows about an apiVersion/kind. */
export type CustomKindLookup =
  | { readonly status: 'served'; readonly definition: CustomResourceDefinitionInfo; readonly version: CustomResourceVersion }
  | { readonly status: 'not-served'; readonly definition: CustomResourceDefinitionInfo; readonly served: readonly string[] }
  | { readonly status: 'unknown' };

/** The custom resource kinds known to one validation run, from their CRDs. */
export class CustomResourceCatalog {
  readonly #byGroupKind = new Map<string, CustomResourceDefinitionInfo>();

  /** Builds a catalog; later definitions of the same group and kind replace earlier ones. */
  constructor(definitions: Iterable<CustomResourceDefinitionInfo>) {
    for (const definition of definitions) this.#byGroupKind.set(`${definition.group}\u0000${definition.kind}`, definition);
  }

  /** Reads the CRD objects among `objects`; those that cannot be read are returned with the reason. */
  static read(objects: Iterable<KubeObject>): { readonly definitions: CustomResourceDefinitionInfo[]; readonly unreadable: { object: KubeObject; reason: string }[] } {
    const definitions: CustomResourceDefinitionInfo[] = [];
    const unreadable: { object: KubeObject; reason: string }[] = [];
    for (const object of objects) {
      if (!isCustomResourceDefinition(object)) continue;
      const read = readCustomResourceDefinition(object);
      if (typeof read === 'string') unreadable.push({ object, reason: read });
      else definitions.push(read);
    }
    return { definitions, unreadable };
  }

  /** How many kinds it knows. */
  get size(): number {
    return this.#byGroupKind.size;
  }

  /** Whether objects of this kind are cluster-scoped, when a CRD defines the kind. */
  isClusterScoped(apiVersion: string, kind: string): boolean | undefined {
    const definition = this.#byGroupKind.get(`${groupOf(apiVersion)}\u0000${kind}`);
    return definition === undefined ? undefined : definition.scope === 'Cluster';
  }

  /** Finds the CRD version of an apiVersion/kind. */
  lookup(apiVersion: string, kind: string): CustomKindLookup {
    const definition = this.#byGroupKind.get(`${groupOf(apiVersion)}\u0000${kind}`);
    if (definition === undefined) return { status: 'unknown' };
    const version = definition.versions.find((candidate) => apiVersionOf(definition, candidate) === apiVersion);
    if (version === undefined || !version.served) {
      return { status: 'not-served', definition, served: definition.versions.filter((candidate) => candidate.served).map((candidate) => apiVersionOf(definition, candidate)) };
    }
    return { status: 'served', definition, version };
  }
}

/** Checks one custom resource against its CRD version; findings go to `report`. */
export function checkCustomResource(object: KubeObject, found: Extract<CustomKindLookup, { status: 'served' }>, report: (finding: Finding) => void): void {
  const { definition, version } = found;
  const what = `${definition.kind} ${apiVersionOf(definition, version)}`;
  if (version.deprecated) {
    report({
      ruleId: 'schema/deprecated-version',
      severity: 'warning',
      fieldPath: 'apiVersion',
      value: object.apiVersion,
      message: `${what} is deprecated by its CRD ${definition.name}`,
      fix: `Move to a version the CRD does not deprecate: ${definition.versions.filter((v) => v.served && !v.deprecated).map((v) => apiVersionOf(definition, v)).join(', ') || 'none is served'}.`,
    });
  }
  const namespace = object.metadata?.namespace;
  if (definition.scope === 'Cluster' && namespace !== undefined) {
    report({
      // Stricter than the server, which drops the namespace: named like the same rule of built-in kinds.
      ruleId: 'reference/cluster-scoped-namespace',
      severity: 'error',
      fieldPath: 'metadata.namespace',
      value: namespace,
      message: `${definition.kind} is cluster-scoped (CRD ${definition.name}) but has a namespace; the API server drops it, so the object is not where it says`,
      fix: 'Remove metadata.namespace: construct classes generated by `shipshape import` never write one on cluster-scoped kinds; for a raw ApiObject in a chart with a namespace, apiObject.addJsonPatch(JsonPatch.remove(\'/metadata/namespace\')).',
    });
  }
  if (version.schema === undefined) return;
  const walker = new SchemaWalker(what, object, report);
  const root = version.schema;
  const body: Record<string, unknown> = { ...object };
  // The API server owns apiVersion, kind and metadata (ObjectMeta, checked like any object's).
  delete body.apiVersion;
  delete body.kind;
  delete body.metadata;
  const schema = { ...root, properties: withoutRootMeta(root.properties) };
  try {
    // The server defaults before it validates: schema keywords and CEL rules see the defaulted object.
    walker.check(withStructuralDefaults(body, schema), schema, '', true);
  } catch (error) {
    // A CRD the API server would refuse (a schema that is not structural) must not stop the whole run.
    report({
      ruleId: 'schema/crd-unusable',
      severity: 'error',
      message: `the schema of CRD ${definition.name} (${version.name}) cannot be applied: ${error instanceof Error ? error.message : String(error)}`,
      fix: 'Check the CRD: its openAPIV3Schema must be a structural schema (the API server refuses it otherwise).',
    });
    return;
  }
  if (walker.unchecked.length > 0) {
    const count = walker.unchecked.length;
    const first = walker.unchecked[0];
    report({
      ruleId: 'schema/cel-unchecked',
      severity: 'warning',
      message:
        `${count} rule${count === 1 ? '' : 's'} (CEL or pattern) of CRD ${definition.name} could not be checked offline and ${count === 1 ? 'was' : 'were'} not evaluated ` +
        `(first: ${first?.where}: ${JSON.stringify(first?.rule)}: ${first?.reason}); the API server checks ${count === 1 ? 'it' : 'them'} on apply`,
      fix: 'Review those fields against the CRD\'s rules, or run `shipshape apply --dry-run` against a cluster that has the CRD. Switch this warning off with the skip annotation "schema/cel-unchecked: <reason>".',
    });
  }
}

function withoutRootMeta(properties: JsonSchemaProps['properties']): JsonSchemaProps['properties'] {
  if (properties === undefined) return undefined;
  const { apiVersion: _apiVersion, kind: _kind, metadata: _metadata, ...rest } = properties;
  return rest;
}

function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}
