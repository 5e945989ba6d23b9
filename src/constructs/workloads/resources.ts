/** CPU, memory and ephemeral-storage requests and limits of a container. */
import { Size } from 'cdk8s';
import { ValidationError } from '../../errors';
import { sizeToQuantity } from '../private/quantities';

/** An amount of CPU, in cores or thousandths of a core. */
export class Cpu {
  /** Thousandths of a core: `Cpu.millis(250)` is a quarter core. */
  static millis(amount: number): Cpu {
    return new Cpu(amount);
  }

  /** Whole or fractional cores: `Cpu.units(1.5)`. */
  static units(amount: number): Cpu {
    return new Cpu(amount * 1000);
  }

  private constructor(readonly millicores: number) {}

  /** The Kubernetes quantity string, e.g. `250m` or `2`. */
  toQuantity(): string {
    const whole = Math.round(this.millicores);
    return whole % 1000 === 0 ? String(whole / 1000) : `${whole}m`;
  }
}

/** A request or a limit of CPU and memory. */
export interface ResourceAmounts {
  /**
   * CPU.
   * @default - none
   */
  readonly cpu?: Cpu;
  /**
   * Memory.
   * @default - none
   */
  readonly memory?: Size;
  /**
   * Local ephemeral storage: the container's writable layer, logs and emptyDir volumes on disk.
   * Above the limit, the kubelet evicts the pod.
   * @default - none
   */
  readonly ephemeralStorage?: Size;
}

/** What a container asks for (requests, used for scheduling) and may use at most (limits). */
export interface ContainerResources {
  /**
   * Reserved for the container when it is scheduled.
   * @default - none
   */
  readonly requests?: ResourceAmounts;
  /**
   * The most the container may use: CPU is throttled above it, memory above it kills the container.
   * @default - none
   */
  readonly limits?: ResourceAmounts;
}

function renderAmounts(amounts: ResourceAmounts | undefined): Record<string, string> | undefined {
  if (amounts === undefined) return undefined;
  const out: Record<string, string> = {};
  if (amounts.cpu !== undefined) out.cpu = amounts.cpu.toQuantity();
  if (amounts.memory !== undefined) out.memory = sizeToQuantity(amounts.memory);
  if (amounts.ephemeralStorage !== undefined) out['ephemeral-storage'] = sizeToQuantity(amounts.ephemeralStorage);
  return Object.keys(out).length > 0 ? out : undefined;
}

/** Renders resources, checking that no request exceeds its limit (the API server would reject it). */
export function renderResources(
  resources: ContainerResources,
  where: { readonly path: string; readonly construct: string; readonly field: string },
): Record<string, unknown> {
  const { requests, limits } = resources;
  const cpuRequest = requests?.cpu?.millicores;
  const cpuLimit = limits?.cpu?.millicores;
  if (cpuRequest !== undefined && cpuLimit !== undefined && cpuRequest > cpuLimit) {
    throw new ValidationError({
      ...where,
      field: `${where.field}.requests.cpu`,
      value: requests?.cpu?.toQuantity(),
      problem: `is more than the limit ${limits?.cpu?.toQuantity()}`,
      fix: 'Lower the request or raise the limit.',
    });
  }
  for (const [field, request, limit] of [
    ['memory', requests?.memory, limits?.memory],
    ['ephemeralStorage', requests?.ephemeralStorage, limits?.ephemeralStorage],
  ] as const) {
    if (request !== undefined && limit !== undefined && request.toKibibytes() > limit.toKibibytes()) {
      throw new ValidationError({
        ...where,
        field: `${where.field}.requests.${field}`,
        value: sizeToQuantity(request),
        problem: `is more than the limit ${sizeToQuantity(limit)}`,
        fix: 'Lower the request or raise the limit.',
      });
    }
  }
  return { requests: renderAmounts(requests), limits: renderAmounts(limits) };
}
