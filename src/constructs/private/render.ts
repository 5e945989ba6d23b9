/**
 * The cdk8s ApiObject that each shipshape construct renders through. It renders the construct's body
 * lazily, at synthesis, so that `addX()` calls made after construction still reach the output.
 */
import { ApiObject, ApiObjectMetadata, ApiObjectProps, App, IAnyProducer, ImplicitTokenResolver, JsonPatch, Lazy, LazyResolver, NumberStringUnionResolver } from 'cdk8s';
import { Construct } from 'constructs';
import { applyPatch, Operation } from 'fast-json-patch';
import { ValidationError } from '../../errors';
import { withoutNamespaceIfClusterScoped } from '../../manifest/cluster-scoped';
import { sortTextInPlace } from '../../manifest/compare-text';

/** What a construct provides to its ApiObject. */
export interface RenderedObjectProps {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: ApiObjectMetadata;
  /** The top-level keys besides apiVersion/kind/metadata that `render` may produce. */
  readonly bodyKeys: readonly string[];
  /** Produces those keys; called once per synthesis. */
  readonly render: () => Record<string, unknown>;
  /**
   * Whether the kind is cluster-scoped, so that the chart's namespace is never written on it (built-in
   * cluster-scoped kinds lose it at synthesis either way; this also covers custom resources).
   * @default false
   */
  readonly clusterScoped?: boolean;
}

/** The body a RenderedObject is rendering, for BodyField (set by RenderedObject's static block, which sees `#body`). */
let bodyOf: (object: RenderedObject) => Record<string, unknown> | undefined;

/**
 * An ApiObject whose body is produced by its construct at synthesis. Errors thrown while rendering
 * propagate unchanged (cdk8s would otherwise wrap them into a plain Error and lose their type), and JSON
 * patches are applied strictly: one that cannot apply as written is an error, where cdk8s would drop it or
 * turn a `replace` into an `add` without a word.
 */
export class RenderedObject extends ApiObject {
  readonly #render: () => Record<string, unknown>;
  readonly #bodyKeys: readonly string[];
  readonly #clusterScoped: boolean;
  readonly #patches: JsonPatch[] = [];
  #body: Record<string, unknown> | undefined;

  static {
    bodyOf = (object) => object.#body;
  }

  constructor(scope: Construct, id: string, props: RenderedObjectProps) {
    const fields = props.bodyKeys.map((key) => new BodyField(key));
    const data: Record<string, unknown> = { apiVersion: props.apiVersion, kind: props.kind, metadata: props.metadata };
    for (const field of fields) data[field.key] = Lazy.any(field);
    super(scope, id, data as unknown as ApiObjectProps);
    for (const field of fields) field.object = this;
    this.#render = props.render;
    this.#bodyKeys = props.bodyKeys;
    this.#clusterScoped = props.clusterScoped ?? false;
  }

  override addJsonPatch(...ops: JsonPatch[]): void {
    this.#patches.push(...ops);
  }

  override toJson(): unknown {
    this.#body = this.#render();
    let json: unknown;
    try {
      json = this.#resolveDirectly() ?? super.toJson();
    } finally {
      this.#body = undefined;
    }
    const patched = this.#applyPatches(json) as { kind?: unknown; metadata?: Record<string, unknown> };
    if (this.#clusterScoped && patched.metadata !== undefined && 'namespace' in patched.metadata) {
      const { namespace: _dropped, ...metadata } = patched.metadata;
      return { ...patched, metadata };
    }
    return withoutNamespaceIfClusterScoped(patched);
  }

  /**
   * What `ApiObject.toJson()` returns, in one walk instead of two (cdk8s resolves every value into a copy,
   * then sanitizes that copy into another, looking the app up for every value): for the app's default
   * resolvers and sorted keys only, and `undefined` (so that cdk8s renders it as ever) for anything else,
   * including a value that fails, whose error cdk8s then reports in its own words.
   */
  #resolveDirectly(): Record<string, unknown> | undefined {
    if (process.env.CDK8S_DISABLE_SORT || !hasDefaultResolvers(App.of(this))) return undefined;
    const body = this.#body;
    const fields = metadataFields(this.metadata);
    let metadata: unknown;
    let resolved: unknown;
    try {
      // ApiObjectMetadataDefinition.toJson: empty arrays and objects dropped. ApiObject.toJson then resolves it again
      // with the rest, which changes nothing in what resolveSanitized made of it, so it is resolved once here, but
      // sorted as that second walk would sort what cdk8s renders itself.
      metadata = fields === undefined ? resolveSanitized(this.metadata.toJson(), false) : resolveSanitized(fields, true);
      if (metadata === UNUSUAL) return undefined;
      const data: Record<string, unknown> = { apiVersion: this.apiVersion, kind: this.kind };
      // As in ApiObject.toJson, the rendered metadata wins over a body key of that name.
      for (const key of this.#bodyKeys) if (key !== 'metadata') data[key] = body?.[key];
      resolved = resolveSanitized(data, false);
    } catch {
      return undefined;
    }
    if (resolved === UNUSUAL) return undefined;
    // The same top-level order as ApiObject.toJson: apiVersion, kind, metadata, then the sorted rest.
    const { apiVersion, kind, ...rest } = resolved as Record<string, unknown>;
    const result: Record<string, unknown> = {};
    if (apiVersion !== undefined) result.apiVersion = apiVersion;
    if (kind !== undefined) result.kind = kind;
    if (metadata !== undefined) result.metadata = metadata;
    return Object.assign(result, rest);
  }

