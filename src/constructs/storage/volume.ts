/**
 * Volumes: storage that a pod's containers mount, from scratch space to persistent claims, projections of
 * configuration and pod metadata, network shares and CSI drivers.
 */
import { Size } from 'cdk8s';
import { ValidationError } from '../../errors';
import { compareText } from '../../manifest/compare-text';
import { IConfigMap } from '../config/config-map';
import { IConfigSource } from '../private/config-source';
import { nameProblem, NameRule } from '../private/names';
import { sizeToQuantity } from '../private/quantities';
import { ISecret } from '../config/secret';
import { downwardItems, itemsOf } from '../private/volume-items';
import { ClaimOptions, IPersistentVolumeClaim, renderClaimSpec } from './persistent-volume-claim';
import { DownwardApiField } from './downward-api';
import { KeyRequirement, ProjectedSource } from './projected-source';

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

/** Options of `Volume.fromNfs()`. */
export interface NfsOptions {
  /**
   * Mount the share read-only.
   * @default false
   */
  readonly readOnly?: boolean;
}

/** Options of `Volume.fromCsi()`. */
export interface CsiOptions {
  /**
   * Mount the volume read-only.
   * @default false
   */
  readonly readOnly?: boolean;
  /**
   * The filesystem type, e.g. `ext4`, passed to the driver.
   * @default - the driver's default
   */
  readonly fsType?: string;
  /**
   * Driver-specific attributes (`volumeAttributes`), e.g. the secret store of the Secrets Store CSI driver.
   * @default - none
   */
  readonly attributes?: Readonly<Record<string, string>>;
  /**
   * A Secret the driver reads when it mounts the volume (`nodePublishSecretRef`).
   * @default - none
   */
  readonly nodePublishSecret?: ISecret;
}

/** Options of `Volume.fromDownwardApi()`. */
export interface DownwardApiVolumeOptions {
  /**
   * File mode bits of the files, e.g. `0o444`.
   * @default - 0o644, the Kubernetes default
   */
  readonly defaultMode?: number;
}

/** Options of `Volume.fromProjected()`. */
export interface ProjectedOptions {
  /**
   * File mode bits of the files, e.g. `0o440`.
   * @default - 0o644, the Kubernetes default
   */
  readonly defaultMode?: number;
}

/** A volume of a pod. Create one with a static factory and mount it with `container.mount()`. */
export class Volume {
  /** Scratch space that lives as long as the pod. */
  static fromEmptyDir(name: string, options: EmptyDirOptions = {}): Volume {
    const emptyDir = {
      medium: options.medium === EmptyDirMedium.MEMORY ? 'Memory' : undefined,
      sizeLimit: options.sizeLimit ? sizeToQuantity(options.sizeLimit) : undefined,
    };
    return new Volume(name, { emptyDir }, [], []);
  }

  /** The keys of a ConfigMap as files. */
  static fromConfigMap(configMap: IConfigMap, options: ProjectedVolumeOptions = {}): Volume {
    return new Volume(
      options.name ?? configMap.name,
      { configMap: { name: configMap.name, ...projection(options) } },
      [configMap],
      options.optional ? [] : Object.keys(options.items ?? {}).map((key) => ({ source: configMap, key })),
    );
  }

  /** The keys of a Secret as files. */
  static fromSecret(secret: ISecret, options: ProjectedVolumeOptions = {}): Volume {
    return new Volume(
      options.name ?? secret.name,
      { secret: { secretName: secret.name, ...projection(options) } },
      [secret],
      options.optional ? [] : Object.keys(options.items ?? {}).map((key) => ({ source: secret, key })),
    );
  }

  /** A PersistentVolumeClaim: data that outlives the pod. */
  static fromPersistentVolumeClaim(claim: IPersistentVolumeClaim, options: ClaimVolumeOptions = {}): Volume {
    return new Volume(
      options.name ?? claim.name,
      { persistentVolumeClaim: { claimName: claim.name, readOnly: options.readOnly || undefined } },
      [],
      [],
    );
  }

  /** A file or directory of the node. Ties the pod to node contents; prefer claims for application data. */
  static fromHostPath(name: string, path: string, options: HostPathOptions = {}): Volume {
    if (!path.startsWith('/')) fail(name, 'hostPath.path', path, 'must be an absolute path on the node', 'Start the path with "/", e.g. "/var/log".');
    return new Volume(name, { hostPath: { path, type: options.type || undefined } }, [], []);
  }

  /** Several sources (ConfigMap and Secret keys, pod metadata, service account tokens) in one directory. */
  static fromProjected(name: string, sources: readonly ProjectedSource[], options: ProjectedOptions = {}): Volume {
    if (sources.length === 0) fail(name, 'projected.sources', [], 'must not be empty', 'Give at least one ProjectedSource.');
    const seen = new Set<string>();
    sources.forEach((source, index) => {
      if (source.badExpiration !== undefined) {
        fail(name, `projected.sources[${index}].serviceAccountToken.expiration`, `${source.badExpiration}s`, 'must be from 10 minutes to 2^32 seconds', 'Use e.g. Duration.hours(1).');
      }
      for (const path of source.paths) {
        checkRelativePath(name, `projected.sources[${index}]`, path);
        if (seen.has(path)) fail(name, `projected.sources[${index}]`, path, 'is a file path another source writes too', 'Give each projected file its own path.');
        seen.add(path);
      }
    });
    checkMode(name, 'projected.defaultMode', options.defaultMode);
    return new Volume(
      name,
      { projected: { sources: sources.map((source) => source.toProjection()), defaultMode: options.defaultMode } },
      sources.flatMap((source) => source.configSources),
      sources.flatMap((source) => source.keyRequirements),
    );
  }

