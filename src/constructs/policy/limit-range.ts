/** A LimitRange: defaults and bounds for the resources of each container, pod and claim of a namespace. */
import { Size } from 'cdk8s';
import { Construct } from 'constructs';
import { Resource, ResourceProps } from '../app/resource';
import { NameRule } from '../private/names';
import { sizeToQuantity } from '../private/quantities';
import { Cpu } from '../workloads/resources';

/** Amounts of the resources a LimitRange can bound. */
export interface LimitRangeAmounts {
  /**
   * CPU.
   * @default - not set
   */
  readonly cpu?: Cpu;
  /**
   * Memory.
   * @default - not set
   */
  readonly memory?: Size;
  /**
   * Ephemeral (node-local) storage.
   * @default - not set
   */
  readonly ephemeralStorage?: Size;
}

/** The most a limit may exceed its request, as a factor (`2` allows a limit of twice the request). */
export interface LimitRequestRatios {
  /**
   * For CPU.
   * @default - not bounded
   */
  readonly cpu?: number;
  /**
   * For memory.
   * @default - not bounded
   */
  readonly memory?: number;
  /**
   * For ephemeral storage.
   * @default - not bounded
   */
  readonly ephemeralStorage?: number;
}

/** Bounds for pods: the sums over their containers. */
export interface PodLimitRange {
  /**
   * The least a pod must request.
   * @default - no minimum
   */
  readonly min?: LimitRangeAmounts;
  /**
   * The most a pod may use (its containers' limits together).
   * @default - no maximum
   */
  readonly max?: LimitRangeAmounts;
  /**
   * The most the limits may exceed the requests.
   * @default - not bounded
   */
  readonly maxLimitRequestRatio?: LimitRequestRatios;
}

/** Defaults and bounds for every container. */
export interface ContainerLimitRange extends PodLimitRange {
  /**
   * Limits given to containers that set none.
   * @default - none (containers without limits stay unlimited)
   */
  readonly defaultLimits?: LimitRangeAmounts;
  /**
   * Requests given to containers that set none.
   * @default - the container's limits (as Kubernetes does)
   */
  readonly defaultRequests?: LimitRangeAmounts;
}

/** Bounds for the size of PersistentVolumeClaims. */
export interface ClaimLimitRange {
  /**
   * The smallest claim allowed.
   * @default - no minimum
   */
  readonly min?: Size;
  /**
   * The largest claim allowed.
   * @default - no maximum
   */
  readonly max?: Size;
}

/** Props of a LimitRange. */
export interface LimitRangeProps extends ResourceProps {
  /**
   * Defaults and bounds per container.
   * @default - none
   */
  readonly container?: ContainerLimitRange;
  /**
   * Bounds per pod.
   * @default - none
   */
  readonly pod?: PodLimitRange;
  /**
   * Bounds per PersistentVolumeClaim.
   * @default - none
   */
  readonly persistentVolumeClaim?: ClaimLimitRange;
}

type Amounts = Record<string, { quantity: string; value: number }>;

const RESOURCE_NAMES: ReadonlyArray<[keyof LimitRangeAmounts, string]> = [
  ['cpu', 'cpu'],
  ['memory', 'memory'],
  ['ephemeralStorage', 'ephemeral-storage'],
];

/**
 * A LimitRange. The API server fills in the defaults of containers that set no requests or limits and refuses
 * pods and claims outside the bounds; shipshape checks here that the bounds are consistent (min <= default
 * request <= default limit <= max), as the API server does.
 */
export class LimitRange extends Resource {
  readonly #limits: Array<Record<string, unknown>> = [];

