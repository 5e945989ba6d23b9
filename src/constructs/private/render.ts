/**
 * The cdk8s ApiObject that each shipshape construct renders through. It renders the construct's body
 * lazily, at synthesis, so that `addX()` calls made after construction still reach the output.
 */
import { ApiObject, ApiObjectMetadata, JsonPatch, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { applyPatch, Operation } from 'fast-json-patch';
import { ValidationError } from '../../errors';
import { withoutNamespaceIfClusterScoped } from '../../manifest/cluster-scoped';

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
   * Whether the kind is cluster-scoped although it is not a built-in one (a custom resource), so that the
   * chart's namespace is never written on it.
   * @default false
   */
  readonly clusterScoped?: boolean;
}

/**
 * An ApiObject whose body is produced by its construct at synthesis. Errors thrown while rendering
 * propagate unchanged (cdk8s would otherwise wrap them into a plain Error and lose their type), and JSON
 * patches are applied strictly: one that cannot apply as written is an error, where cdk8s would drop it or
 * turn a `replace` into an `add` without a word.
 */
export class RenderedObject extends ApiObject {
  readonly #render: () => Record<string, unknown>;
  readonly #clusterScoped: boolean;
  readonly #patches: JsonPatch[] = [];
  #body: Record<string, unknown> | undefined;

  constructor(scope: Construct, id: string, props: RenderedObjectProps) {
    const lazyBody: Record<string, unknown> = {};
    for (const key of props.bodyKeys) {
      lazyBody[key] = Lazy.any({ produce: () => this.#body?.[key] });
    }
    super(scope, id, { apiVersion: props.apiVersion, kind: props.kind, metadata: props.metadata, ...lazyBody });
    this.#render = props.render;
    this.#clusterScoped = props.clusterScoped ?? false;
  }

  override addJsonPatch(...ops: JsonPatch[]): void {
    this.#patches.push(...ops);
  }

  override toJson(): unknown {
    this.#body = this.#render();
    let json: unknown;
    try {
      json = super.toJson();
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
