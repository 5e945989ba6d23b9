/**
 * Where a workload's pods may and should run: tolerations of node taints, node affinity, affinity and
 * anti-affinity to other workloads' pods (by object), spreading across nodes and zones, priority class.
 */
import { Duration } from 'cdk8s';
import { ValidationError } from '../../errors';
import { compareText } from '../../manifest/compare-text';
import { labelKeyProblem } from '../private/names';
import { durationToSeconds } from '../private/quantities';
import { isDns1123Subdomain } from '../../manifest/name-rules';
import type { IPriorityClass } from './priority-class';

/** The effect of a node taint. */
export enum TaintEffect {
  /** New pods that do not tolerate the taint are not scheduled on the node. */
  NO_SCHEDULE = 'NoSchedule',
  /** The scheduler avoids the node for pods that do not tolerate the taint. */
  PREFER_NO_SCHEDULE = 'PreferNoSchedule',
  /** Pods that do not tolerate the taint are also evicted from the node. */
  NO_EXECUTE = 'NoExecute',
}

/** Options of a toleration. */
export interface TolerationOptions {
  /**
   * The taint effect tolerated.
   * @default - every effect
   */
  readonly effect?: TaintEffect;
  /**
   * With `TaintEffect.NO_EXECUTE`: how long the pod stays on the node after the taint appears.
   * @default - forever
   */
  readonly tolerationPeriod?: Duration;
}

/** A toleration of node taints; create one with a static factory. */
export class Toleration {
  /** Tolerates taints with this key and exactly this value. */
  static equal(key: string, value: string, options: TolerationOptions = {}): Toleration {
    return new Toleration({ key, operator: 'Equal', value }, options);
  }

  /** Tolerates taints with this key, whatever their value. */
  static exists(key: string, options: TolerationOptions = {}): Toleration {
    return new Toleration({ key, operator: 'Exists' }, options);
  }

  /** Tolerates every taint (node agents that must run on every node, control plane included). */
  static everything(options: TolerationOptions = {}): Toleration {
    return new Toleration({ operator: 'Exists' }, options);
  }

  readonly #rendered: Record<string, unknown>;

  private constructor(base: { key?: string; operator: string; value?: string }, options: TolerationOptions) {
    this.#rendered = {
      ...base,
      effect: options.effect,
      tolerationSeconds: options.tolerationPeriod === undefined ? undefined : durationToSeconds(options.tolerationPeriod),
    };
    this.key = base.key;
    this.effect = options.effect;
    this.hasPeriod = options.tolerationPeriod !== undefined;
  }

  /** The taint key, or undefined for every key. */
  readonly key: string | undefined;
  /** The effect, or undefined for every effect. */
  readonly effect: TaintEffect | undefined;
  /** Whether a toleration period was given. */
  readonly hasPeriod: boolean;

  /** The Kubernetes `Toleration`. */
  toToleration(): Record<string, unknown> {
    return { ...this.#rendered };
  }
}

/** A condition on node labels, for node affinity. */
export class NodeLabelQuery {
  /** The label has exactly this value. */
  static is(key: string, value: string): NodeLabelQuery {
    return new NodeLabelQuery(key, 'In', [value]);
  }

  /** The label has one of these values. */
  static in(key: string, values: readonly string[]): NodeLabelQuery {
    return new NodeLabelQuery(key, 'In', [...values]);
  }

  /** The label is missing or has none of these values. */
  static notIn(key: string, values: readonly string[]): NodeLabelQuery {
    return new NodeLabelQuery(key, 'NotIn', [...values]);
  }

  /** The node has the label. */
  static exists(key: string): NodeLabelQuery {
    return new NodeLabelQuery(key, 'Exists', undefined);
  }

  /** The node does not have the label. */
  static doesNotExist(key: string): NodeLabelQuery {
    return new NodeLabelQuery(key, 'DoesNotExist', undefined);
  }

  /** The label is a whole number greater than this one. */
  static greaterThan(key: string, value: number): NodeLabelQuery {
    return new NodeLabelQuery(key, 'Gt', [String(value)]);
  }