  /** Pod metadata (name, namespace, labels, annotations) and container resources as files: relative path to field. */
  static fromDownwardApi(name: string, items: Readonly<Record<string, DownwardApiField>>, options: DownwardApiVolumeOptions = {}): Volume {
    if (Object.keys(items).length === 0) fail(name, 'downwardAPI.items', {}, 'must not be empty', 'Map at least one file path to a DownwardApiField.');
    for (const path of Object.keys(items)) checkRelativePath(name, 'downwardAPI.items', path);
    checkMode(name, 'downwardAPI.defaultMode', options.defaultMode);
    return new Volume(name, { downwardAPI: { items: downwardItems(items), defaultMode: options.defaultMode } }, [], []);
  }

  /** An NFS share. */
  static fromNfs(name: string, server: string, path: string, options: NfsOptions = {}): Volume {
    if (server.trim() === '') fail(name, 'nfs.server', server, 'must not be empty', 'Give the host name or IP address of the NFS server.');
    if (!path.startsWith('/')) fail(name, 'nfs.path', path, 'must be an absolute path exported by the server', 'Start the path with "/", e.g. "/exports/data".');
    return new Volume(name, { nfs: { server, path, readOnly: options.readOnly || undefined } }, [], []);
  }

  /** A volume that a CSI driver provides inline (secret stores, image volumes, node-local scratch). */
  static fromCsi(name: string, driver: string, options: CsiOptions = {}): Volume {
    if (nameProblem(driver, NameRule.DNS_SUBDOMAIN) !== undefined || driver.length > 63) {
      fail(name, 'csi.driver', driver, 'must be a CSI driver name: at most 63 lower-case characters, a DNS subdomain', 'Use the name the driver registers, e.g. "secrets-store.csi.k8s.io".');
    }
    const attributes = options.attributes
      ? Object.fromEntries(Object.entries(options.attributes).sort(([a], [b]) => compareText(a, b)))
      : undefined;
    const secret = options.nodePublishSecret;
    return new Volume(
      name,
      {
        csi: {
          driver,
          readOnly: options.readOnly || undefined,
          fsType: options.fsType,
          volumeAttributes: attributes,
          nodePublishSecretRef: secret ? { name: secret.name } : undefined,
        },
      },
      secret ? [secret] : [],
      [],
    );
  }

  /**
   * A generic ephemeral volume: a PersistentVolumeClaim created with the pod and deleted with it. Scratch
   * space from a StorageClass (size limits, snapshots, fast disks) rather than the node's disk.
   */
  static fromEphemeral(name: string, claim: ClaimOptions): Volume {
    const spec = renderClaimSpec(claim, { path: name, construct: 'Volume', field: 'ephemeral' });
    return new Volume(name, { ephemeral: { volumeClaimTemplate: { spec } } }, [], []);
  }

  /** The first ConfigMap or Secret it reads, if any; see `configSources` for all of them. */
  readonly configSource: IConfigSource | undefined;

  private constructor(
    /** The volume's name, unique within a pod. */
    readonly name: string,
    private readonly source: Record<string, unknown>,
    /** Every ConfigMap and Secret it reads. */
    readonly configSources: readonly IConfigSource[],
    /** Keys that must exist in those sources. */
    readonly keyRequirements: readonly KeyRequirement[],
  ) {
    const problem = nameProblem(name, NameRule.DNS_LABEL);
    if (problem !== undefined) fail(name, 'name', name, problem, 'Give the volume a name of lower-case letters, digits and "-" (the `name` option).');
    this.configSource = configSources[0];
  }

  /** The Kubernetes `Volume` of a pod spec. */
  toVolume(): Record<string, unknown> {
    return { name: this.name, ...structuredClone(this.source) };
  }
}

function fail(volume: string, field: string, value: unknown, problem: string, fix: string): never {
  throw new ValidationError({ path: volume, construct: 'Volume', field, value, problem, fix });
}

function checkRelativePath(volume: string, field: string, path: string): void {
  if (path === '' || path.startsWith('/') || path.split('/').includes('..')) {
    fail(volume, field, path, 'must be a relative file path without ".."', 'Use a path such as "labels" or "config/app.yaml".');
  }
}

function checkMode(volume: string, field: string, mode: number | undefined): void {
  if (mode !== undefined && (!Number.isInteger(mode) || mode < 0 || mode > 0o777)) {
    fail(volume, field, mode, 'must be file mode bits from 0 to 0o777', 'Use an octal literal such as 0o440.');
  }
}

function projection(options: ProjectedVolumeOptions): Record<string, unknown> {
  return { items: itemsOf(options.items), defaultMode: options.defaultMode, optional: options.optional };
}