  #applyPatches(json: unknown): unknown {
    let document = json;
    this.#patches.forEach((patch, index) => {
      // JsonPatch keeps its operation behind an internal accessor; it is the documented RFC 6902 shape.
      const operation = (patch as unknown as { _toJson(): Operation })._toJson();
      try {
        document = applyPatch(document, [structuredClone(operation)], true).newDocument;
      } catch (error) {
        throw new ValidationError({
          path: this.node.scope?.node.path ?? this.node.path,
          construct: this.kind,
          field: `apiObject.addJsonPatch (patch ${index + 1})`,
          value: operation,
          problem: `cannot apply: ${(error as Error).message.split('\n')[0]}`,
          fix: 'Check the path against the synthesized object (paths are JSON pointers, e.g. /spec/template/spec/containers/0/image); use "add" for fields that do not exist yet.',
        });
      }
    });
    return document;
  }
}

/**
 * One top-level key of the rendered body, for cdk8s's own `toJson()` (used when `#resolveDirectly` cannot be):
 * an object of two fields rather than a closure per key, since every object of an app keeps its keys.
 */
class BodyField implements IAnyProducer {
  /** The object whose body it reads: set once that object is constructed. */
  object: RenderedObject | undefined;

  constructor(readonly key: string) {}

  produce(): unknown {
    return this.object === undefined ? undefined : bodyOf(this.object)?.[this.key];
  }
}

/** Whether an app resolves values with exactly cdk8s's built-in resolvers (no custom ones, which may rewrite anything). */
function hasDefaultResolvers(app: App): boolean {
  const resolvers = app.resolvers;
  return (
    resolvers.length === 3 &&
    resolvers[0] instanceof LazyResolver &&
    resolvers[1] instanceof ImplicitTokenResolver &&
    resolvers[2] instanceof NumberStringUnionResolver
  );
}

/** Returned for a value that cdk8s's two walks would treat in a way this one does not reproduce. */
const UNUSUAL = Symbol('unusual');

/**
 * The fields that `ApiObjectMetadataDefinition.toJson()` of cdk8s 2.70 (pinned) renders, read from its
 * private members, in its order; `undefined` if they are not there as expected (cdk8s then renders them itself).
 */
function metadataFields(definition: ApiObject['metadata']): Record<string, unknown> | undefined {
  const fields = definition as unknown as Record<string, unknown>;
  const additional = fields._additionalAttributes;
  const { labels, annotations, finalizers, ownerReferences } = fields;
  if (!isPlainRecord(additional) || !isPlainRecord(labels) || !isPlainRecord(annotations) || !Array.isArray(finalizers) || !Array.isArray(ownerReferences)) return undefined;
  const result: Record<string, unknown> = { name: definition.name, namespace: definition.namespace, annotations, finalizers, ownerReferences, labels };
  // The additional attributes come first in cdk8s's spread, so the fields above win; keys are sorted later anyway.
  for (const key of Object.keys(additional)) if (!Object.hasOwn(result, key)) result[key] = additional[key];
  return result;
}

function isPlainRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && value.constructor === Object;
}

/**
 * cdk8s's `sanitizeValue(resolve([], value), { sortKeys: true })` with its built-in resolvers, in one walk:
 * Lazy values produce, implicit tokens resolve, number-or-string unions become `{ value }`, nulls and
 * undefined leave objects, keys are sorted; with `filterEmpty` (as cdk8s renders metadata), so do empty
 * arrays and objects. Objects that are not plain (whose classes cdk8s refuses or passes through unresolved)
 * and `__proto__` keys yield UNUSUAL.
 */
function resolveSanitized(input: unknown, filterEmpty: boolean): unknown {
  // Strings, numbers and booleans are most values: no resolver of cdk8s touches them (they have no
  // `resolve` method, no `value`).
  if (typeof input !== 'object' && typeof input !== 'function') return input;
  let value: unknown = input;
  for (;;) {
    if (value === null || value === undefined) return undefined;
    if (value instanceof Lazy) value = value.produce();
    else if (typeof (value as { resolve?: unknown }).resolve === 'function') value = (value as { resolve(): unknown }).resolve();
    else if ((value).constructor !== Object && isNumberOrString((value as { value?: unknown }).value)) value = { value: (value as { value: unknown }).value };
    else break;
  }
  if (typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    if (filterEmpty && value.length === 0) return undefined;
    const result: unknown[] = new Array(value.length);
    for (let index = 0; index < value.length; index++) {
      const element = resolveSanitized(value[index], filterEmpty);
      if (element === UNUSUAL) return UNUSUAL;
      result[index] = element;
    }
    return result;
  }
  if (value.constructor !== Object) return UNUSUAL;
  const record = value as Record<string, unknown>;
  const result: Record<string, unknown> = {};
  let empty = true;
  for (const key of sortedKeys(record)) {
    if (key === '__proto__') return UNUSUAL;
    const resolved = resolveSanitized(record[key], filterEmpty);
    if (resolved === UNUSUAL) return UNUSUAL;
    if (resolved !== null && resolved !== undefined) {
      result[key] = resolved;
      empty = false;
    }
  }
  return filterEmpty && empty ? undefined : result;
}

/** The keys of a record in the order `Object.keys(record).sort()` gives (sorting them was the largest cost of rendering). */
function sortedKeys(record: Record<string, unknown>): string[] {
  return sortTextInPlace(Object.keys(record));
}

function isNumberOrString(value: unknown): boolean {
  return typeof value === 'number' || typeof value === 'string';
}
