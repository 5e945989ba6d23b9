/** A PriorityClass: how important pods are when the cluster is full (which ones wait, which ones preempt). */
import { Construct } from 'constructs';
import { HIGHEST_USER_PRIORITY, LOWEST_PRIORITY, SYSTEM_PRIORITY_CLASS_PREFIX } from '../../manifest/priority-classes';
import { Resource, ResourceProps } from '../app/resource';
import { NameRule } from '../private/names';

/** Whether pods of a class may evict lower-priority pods to be scheduled. */
export enum PreemptionPolicy {
  /** The scheduler may preempt pods of lower priority to make room. */
  PREEMPT_LOWER_PRIORITY = 'PreemptLowerPriority',
  /** The pods wait in front of lower-priority pods in the queue, but never preempt anyone. */
  NEVER = 'Never',
}

/** A PriorityClass that pods can name: one of the app, or one of the cluster. */
export interface IPriorityClass {
  /** The class's name, as pods write it in `priorityClassName`. */
  readonly name: string;
  /** True when the class exists in the cluster and is not written by this app. */
  readonly external: boolean;
}

/** Props of a PriorityClass. */
export interface PriorityClassProps extends ResourceProps {
  /**
   * The priority of the pods of this class: higher is scheduled first and may preempt lower. User classes
   * range from -2147483648 to 1000000000; larger values belong to the system classes.
   */
  readonly value: number;
  /**
   * Whether pods that name no class get this one. A cluster may have only one default class.
   * @default false
   */
  readonly globalDefault?: boolean;
  /**
   * Whether the pods may evict lower-priority pods to be scheduled.
   * @default PreemptionPolicy.PREEMPT_LOWER_PRIORITY
   */
  readonly preemptionPolicy?: PreemptionPolicy;
  /**
   * When this class should be used, for the people who choose one.
   * @default - none
   */
  readonly description?: string;
}

const GLOBAL_DEFAULT = Symbol.for('shipshape.PriorityClass.globalDefault');

/**
 * A PriorityClass (scheduling.k8s.io/v1). It is cluster-scoped: one object serves every namespace. Pass it
 * to a workload as `priorityClass`. The server refuses changes to `value` and `preemptionPolicy` of an
 * existing class: give a changed class a new name.
 */
export class PriorityClass extends Resource implements IPriorityClass {
  /** The cluster's class for pods that the whole cluster needs (DNS, metrics), value 2000000000. */
  static readonly SYSTEM_CLUSTER_CRITICAL: IPriorityClass = PriorityClass.fromPriorityClassName('system-cluster-critical');
  /** The cluster's class for pods that their node needs (network and storage agents), value 2000001000. */
  static readonly SYSTEM_NODE_CRITICAL: IPriorityClass = PriorityClass.fromPriorityClassName('system-node-critical');

  /** Refers to a PriorityClass that exists in the cluster (made by the platform); nothing is written for it. */
  static fromPriorityClassName(name: string): IPriorityClass {
    return { name, external: true };
  }

  /** Always false: this class is written by the app. */
  readonly external = false;
  /** The priority of its pods. */
  readonly value: number;
  /** Whether it is the cluster's default class. */
  readonly globalDefault: boolean;
  /** Whether its pods may preempt others. */
  readonly preemptionPolicy: PreemptionPolicy;
  /** What it is for, if said. */
  readonly description: string | undefined;

  constructor(scope: Construct, id: string, props: PriorityClassProps) {
    super(scope, id, { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', nameRule: NameRule.DNS_SUBDOMAIN, bodyKeys: ['value', 'globalDefault', 'preemptionPolicy', 'description'], clusterScoped: true }, props);
    if (this.name.startsWith(SYSTEM_PRIORITY_CLASS_PREFIX)) {
      this.fail('name', this.name, `starts with "${SYSTEM_PRIORITY_CLASS_PREFIX}", which is reserved for the cluster's own classes`, 'Choose another name, or refer to a system class with PriorityClass.SYSTEM_CLUSTER_CRITICAL or SYSTEM_NODE_CRITICAL.');
    }
    if (!Number.isInteger(props.value) || props.value < LOWEST_PRIORITY || props.value > HIGHEST_USER_PRIORITY) {
      this.fail(
        'value',
        props.value,
        `must be a whole number from ${LOWEST_PRIORITY} to ${HIGHEST_USER_PRIORITY}; larger values are reserved for the system classes`,
        props.value > HIGHEST_USER_PRIORITY ? `Use at most ${HIGHEST_USER_PRIORITY}, or PriorityClass.SYSTEM_CLUSTER_CRITICAL for a cluster component.` : 'Use a whole number in range.',
      );
    }
    if (props.preemptionPolicy !== undefined && !Object.values(PreemptionPolicy).includes(props.preemptionPolicy)) {
      this.fail('preemptionPolicy', props.preemptionPolicy, 'is not a preemption policy', 'Use PreemptionPolicy.PREEMPT_LOWER_PRIORITY or PreemptionPolicy.NEVER.');
    }
    this.value = props.value;
    this.globalDefault = props.globalDefault ?? false;
    this.preemptionPolicy = props.preemptionPolicy ?? PreemptionPolicy.PREEMPT_LOWER_PRIORITY;
    this.description = props.description;
    if (this.globalDefault) {
      Object.defineProperty(this, GLOBAL_DEFAULT, { value: true });
      this.node.addValidation({ validate: () => this.#otherDefaults() });
    }
  }

  /**
   * The API server admits one default class per cluster: another one in the app is an error (the app's
   * environments may share a cluster, as synthesis assumes for every cluster-scoped name).
   */
  #otherDefaults(): string[] {
    const others = this.node.root.node
      .findAll()
      .filter((construct) => construct !== this && GLOBAL_DEFAULT in construct)
      .map((construct) => construct.node.path);
    if (others.length === 0) return [];
    return [
      `PriorityClass '${this.node.path}': globalDefault: is true, and so is it for ${others.map((path) => `'${path}'`).join(', ')}; the API server admits one default class per cluster. ` +
        'Set globalDefault on one class only.',
    ];
  }

  protected renderBody(): Record<string, unknown> {
    return { value: this.value, globalDefault: this.globalDefault, preemptionPolicy: this.preemptionPolicy, description: this.description };
  }
}