  /** The label is a whole number less than this one. */
  static lessThan(key: string, value: number): NodeLabelQuery {
    return new NodeLabelQuery(key, 'Lt', [String(value)]);
  }

  private constructor(
    /** The label key. */
    readonly key: string,
    /** The operator, as Kubernetes writes it. */
    readonly operator: string,
    /** The values, if the operator takes any. */
    readonly values: readonly string[] | undefined,
  ) {}

  /** The Kubernetes `NodeSelectorRequirement`. */
  toRequirement(): Record<string, unknown> {
    return { key: this.key, operator: this.operator, values: this.values ? [...this.values] : undefined };
  }
}

/** A topology domain: pods are counted, spread or kept apart per node, per zone, per region or per custom label. */
export class Topology {
  /** One node (`kubernetes.io/hostname`). */
  static readonly NODE = new Topology('kubernetes.io/hostname');
  /** One availability zone (`topology.kubernetes.io/zone`). */
  static readonly ZONE = new Topology('topology.kubernetes.io/zone');
  /** One region (`topology.kubernetes.io/region`). */
  static readonly REGION = new Topology('topology.kubernetes.io/region');

  /** Any node label that groups nodes, e.g. a rack label. */
  static custom(labelKey: string): Topology {
    return new Topology(labelKey);
  }

  private constructor(
    /** The node label whose value names the domain. */
    readonly key: string,
  ) {}
}

/** The pods another workload runs, as affinity terms see them. */
export interface IAffinityTarget {
  /** The construct path, for messages. */
  readonly path: string;
  /** Labels that select exactly its pods. */
  readonly selectorLabels: Readonly<Record<string, string>>;
  /** Its namespace. */
  readonly namespace: string | undefined;
}

/** Options of `separateFrom()` and `colocateWith()`. */
export interface PodAffinityOptions {
  /**
   * The domain the pods are kept apart or together in.
   * @default Topology.NODE
   */
  readonly topology?: Topology;
  /**
   * A hard rule: pods stay pending rather than break it. Otherwise the scheduler only prefers it.
   * @default false
   */
  readonly required?: boolean;
  /**
   * For a preferred rule: its weight against other preferences, 1 to 100.
   * @default 100
   */
  readonly weight?: number;
}

/** Options of a preferred node affinity. */
export interface NodePreferenceOptions {
  /**
   * Its weight against other preferences, 1 to 100.
   * @default 100
   */
  readonly weight?: number;
}

/** Scheduling props shared by every workload. */
export interface SchedulingProps {
  /**
   * Node taints the pods tolerate; add more with `tolerate()`.
   * @default - none
   */
  readonly tolerations?: readonly Toleration[];
  /**
   * The pods run only on nodes that match every query; add alternatives with `requireNodes()`.
   * @default - any node
   */
  readonly requiredNodes?: readonly NodeLabelQuery[];
  /**
   * The pods prefer nodes that match every query; add more preferences with `preferNodes()`.
   * @default - no preference
   */
  readonly preferredNodes?: readonly NodeLabelQuery[];
  /**
   * The PriorityClass of the pods (which pods the scheduler evicts first when the cluster is full): a
   * `PriorityClass` of the app, `PriorityClass.fromPriorityClassName()` or a system class.
   * @default - the cluster's default priority (or `priorityClassName`)
   */
  readonly priorityClass?: IPriorityClass;
  /**
   * The name of the PriorityClass of the pods; prefer `priorityClass`.
   * @default - the cluster's default priority
   */
  readonly priorityClassName?: string;
}

interface AffinityTerm {
  readonly target: IAffinityTarget;
  readonly topology: Topology;
  readonly required: boolean;
  readonly weight: number;
}

/** Where problems are reported. */
interface Where {
  readonly path: string;
  readonly construct: string;
}

/** The scheduling state of one workload; workloads render it into their pod spec. */
export class PodScheduling {
  readonly #where: Where;
  readonly #tolerations: Toleration[] = [];
  readonly #requiredNodeTerms: NodeLabelQuery[][] = [];
  readonly #preferredNodeTerms: Array<{ weight: number; queries: NodeLabelQuery[] }> = [];
  readonly #affinity: AffinityTerm[] = [];
  readonly #antiAffinity: AffinityTerm[] = [];
  readonly #priorityClassName: string | undefined;

