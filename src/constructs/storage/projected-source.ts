/** The sources of a projected volume: ConfigMap and Secret keys, pod metadata and service account tokens in one directory. */
import { Duration } from 'cdk8s';
import { IConfigMap } from '../config/config-map';
import { ISecret } from '../config/secret';
import { IConfigSource } from '../private/config-source';
import { durationToSeconds } from '../private/quantities';
import { downwardItems, itemsOf } from '../private/volume-items';
import { DownwardApiField } from './downward-api';

/** A key of a ConfigMap or Secret that a volume needs. */
export interface KeyRequirement {
  /** The ConfigMap or Secret. */
  readonly source: IConfigSource;
  /** The key it must hold. */
  readonly key: string;
}

/** Options of a ConfigMap or Secret inside a projected volume. */
export interface ProjectedKeysOptions {
  /**
   * Only these keys, each at the given relative path.
   * @default - every key, each as a file named after it
   */
  readonly items?: Readonly<Record<string, string>>;
  /**
   * Let the pod start even if the object is missing.
   * @default false
   */
  readonly optional?: boolean;
}

/** Options of a service account token inside a projected volume. */
export interface ServiceAccountTokenOptions {
  /** The file the token is written to, relative to the mount, e.g. `token`. */
  readonly path: string;
  /**
   * The audience the token is for; the receiving service must check it.
   * @default - the API server's audience
   */
  readonly audience?: string;
  /**
   * How long the token is valid; the kubelet renews it before it expires. At least 10 minutes.
   * @default Duration.hours(1)
   */
  readonly expiration?: Duration;
}

/** One source of a projected volume; create it with a static factory. */
export class ProjectedSource {
  /** The keys of a ConfigMap. */
  static configMap(configMap: IConfigMap, options: ProjectedKeysOptions = {}): ProjectedSource {
    return new ProjectedSource(
      { configMap: { name: configMap.name, items: itemsOf(options.items), optional: options.optional } },
      [configMap],
      options.optional ? [] : Object.keys(options.items ?? {}).map((key) => ({ source: configMap, key })),
      Object.values(options.items ?? {}),
    );
  }

  /** The keys of a Secret. */
  static secret(secret: ISecret, options: ProjectedKeysOptions = {}): ProjectedSource {
    return new ProjectedSource(
      { secret: { name: secret.name, items: itemsOf(options.items), optional: options.optional } },
      [secret],
      options.optional ? [] : Object.keys(options.items ?? {}).map((key) => ({ source: secret, key })),
      Object.values(options.items ?? {}),
    );
  }

  /** Pod metadata and container resources as files: relative path to field. */
  static downwardApi(items: Readonly<Record<string, DownwardApiField>>): ProjectedSource {
    return new ProjectedSource({ downwardAPI: { items: downwardItems(items) } }, [], [], Object.keys(items));
  }

  /** A short-lived, audience-bound token of the pod's service account, renewed by the kubelet. */
  static serviceAccountToken(options: ServiceAccountTokenOptions): ProjectedSource {
    const seconds = options.expiration === undefined ? undefined : durationToSeconds(options.expiration);
    return new ProjectedSource(
      { serviceAccountToken: { path: options.path, audience: options.audience, expirationSeconds: seconds } },
      [],
      [],
      [options.path],
      seconds !== undefined && (seconds < 600 || seconds > 2 ** 32) ? seconds : undefined,
    );
  }

  private constructor(
    private readonly rendered: Record<string, unknown>,
    /** The ConfigMaps and Secrets it reads. */
    readonly configSources: readonly IConfigSource[],
    /** Keys that must exist in them. */
    readonly keyRequirements: readonly KeyRequirement[],
    /** The file paths it writes, relative to the mount. */
    readonly paths: readonly string[],
    /** A token expiration out of range, in seconds, if any (undefined when none is). */
    readonly badExpiration: number | undefined = undefined,
  ) {}

  /** The Kubernetes `VolumeProjection`. */
  toProjection(): Record<string, unknown> {
    return structuredClone(this.rendered);
  }
}
