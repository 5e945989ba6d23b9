/** Volumes: storage that a pod's containers mount, from scratch space to persistent claims. */
import { Size } from 'cdk8s';
import { compareText } from '../../manifest/compare-text';
import { IConfigMap } from '../config/config-map';
import { IConfigSource } from '../private/config-source';
import { sizeToQuantity } from '../private/quantities';
import { ISecret } from '../config/secret';

/** A claim that a pod can mount, by name. */
export interface IPersistentVolumeClaim {
  /** The claim's name. */
  readonly name: string;
}

/** Where an emptyDir lives. */
export enum EmptyDirMedium {
  /** The node's disk. */
  DISK = '',
  /** RAM (tmpfs): fast, counted against the container's memory limit. */
  MEMORY = 'Memory',
}

/** What a hostPath must be on the node. */
export enum HostPathType {
  /** No check. */
  UNCHECKED = '',
  /** A directory, created if missing. */
  DIRECTORY_OR_CREATE = 'DirectoryOrCreate',
  /** An existing directory. */
  DIRECTORY = 'Directory',
  /** A file, created if missing. */
  FILE_OR_CREATE = 'FileOrCreate',
  /** An existing file. */
  FILE = 'File',
  /** An existing UNIX socket. */
  SOCKET = 'Socket',
}

/** Options of `Volume.fromEmptyDir()`. */
export interface EmptyDirOptions {
  /**
   * The most it may hold; the pod is evicted above it.
   * @default - no limit
   */
  readonly sizeLimit?: Size;
  /**
   * Disk or memory.
   * @default EmptyDirMedium.DISK
   */
  readonly medium?: EmptyDirMedium;
}

/** Options of volumes made from a ConfigMap or a Secret. */
export interface ProjectedVolumeOptions {
  /**
   * The volume's name.
   * @default - the ConfigMap's or Secret's name
   */
  readonly name?: string;
  /**
   * Only these keys, each at the given relative path.
   * @default - every key, each as a file named after it
   */
  readonly items?: Readonly<Record<string, string>>;
  /**
   * File mode bits of the files, e.g. `0o440`.
   * @default - 0o644 (ConfigMap) or 0o644 (Secret), the Kubernetes default
   */
  readonly defaultMode?: number;
  /**
   * Let the pod start even if the object is missing.
   * @default false
   */
  readonly optional?: boolean;
}

/** Options of `Volume.fromPersistentVolumeClaim()`. */
export interface ClaimVolumeOptions {
  /**
   * The volume's name.
   * @default - the claim's name
   */
  readonly name?: string;
  /**
   * Mount the claim read-only in every container.
   * @default false
   */
  readonly readOnly?: boolean;
}

/** Options of `Volume.fromHostPath()`. */
export interface HostPathOptions {
  /**
   * What must exist at the path.
   * @default HostPathType.UNCHECKED
   */
  readonly type?: HostPathType;
}

/** A volume of a pod. Create one with a static factory and mount it with `container.mount()`. */
export class Volume {
  /** Scratch space that lives as long as the pod. */
  static fromEmptyDir(name: string, options: EmptyDirOptions = {}): Volume {
    const emptyDir = {
      medium: options.medium === EmptyDirMedium.MEMORY ? 'Memory' : undefined,
      sizeLimit: options.sizeLimit ? sizeToQuantity(options.sizeLimit) : undefined,
    };
    return new Volume(name, { emptyDir }, undefined, []);
  }

  /** The keys of a ConfigMap as files. */
  static fromConfigMap(configMap: IConfigMap, options: ProjectedVolumeOptions = {}): Volume {
    return new Volume(
      options.name ?? configMap.name,
      { configMap: { name: configMap.name, ...projection(options) } },
      configMap,
      options.optional ? [] : Object.keys(options.items ?? {}),
    );
  }

  /** The keys of a Secret as files. */
  static fromSecret(secret: ISecret, options: ProjectedVolumeOptions = {}): Volume {
    return new Volume(
      options.name ?? secret.name,
      { secret: { secretName: secret.name, ...projection(options) } },
      secret,
      options.optional ? [] : Object.keys(options.items ?? {}),
    );
  }

  /** A PersistentVolumeClaim: data that outlives the pod. */
  static fromPersistentVolumeClaim(claim: IPersistentVolumeClaim, options: ClaimVolumeOptions = {}): Volume {
    return new Volume(
      options.name ?? claim.name,
      { persistentVolumeClaim: { claimName: claim.name, readOnly: options.readOnly || undefined } },
      undefined,
      [],
    );
  }

  /** A file or directory of the node. Ties the pod to node contents; prefer claims for application data. */
  static fromHostPath(name: string, path: string, options: HostPathOptions = {}): Volume {
    return new Volume(name, { hostPath: { path, type: options.type || undefined } }, undefined, []);
  }

  private constructor(
    /** The volume's name, unique within a pod. */
    readonly name: string,
    private readonly source: Record<string, unknown>,
    /** The ConfigMap or Secret it projects, if any. */
    readonly configSource: IConfigSource | undefined,
    /** Keys that must exist in that source. */
    readonly requiredKeys: readonly string[],
  ) {}

  /** The Kubernetes `Volume` of a pod spec. */
  toVolume(): Record<string, unknown> {
    return { name: this.name, ...this.source };
  }
}

function projection(options: ProjectedVolumeOptions): Record<string, unknown> {
  const items = options.items
    ? Object.entries(options.items)
        .sort(([a], [b]) => compareText(a, b))
        .map(([key, path]) => ({ key, path }))
    : undefined;
  return { items, defaultMode: options.defaultMode, optional: options.optional };
}