  /** Used by workloads. */
  constructor(where: Where, props: SchedulingProps) {
    this.#where = where;
    if (props.priorityClass !== undefined && props.priorityClassName !== undefined) {
      this.#fail('priorityClassName', props.priorityClassName, 'cannot be combined with priorityClass', 'Give only priorityClass (the object), or only priorityClassName.');
    }
    const priorityClassName = props.priorityClass?.name ?? props.priorityClassName;
    if (priorityClassName !== undefined && !isDns1123Subdomain(priorityClassName)) {
      const field = props.priorityClass === undefined ? 'priorityClassName' : 'priorityClass';
      this.#fail(field, priorityClassName, 'is not a valid PriorityClass name (a DNS-1123 subdomain)', 'Use the name of a PriorityClass of the cluster, e.g. "high-priority".');
    }
    this.#priorityClassName = priorityClassName;
    for (const toleration of props.tolerations ?? []) this.tolerate(toleration);
    if (props.requiredNodes !== undefined) this.requireNodes(...props.requiredNodes);
    if (props.preferredNodes !== undefined) this.preferNodes(props.preferredNodes);
  }

  /** Tolerates a node taint. */
  tolerate(toleration: Toleration): void {
    const field = `tolerations[${this.#tolerations.length}]`;
    if (toleration.key !== undefined) this.#checkLabelKey(`${field}.key`, toleration.key);
    if (toleration.hasPeriod && toleration.effect !== TaintEffect.NO_EXECUTE) {
      this.#fail(`${field}.tolerationPeriod`, toleration.effect ?? 'every effect', 'applies only to the NoExecute effect', 'Add effect: TaintEffect.NO_EXECUTE, or remove tolerationPeriod.');
    }
    this.#tolerations.push(toleration);
  }

  /** Adds a set of node conditions, all of which a node must meet; pods run on nodes that meet any one set. */
  requireNodes(...queries: NodeLabelQuery[]): void {
    this.#checkQueries(`requiredNodes[${this.#requiredNodeTerms.length}]`, queries);
    this.#requiredNodeTerms.push([...queries]);
  }

  /** Adds a weighted preference for nodes that meet every condition. */
  preferNodes(queries: readonly NodeLabelQuery[], options: NodePreferenceOptions = {}): void {
    const field = `preferredNodes[${this.#preferredNodeTerms.length}]`;
    this.#checkQueries(field, queries);
    const weight = this.#checkWeight(`${field}.weight`, options.weight);
    this.#preferredNodeTerms.push({ weight, queries: [...queries] });
  }

  /** Keeps the pods out of topology domains where the target's pods run. */
  separateFrom(target: IAffinityTarget, options: PodAffinityOptions = {}): void {
    this.#antiAffinity.push(this.#term('separateFrom', this.#antiAffinity.length, target, options));
  }

  /** Places the pods in topology domains where the target's pods run. */
  colocateWith(target: IAffinityTarget, options: PodAffinityOptions = {}): void {
    this.#affinity.push(this.#term('colocateWith', this.#affinity.length, target, options));
  }

  /** The pod spec fields: `tolerations`, `affinity`, `priorityClassName`. */
  render(ownNamespace: string | undefined): Record<string, unknown> {
    return {
      tolerations: this.#tolerations.length > 0 ? this.#tolerations.map((toleration) => toleration.toToleration()) : undefined,
      affinity: this.#renderAffinity(ownNamespace),
      priorityClassName: this.#priorityClassName,
    };
  }

