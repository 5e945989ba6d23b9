/** The value of a container's environment variable: a literal, a ConfigMap key, a Secret key or a pod field. */
import { IConfigMap } from '../config/config-map';
import { IConfigSource } from '../private/config-source';
import { ISecret } from '../config/secret';

/** Options for values taken from a ConfigMap or Secret key. */
export interface EnvKeyOptions {
  /**
   * Let the pod start even if the key (or the whole object) is missing.
   * @default false
   */
  readonly optional?: boolean;
}

/** Where an environment variable's value comes from. */
export class EnvValue {
  /** A literal value. Do not put credentials here: use `fromSecret()`. */
  static fromValue(value: string): EnvValue {
    return new EnvValue({ value }, undefined, undefined);
  }

  /** The value of one key of a ConfigMap. */
  static fromConfigMap(configMap: IConfigMap, key: string, options: EnvKeyOptions = {}): EnvValue {
    return new EnvValue(
      { valueFrom: { configMapKeyRef: { name: configMap.name, key, optional: options.optional } } },
      configMap,
      options.optional ? undefined : key,
    );
  }

  /** The value of one key of a Secret. */
  static fromSecret(secret: ISecret, key: string, options: EnvKeyOptions = {}): EnvValue {
    return new EnvValue(
      { valueFrom: { secretKeyRef: { name: secret.name, key, optional: options.optional } } },
      secret,
      options.optional ? undefined : key,
    );
  }

  /** A field of the pod itself, e.g. `metadata.name`, `metadata.namespace`, `status.podIP`. */
  static fromFieldPath(fieldPath: string): EnvValue {
    return new EnvValue({ valueFrom: { fieldRef: { fieldPath } } }, undefined, undefined);
  }

  private constructor(
    private readonly rendered: Record<string, unknown>,
    /** The ConfigMap or Secret the value is read from, if any. */
    readonly source: IConfigSource | undefined,
    /** The key that must exist in the source, if required. */
    readonly requiredKey: string | undefined,
  ) {}

  /** The Kubernetes `EnvVar` for a variable of this name. */
  toEnvVar(name: string): Record<string, unknown> {
    return { name, ...this.rendered };
  }
}
