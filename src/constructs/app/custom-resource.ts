/**
 * The base of the constructs that `shipshape import` generates from CustomResourceDefinitions. Behaviour lives
 * here, in hand-written and tested code; a generated class only names its kind, its CRD and its props type.
 */
import { Construct, IConstruct } from 'constructs';
import { ValidationError } from '../../errors';
import { NameRule } from '../private/names';
import { compareText } from '../../manifest/compare-text';
import type { KubeObject } from '../../manifest/kube-object';
import { Resource, ResourceProps } from './resource';

/** Props every imported custom resource accepts, besides the fields of its schema (`spec`...): name, labels, annotations. */
export type CustomResourceProps = ResourceProps;

/** What a generated class tells its base: the kind it writes and the CRD that defines it. */
export interface CustomResourceType {
  /** e.g. `cert-manager.io/v1`. */
  readonly apiVersion: string;
  /** e.g. `Certificate`. */
  readonly kind: string;
  /** Whether objects of the kind live outside namespaces (CRD `scope: Cluster`). */
  readonly clusterScoped: boolean;
  /** The CustomResourceDefinition (apiextensions.k8s.io/v1), so that synthesis validates objects against its schema. */
  readonly definition: KubeObject;
}

/** Keys of the props that describe the object's metadata rather than its body. */
const METADATA_PROPS: ReadonlySet<string> = new Set(['name', 'labels', 'annotations']);

const CUSTOM_RESOURCE = Symbol.for('shipshape.CustomResource');

/**
 * A custom resource: one object of a kind defined by a CRD. It gets the chart's namespace (unless the kind is
 * cluster-scoped), labels and name rules like every shipshape construct, and writes the props other than
 * `name`, `labels` and `annotations` as the object's body, rendered at synthesis.
 */
export class CustomResource extends Resource {
  /** Whether a construct is a custom resource (also across copies of the library). */
  static isCustomResource(construct: IConstruct): construct is CustomResource {
    return (construct as unknown as Record<symbol, unknown>)[CUSTOM_RESOURCE] === true;
  }

  /** The CRD this kind comes from. */
  readonly definition: KubeObject;
  /** Whether the kind is cluster-scoped. */
  readonly clusterScoped: boolean;
  readonly #body: Readonly<Record<string, unknown>>;

  /**
   * Creates the object; `props` holds the metadata props and the body (`spec`, ...) as the CRD's schema has it.
   * Generated classes call this with their own type; it is public so that kinds not imported can be written too.
   */
  constructor(scope: Construct, id: string, type: CustomResourceType, props: CustomResourceProps | Readonly<Record<string, unknown>>) {
    const body: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(props as Readonly<Record<string, unknown>>)) if (!METADATA_PROPS.has(key) && value !== undefined) body[key] = value;
    checkMetadataProps(props as Readonly<Record<string, unknown>>, `${scope.node.path}/${id}`.replace(/^\//, ''), type.kind);
    super(
      scope,
      id,
      {
        apiVersion: type.apiVersion,
        kind: type.kind,
        nameRule: NameRule.DNS_SUBDOMAIN,
        bodyKeys: Object.keys(body).sort(),
        clusterScoped: type.clusterScoped,
      },
      props,
    );
    Object.defineProperty(this, CUSTOM_RESOURCE, { value: true });
    this.definition = type.definition;
    this.clusterScoped = type.clusterScoped;
    this.#body = body;
  }

  protected renderBody(): Record<string, unknown> {
    return withoutUndefined(this.#body) as Record<string, unknown>;
  }
}

/** Untyped props (a kind that was not imported) still need a string name and string label and annotation maps. */
function checkMetadataProps(props: Readonly<Record<string, unknown>>, path: string, kind: string): void {
  const fail = (field: string, value: unknown, fix: string): never => {
    throw new ValidationError({ path, construct: kind, field, value, problem: 'wrong type', fix });
  };
  if (props.name !== undefined && typeof props.name !== 'string') fail('name', props.name, 'Give the name as a string, or leave it out to generate one.');
  for (const field of ['labels', 'annotations'] as const) {
    const map = props[field];
    if (map === undefined) continue;
    if (map === null || typeof map !== 'object' || Array.isArray(map) || Object.values(map).some((value) => typeof value !== 'string')) {
      fail(field, map, `Give ${field} as a map of strings, e.g. { team: "shop" }.`);
    }
  }
}

/** A deep copy with sorted keys (deterministic output) and without `undefined` entries, which YAML cannot hold. */
function withoutUndefined(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutUndefined);
  if (value === null || typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype) return value;
  const record = value as Record<string, unknown>;
  const result: Record<string, unknown> = {};
  for (const key of Object.keys(record).sort(compareText)) if (record[key] !== undefined) result[key] = withoutUndefined(record[key]);
  return result;
}