  #renderAffinity(ownNamespace: string | undefined): Record<string, unknown> | undefined {
    const nodeAffinity = this.#requiredNodeTerms.length + this.#preferredNodeTerms.length > 0
      ? {
          requiredDuringSchedulingIgnoredDuringExecution: this.#requiredNodeTerms.length > 0
            ? { nodeSelectorTerms: this.#requiredNodeTerms.map((queries) => ({ matchExpressions: queries.map((query) => query.toRequirement()) })) }
            : undefined,
          preferredDuringSchedulingIgnoredDuringExecution: this.#preferredNodeTerms.length > 0
            ? this.#preferredNodeTerms.map(({ weight, queries }) => ({ weight, preference: { matchExpressions: queries.map((query) => query.toRequirement()) } }))
            : undefined,
        }
      : undefined;
    const affinity = {
      nodeAffinity,
      podAffinity: renderPodAffinity(this.#affinity, ownNamespace),
      podAntiAffinity: renderPodAffinity(this.#antiAffinity, ownNamespace),
    };
    return Object.values(affinity).some((value) => value !== undefined) ? affinity : undefined;
  }

  #term(method: string, index: number, target: IAffinityTarget, options: PodAffinityOptions): AffinityTerm {
    const field = `${method}[${index}]`;
    if (Object.keys(target.selectorLabels).length === 0) {
      this.#fail(field, target.path, 'selects no pods (the target has no selector labels)', 'Pass a workload such as a Deployment or StatefulSet.');
    }
    const required = options.required ?? false;
    if (required && options.weight !== undefined) {
      this.#fail(`${field}.weight`, options.weight, 'applies only to preferred rules', 'Remove weight, or set required: false.');
    }
    const topology = options.topology ?? Topology.NODE;
    this.#checkLabelKey(`${field}.topology`, topology.key);
    return { target, topology, required, weight: this.#checkWeight(`${field}.weight`, options.weight) };
  }

  #checkQueries(field: string, queries: readonly NodeLabelQuery[]): void {
    if (queries.length === 0) this.#fail(field, [], 'has no conditions', 'Give at least one NodeLabelQuery, e.g. NodeLabelQuery.is("kubernetes.io/arch", "amd64").');
    queries.forEach((query, index) => {
      const where = `${field}[${index}]`;
      this.#checkLabelKey(`${where}.key`, query.key);
      if ((query.operator === 'In' || query.operator === 'NotIn') && (query.values ?? []).length === 0) {
        this.#fail(`${where}.values`, [], `must not be empty for ${query.operator}`, 'List at least one value.');
      }
      if ((query.operator === 'Gt' || query.operator === 'Lt') && !/^-?\d+$/.test(query.values?.[0] ?? '')) {
        this.#fail(`${where}.values`, query.values?.[0], 'must be a whole number', 'Compare with an integer, e.g. NodeLabelQuery.greaterThan("cpu-generation", 3).');
      }
    });
  }

  #checkWeight(field: string, weight: number | undefined): number {
    const value = weight ?? 100;
    if (!Number.isInteger(value) || value < 1 || value > 100) this.#fail(field, weight, 'must be a whole number from 1 to 100', 'Use 100 for the strongest preference.');
    return value;
  }

  #checkLabelKey(field: string, key: string): void {
    const problem = labelKeyProblem(key);
    if (problem !== undefined) this.#fail(field, key, `is not a valid label key: ${problem}`, 'Use a key like "topology.kubernetes.io/zone" or "node-role".');
  }

  #fail(field: string, value: unknown, problem: string, fix: string): never {
    throw new ValidationError({ path: this.#where.path, construct: this.#where.construct, field, value, problem, fix });
  }
}

function renderPodAffinity(terms: readonly AffinityTerm[], ownNamespace: string | undefined): Record<string, unknown> | undefined {
  if (terms.length === 0) return undefined;
  const term = ({ target, topology }: AffinityTerm) => ({
    labelSelector: { matchLabels: sortedLabels(target.selectorLabels) },
    namespaces: target.namespace !== undefined && target.namespace !== ownNamespace ? [target.namespace] : undefined,
    topologyKey: topology.key,
  });
  const required = terms.filter((item) => item.required);
  const preferred = terms.filter((item) => !item.required);
  return {
    requiredDuringSchedulingIgnoredDuringExecution: required.length > 0 ? required.map(term) : undefined,
    preferredDuringSchedulingIgnoredDuringExecution: preferred.length > 0 ? preferred.map((item) => ({ weight: item.weight, podAffinityTerm: term(item) })) : undefined,
  };
}

function sortedLabels(labels: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(labels).sort(([a], [b]) => compareText(a, b)));
}
