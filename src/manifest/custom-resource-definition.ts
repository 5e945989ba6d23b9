/**
 * CustomResourceDefinitions (apiextensions.k8s.io/v1) as plain data: the structural schema type, and a reader
 * that turns a CRD object into what the generator (`shipshape import`), the constructs and validation need.
 */
import type { KubeObject } from './kube-object';

/** The structural OpenAPI v3 schema of a custom resource version (apiextensions `JSONSchemaProps`). */
export interface JsonSchemaProps {
  readonly type?: string;
  readonly description?: string;
  readonly format?: string;
  readonly properties?: Readonly<Record<string, JsonSchemaProps>>;
  readonly additionalProperties?: JsonSchemaProps | boolean;
  readonly items?: JsonSchemaProps;
  readonly required?: readonly string[];
  readonly enum?: readonly unknown[];
  readonly pattern?: string;
  readonly nullable?: boolean;
  readonly default?: unknown;
  readonly maximum?: number;
  readonly minimum?: number;
  readonly exclusiveMaximum?: boolean;
  readonly exclusiveMinimum?: boolean;
  readonly multipleOf?: number;
  readonly maxLength?: number;
  readonly minLength?: number;
  readonly maxItems?: number;
  readonly minItems?: number;
  readonly uniqueItems?: boolean;
  readonly maxProperties?: number;
  readonly minProperties?: number;
  readonly allOf?: readonly JsonSchemaProps[];
  readonly anyOf?: readonly JsonSchemaProps[];
  readonly oneOf?: readonly JsonSchemaProps[];
  readonly not?: JsonSchemaProps;
  readonly 'x-kubernetes-int-or-string'?: boolean;
  readonly 'x-kubernetes-preserve-unknown-fields'?: boolean;
  readonly 'x-kubernetes-embedded-resource'?: boolean;
  readonly 'x-kubernetes-list-type'?: 'atomic' | 'set' | 'map';
  readonly 'x-kubernetes-list-map-keys'?: readonly string[];
  readonly 'x-kubernetes-map-type'?: 'atomic' | 'granular';
  readonly 'x-kubernetes-validations'?: readonly ValidationRule[];
}

/** One CEL rule of `x-kubernetes-validations`. */
export interface ValidationRule {
  readonly rule: string;
  readonly message?: string;
  readonly messageExpression?: string;
  readonly reason?: string;
  readonly fieldPath?: string;
  readonly optionalOldSelf?: boolean;
}

/** One version of a custom resource kind. */
export interface CustomResourceVersion {
  /** The version name, e.g. `v1` or `v1beta1`. */
  readonly name: string;
  readonly served: boolean;
  /** Whether objects are stored in this version; exactly one version of a CRD is. */
  readonly storage: boolean;
  readonly deprecated: boolean;
  /** The structural schema; undefined when the CRD gives none (then nothing is checked). */
  readonly schema: JsonSchemaProps | undefined;
}

/** What a CRD defines: one kind of one API group, in one or more versions. */
export interface CustomResourceDefinitionInfo {
  /** The CRD's own name, `<plural>.<group>`. */
  readonly name: string;
  readonly group: string;
  readonly kind: string;
  readonly plural: string;
  readonly scope: 'Namespaced' | 'Cluster';
  readonly versions: readonly CustomResourceVersion[];
}

/** The apiVersion and kind of CustomResourceDefinition objects this reader understands. */
export const CRD_API_VERSION = 'apiextensions.k8s.io/v1';

/** Whether an object is a CustomResourceDefinition (any apiVersion of apiextensions.k8s.io). */
export function isCustomResourceDefinition(object: Pick<KubeObject, 'apiVersion' | 'kind'>): boolean {
  return object.kind === 'CustomResourceDefinition' && typeof object.apiVersion === 'string' && object.apiVersion.startsWith('apiextensions.k8s.io/');
}

/**
 * Reads a CRD object; returns the reason when it cannot be used (not apiextensions.k8s.io/v1, or missing
 * group, names or versions), so callers can report it where they found it.
 */
export function readCustomResourceDefinition(object: KubeObject): CustomResourceDefinitionInfo | string {
  if (object.apiVersion !== CRD_API_VERSION) {
    return `apiVersion ${JSON.stringify(object.apiVersion)} is not supported: only ${CRD_API_VERSION} (v1beta1 was removed in Kubernetes 1.22; convert the CRD or take a newer release of it)`;
  }
  const spec = record(object.spec);
  const names = record(spec?.names);
  const group = spec?.group;
  const kind = names?.kind;
  const plural = names?.plural;
  if (typeof group !== 'string' || group === '') return 'spec.group is missing';
  if (typeof kind !== 'string' || !/^[A-Za-z][A-Za-z0-9]*$/.test(kind)) return `spec.names.kind is missing or not a kind name (got ${JSON.stringify(kind)})`;
  if (typeof plural !== 'string' || plural === '') return 'spec.names.plural is missing';
  const scope = spec?.scope === 'Cluster' ? 'Cluster' : 'Namespaced';
  const rawVersions = Array.isArray(spec?.versions) ? (spec.versions as unknown[]) : [];
  const versions: CustomResourceVersion[] = [];
  for (const raw of rawVersions) {
    const version = record(raw);
    if (version === undefined || typeof version.name !== 'string') return 'spec.versions has an entry without a name';
    const schema = record(record(version.schema)?.openAPIV3Schema) as JsonSchemaProps | undefined;
    versions.push({
      name: version.name,
      served: version.served !== false,
      storage: version.storage === true,
      deprecated: version.deprecated === true,
      schema,
    });
  }
  if (versions.length === 0) return 'spec.versions is empty';
  return { name: `${plural}.${group}`, group, kind, plural, scope, versions };
}

/** The apiVersion of a version of a custom resource kind, e.g. `cert-manager.io/v1`. */
export function apiVersionOf(definition: Pick<CustomResourceDefinitionInfo, 'group'>, version: Pick<CustomResourceVersion, 'name'>): string {
  return `${definition.group}/${version.name}`;
}

function record(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}
