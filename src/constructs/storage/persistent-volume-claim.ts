/** A PersistentVolumeClaim: a request for storage that outlives any pod. */
import { Size } from 'cdk8s';
import { Construct } from 'constructs';
import { ValidationError } from '../../errors';
import { NameRule } from '../private/names';
import { sizeToQuantity } from '../private/quantities';
import { Resource, ResourceProps } from '../app/resource';

/** A claim that a pod can mount, by name. */
export interface IPersistentVolumeClaim {
  /** The claim's name. */
  readonly name: string;
}

/** How a volume may be mounted. */
export enum AccessMode {
  /** Read-write by one node. */
  READ_WRITE_ONCE = 'ReadWriteOnce',
  /** Read-only by many nodes. */
  READ_ONLY_MANY = 'ReadOnlyMany',
  /** Read-write by many nodes. */
  READ_WRITE_MANY = 'ReadWriteMany',
  /** Read-write by one pod. */
  READ_WRITE_ONCE_POD = 'ReadWriteOncePod',
}

/** What storage a claim asks for. */
export interface ClaimOptions {
  /** How much storage. */
  readonly size: Size;
  /**
   * The StorageClass that provisions it.
   * @default - the cluster's default StorageClass
   */
  readonly storageClassName?: string;
  /**
   * How it may be mounted.
   * @default [AccessMode.READ_WRITE_ONCE]
   */
  readonly accessModes?: readonly AccessMode[];
}

/** Props of a PersistentVolumeClaim. */
export interface PersistentVolumeClaimProps extends ResourceProps, ClaimOptions {}

/** Checks claim options and renders the claim spec; shared with StatefulSet claim templates. */
export function renderClaimSpec(options: ClaimOptions, where: { path: string; construct: string; field: string }): Record<string, unknown> {
  // An empty field means the options are the construct's own props, named as the user wrote them (`size`).
  const prefix = where.field ? `${where.field}.` : '';
  if (options.size.toKibibytes() <= 0) {
    throw new ValidationError({ ...where, field: `${prefix}size`, value: sizeToQuantity(options.size), problem: 'must be more than 0', fix: 'Ask for the storage the data needs, e.g. Size.gibibytes(10).' });
  }
  if (options.accessModes !== undefined && options.accessModes.length === 0) {
    throw new ValidationError({ ...where, field: `${prefix}accessModes`, value: [], problem: 'must not be empty', fix: 'Leave it out for ReadWriteOnce, or list the modes.' });
  }
  return {
    accessModes: [...(options.accessModes ?? [AccessMode.READ_WRITE_ONCE])],
    storageClassName: options.storageClassName,
    resources: { requests: { storage: sizeToQuantity(options.size) } },
  };
}

/** A PersistentVolumeClaim. Mount it with `Volume.fromPersistentVolumeClaim(claim)`. */
export class PersistentVolumeClaim extends Resource implements IPersistentVolumeClaim {
  readonly #spec: Record<string, unknown>;

  constructor(scope: Construct, id: string, props: PersistentVolumeClaimProps) {
    super(scope, id, { apiVersion: 'v1', kind: 'PersistentVolumeClaim', nameRule: NameRule.DNS_SUBDOMAIN, bodyKeys: ['spec'] }, props);
    this.#spec = renderClaimSpec(props, { path: this.node.path, construct: 'PersistentVolumeClaim', field: '' });
  }

  protected renderBody(): Record<string, unknown> {
    return { spec: this.#spec };
  }
}