  constructor(scope: Construct, id: string, props: LimitRangeProps = {}) {
    super(scope, id, { apiVersion: 'v1', kind: 'LimitRange', nameRule: NameRule.DNS_SUBDOMAIN, bodyKeys: ['spec'] }, props);
    if (props.container !== undefined) this.#add('Container', 'container', props.container);
    if (props.pod !== undefined) this.#add('Pod', 'pod', props.pod);
    const claim = props.persistentVolumeClaim;
    if (claim !== undefined) {
      const min = claim.min === undefined ? undefined : sizeToQuantity(claim.min);
      const max = claim.max === undefined ? undefined : sizeToQuantity(claim.max);
      if (min === undefined && max === undefined) this.fail('persistentVolumeClaim', {}, 'sets neither min nor max', 'Give min, max or both, or leave persistentVolumeClaim out.');
      if (claim.min !== undefined && claim.max !== undefined && bytes(claim.min) > bytes(claim.max)) {
        this.fail('persistentVolumeClaim.min', min, `is more than max ${max}`, 'Lower min or raise max.');
      }
      this.#limits.push({ type: 'PersistentVolumeClaim', ...(min === undefined ? {} : { min: { storage: min } }), ...(max === undefined ? {} : { max: { storage: max } }) });
    }
    if (this.#limits.length === 0) this.fail('container', undefined, 'the LimitRange sets nothing', 'Give container, pod or persistentVolumeClaim limits.');
  }

  protected renderBody(): Record<string, unknown> {
    return { spec: { limits: this.#limits.map((limit) => ({ ...limit })) } };
  }

  #add(type: 'Container' | 'Pod', field: string, range: ContainerLimitRange): void {
    const min = amounts(range.min);
    const max = amounts(range.max);
    const defaultLimits = amounts(range.defaultLimits);
    const defaultRequests = amounts(range.defaultRequests);
    const ratios: Record<string, number> = {};
    for (const [key, name] of RESOURCE_NAMES) {
      const ratio = range.maxLimitRequestRatio?.[key];
      if (ratio === undefined) continue;
      if (!(ratio >= 1) || !Number.isFinite(ratio)) this.fail(`${field}.maxLimitRequestRatio.${key}`, ratio, 'must be 1 or more (a limit is never below its request)', 'Give the largest factor allowed between limit and request, e.g. 2.');
      const low = min[name];
      const high = max[name];
      // The API server divides whole units (Quantity.Value(), rounded up): 100m of CPU counts as 1 there.
      const whole = (amount: { value: number }): number => (name === 'cpu' ? Math.ceil(amount.value / 1000) : amount.value);
      if (low !== undefined && high !== undefined && whole(low) > 0 && ratio > whole(high) / whole(low)) {
        this.fail(`${field}.maxLimitRequestRatio.${key}`, ratio, `is more than max/min (${high.quantity}/${low.quantity})`, 'Lower the ratio, or widen min and max.');
      }
      ratios[name] = ratio;
    }
    const order: ReadonlyArray<[string, Amounts]> = [
      ['min', min],
      ['defaultRequests', defaultRequests],
      ['defaultLimits', defaultLimits],
      ['max', max],
    ];
    for (const [, name] of RESOURCE_NAMES) {
      const present = order.filter(([, set]) => set[name] !== undefined);
      for (let i = 0; i < present.length; i += 1) {
        for (let j = i + 1; j < present.length; j += 1) {
          const [lowField, lowSet] = present[i]!;
          const [highField, highSet] = present[j]!;
          const low = lowSet[name]!;
          const high = highSet[name]!;
          if (low.value > high.value) {
            this.fail(`${field}.${lowField}.${name === 'ephemeral-storage' ? 'ephemeralStorage' : name}`, low.quantity, `is more than ${highField} ${high.quantity}`, `Keep min <= defaultRequests <= defaultLimits <= max.`);
          }
        }
      }
    }
    const render = (set: Amounts): Record<string, string> | undefined =>
      Object.keys(set).length === 0 ? undefined : Object.fromEntries(Object.entries(set).map(([name, amount]) => [name, amount.quantity]));
    const limit: Record<string, unknown> = {
      type,
      min: render(min),
      max: render(max),
      default: render(defaultLimits),
      defaultRequest: render(defaultRequests),
      maxLimitRequestRatio: Object.keys(ratios).length === 0 ? undefined : Object.fromEntries(Object.entries(ratios).map(([name, ratio]) => [name, String(ratio)])),
    };
    const written = Object.fromEntries(Object.entries(limit).filter(([, value]) => value !== undefined));
    if (Object.keys(written).length === 1) this.fail(field, {}, 'sets nothing', `Give min, max${type === 'Container' ? ', defaultLimits, defaultRequests' : ''} or maxLimitRequestRatio, or leave ${field} out.`);
    this.#limits.push(written);
  }
}

function bytes(size: Size): number {
  return size.toKibibytes() * 1024;
}

function amounts(set: LimitRangeAmounts | undefined): Amounts {
  const out: Amounts = {};
  if (set?.cpu !== undefined) out.cpu = { quantity: set.cpu.toQuantity(), value: set.cpu.millicores };
  if (set?.memory !== undefined) out.memory = { quantity: sizeToQuantity(set.memory), value: bytes(set.memory) };
  if (set?.ephemeralStorage !== undefined) out['ephemeral-storage'] = { quantity: sizeToQuantity(set.ephemeralStorage), value: bytes(set.ephemeralStorage) };
  return out;
}
