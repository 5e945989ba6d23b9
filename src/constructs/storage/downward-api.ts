/** The downward API: facts about the pod and its containers, written as files of a volume. */
import { Size } from 'cdk8s';
import { sizeToQuantity } from '../private/quantities';
import { Cpu } from '../workloads/resources';

/** A container resource the downward API can report. */
export enum ContainerResourceField {
  /** The CPU request. */
  REQUESTS_CPU = 'requests.cpu',
  /** The CPU limit (the node's allocatable CPU when unset). */
  LIMITS_CPU = 'limits.cpu',
  /** The memory request. */
  REQUESTS_MEMORY = 'requests.memory',
  /** The memory limit (the node's allocatable memory when unset). */
  LIMITS_MEMORY = 'limits.memory',
  /** The ephemeral-storage request. */
  REQUESTS_EPHEMERAL_STORAGE = 'requests.ephemeral-storage',
  /** The ephemeral-storage limit. */
  LIMITS_EPHEMERAL_STORAGE = 'limits.ephemeral-storage',
}

/** Options of `DownwardApiField.resource()`. */
export interface ResourceFieldOptions {
  /**
   * The unit the value is written in: `Cpu.millis(1)` writes millicores, `Size.mebibytes(1)` mebibytes.
   * @default - cores for CPU, bytes for memory and storage
   */
  readonly divisor?: Cpu | Size;
}

/** One fact of the downward API; create it with a static factory. */
export class DownwardApiField {
  /** The pod's name. */
  static podName(): DownwardApiField {
    return DownwardApiField.#field('metadata.name');
  }

  /** The pod's namespace. */
  static podNamespace(): DownwardApiField {
    return DownwardApiField.#field('metadata.namespace');
  }

  /** The pod's UID. */
  static podUid(): DownwardApiField {
    return DownwardApiField.#field('metadata.uid');
  }

  /** Every label of the pod, one `key="value"` per line; updated when labels change. */
  static labels(): DownwardApiField {
    return DownwardApiField.#field('metadata.labels');
  }

  /** Every annotation of the pod, one `key="value"` per line; updated when annotations change. */
  static annotations(): DownwardApiField {
    return DownwardApiField.#field('metadata.annotations');
  }

  /** One label of the pod. */
  static label(key: string): DownwardApiField {
    return DownwardApiField.#field(`metadata.labels['${key}']`);
  }

  /** One annotation of the pod. */
  static annotation(key: string): DownwardApiField {
    return DownwardApiField.#field(`metadata.annotations['${key}']`);
  }

  /** A resource request or limit of one container of the pod. */
  static resource(containerName: string, resource: ContainerResourceField, options: ResourceFieldOptions = {}): DownwardApiField {
    const divisor = options.divisor === undefined ? undefined : options.divisor instanceof Cpu ? options.divisor.toQuantity() : sizeToQuantity(options.divisor);
    return new DownwardApiField({ resourceFieldRef: { containerName, resource, divisor } });
  }

  static #field(fieldPath: string): DownwardApiField {
    return new DownwardApiField({ fieldRef: { fieldPath } });
  }

  private constructor(private readonly item: Record<string, unknown>) {}

  /** The Kubernetes `DownwardAPIVolumeFile`, without its path. */
  toItem(): Record<string, unknown> {
    return structuredClone(this.item);
  }
}
