/** The base of every shipshape construct that writes one Kubernetes object. */
import { ApiObject } from 'cdk8s';
import { ValidationError } from '../../errors';
import { Construct } from 'constructs';
import { suggestName } from '../../manifest/name-rules';
import { checkName, generateName, NameRule, nameProblem } from '../private/names';
import { RenderedObject } from '../private/render';

/** Props every resource accepts. */
export interface ResourceProps {
  /**
   * The object's name. It must be valid for its kind and unique per kind in its namespace.
   * @default - generated from the construct path below the chart, e.g. `mongo-express` for id `MongoExpress`
   */
  readonly name?: string;
  /**
   * Extra labels on the object itself.
   * @default - the chart's labels only
   */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * Annotations on the object itself.
   * @default - none
   */
  readonly annotations?: Readonly<Record<string, string>>;
}

/** How a subclass describes its object to the base class. */
export interface ResourceSpec {
  readonly apiVersion: string;
  readonly kind: string;
  readonly nameRule: NameRule;
  /**
   * A shorter name limit for kinds whose name is reused in derived names (StatefulSet pods).
   * @default 63
   */
  readonly maxNameLength?: number;
  /** Top-level keys the body may contain, e.g. `spec` or `data`. */
  readonly bodyKeys: readonly string[];
  /**
   * Whether the kind is cluster-scoped: the object never gets the chart's namespace, and its `namespace` is undefined.
   * @default false
   */
  readonly clusterScoped?: boolean;
}

/** A construct that writes exactly one Kubernetes object, rendered lazily at synthesis. */
export abstract class Resource extends Construct {
  /** The raw cdk8s object: the escape hatch for JSON patches (`apiObject.addJsonPatch(...)`). */
  readonly apiObject: ApiObject;
  /** The object's name. */
  readonly name: string;
  /** The object's kind. */
  readonly kind: string;
  /** The object's apiVersion. */
  readonly apiVersion: string;
  readonly #clusterScoped: boolean;

  protected constructor(scope: Construct, id: string, spec: ResourceSpec, props: ResourceProps) {
    super(scope, id);
    this.#clusterScoped = spec.clusterScoped === true;
    this.kind = spec.kind;
    this.apiVersion = spec.apiVersion;
    const where = { path: this.node.path, construct: spec.kind, field: 'name' };
    this.name =
      props.name !== undefined
        ? checkName(props.name, spec.nameRule, where, spec.maxNameLength)
        : generatedName(this, spec, where);
    this.apiObject = new RenderedObject(this, 'Resource', {
      apiVersion: spec.apiVersion,
      kind: spec.kind,
      // ApiObject copies labels and annotations into its metadata: no copy of our own to keep alive.
      metadata: { name: this.name, labels: props.labels, annotations: props.annotations },
      bodyKeys: spec.bodyKeys,
      // Bound rather than an arrow function: the bundle's keepNames would name every arrow function, object by object.
      render: this.renderBody.bind(this),
      ...(this.#clusterScoped ? { clusterScoped: true } : {}),
    });
  }

  /** The namespace the object is written to, from its chart; undefined for cluster-scoped kinds. */
  get namespace(): string | undefined {
    if (this.#clusterScoped) return undefined;
    return this.apiObject.metadata.namespace ?? this.apiObject.chart.namespace;
  }

  /** Throws the ValidationError of a bad prop of this construct, naming its path and kind. */
  protected fail(field: string, value: unknown, problem: string, fix: string): never {
    throw new ValidationError({ path: this.node.path, construct: this.kind, field, value, problem, fix });
  }

  /** Produces the object's body (`spec`, `data`...) at synthesis. */
  protected abstract renderBody(): Record<string, unknown>;
}

/**
 * A generated name, which is always a DNS-1123 label; a kind whose rule is stricter (a Service must start with a
 * letter) refuses one that breaks it, naming the id to change.
 */
function generatedName(resource: Construct, spec: ResourceSpec, where: { path: string; construct: string; field: string }): string {
  const name = generateName(resource, spec.maxNameLength ?? 63);
  const problem = nameProblem(name, spec.nameRule, spec.maxNameLength);
  if (problem !== undefined) {
    throw new ValidationError({
      ...where,
      value: name,
      problem: `(generated from the construct path) ${problem}`,
      fix: `Give the construct an id that starts with a letter, or set name, e.g. "${suggestName(name, spec.nameRule, spec.maxNameLength) ?? 'web'}".`,
    });
  }
  return name;
}
