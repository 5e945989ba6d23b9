/**
 * The cdk8s ApiObject that each shipshape construct renders through. It renders the construct's body
 * lazily, at synthesis, so that `addX()` calls made after construction still reach the output.
 */
import { ApiObject, ApiObjectMetadata, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
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
}

/**
 * An ApiObject whose body is produced by its construct at synthesis. Errors thrown while rendering
 * propagate unchanged (cdk8s would otherwise wrap them into a plain Error and lose their type).
 */
export class RenderedObject extends ApiObject {
  readonly #render: () => Record<string, unknown>;
  #body: Record<string, unknown> | undefined;

  constructor(scope: Construct, id: string, props: RenderedObjectProps) {
    const lazyBody: Record<string, unknown> = {};
    for (const key of props.bodyKeys) {
      lazyBody[key] = Lazy.any({ produce: () => this.#body?.[key] });
    }
    super(scope, id, { apiVersion: props.apiVersion, kind: props.kind, metadata: props.metadata, ...lazyBody });
    this.#render = props.render;
  }

  override toJson(): unknown {
    this.#body = this.#render();
    try {
      return withoutNamespaceIfClusterScoped(super.toJson() as { kind?: unknown; metadata?: unknown });
    } finally {
      this.#body = undefined;
    }
  }
}
