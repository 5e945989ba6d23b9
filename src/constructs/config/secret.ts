/**
 * A Secret: credentials for pods. Values come from the environment or files at synthesis and are written
 * base64-encoded, as Kubernetes stores them. Base64 is an encoding, not encryption: anyone who can read
 * the manifest can read the value, which is why synthesized Secrets go to a git-ignored file.
 */
import { Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { ValidationError } from '../../errors';
import { reportRenderProblem } from '../../manifest/render-problems';
import { AppChart } from '../app/app-chart';
import { oncePerRenderPass } from '../app/render-pass';
import { dataKeyProblem, IConfigSource } from '../private/config-source';
import { NameRule } from '../private/names';
import { Resource, ResourceProps } from '../app/resource';
import { SecretValue } from './secret-value';

/** The Secret types Kubernetes knows, with the keys each requires. */
export enum SecretType {
  /** Arbitrary keys. */
  OPAQUE = 'Opaque',
  /** `username` and `password`. */
  BASIC_AUTH = 'kubernetes.io/basic-auth',
  /** `tls.crt` and `tls.key`, for Ingress TLS. */
  TLS = 'kubernetes.io/tls',
  /** `.dockerconfigjson`, for pulling images from private registries. */
  DOCKER_CONFIG_JSON = 'kubernetes.io/dockerconfigjson',
  /** `ssh-privatekey`. */
  SSH_AUTH = 'kubernetes.io/ssh-auth',
}

const REQUIRED_KEYS: Readonly<Record<SecretType, readonly string[]>> = {
  [SecretType.OPAQUE]: [],
  [SecretType.BASIC_AUTH]: ['username', 'password'],
  [SecretType.TLS]: ['tls.crt', 'tls.key'],
  [SecretType.DOCKER_CONFIG_JSON]: ['.dockerconfigjson'],
  [SecretType.SSH_AUTH]: ['ssh-privatekey'],
};

/** Annotation listing the keys that hold development stand-in values. */
export const DEVELOPMENT_VALUES_ANNOTATION = 'shipshape.io/development-values';

/** A Secret that pods can use, defined here or existing in the cluster. */
export interface ISecret extends IConfigSource {
  readonly kind: 'Secret';
  /** The Secret's type, when known. */
  readonly type: SecretType | undefined;
}

/** Props of a Secret. */
export interface SecretProps extends ResourceProps {
  /**
   * The entries: key to where the value comes from.
   * @default - none; add more with `addValue()`
   */
  readonly data?: Readonly<Record<string, SecretValue>>;
  /**
   * The type; typed Secrets must hold the keys their type requires.
   * @default SecretType.OPAQUE
   */
  readonly type?: SecretType;
  /**
   * Make the Secret immutable.
   * @default false
   */
  readonly immutable?: boolean;
}

/** Options of `Secret.fromSecretName()`. */
export interface ExistingSecretOptions {
  /**
   * The keys the existing Secret is known to hold; references to other keys are then errors.
   * @default - unknown: any key is accepted
   */
  readonly keys?: readonly string[];
  /**
   * Its type, when it matters (an Ingress needs a TLS Secret).
   * @default - unknown
   */
  readonly type?: SecretType;
}

/** A Secret written by the app. */
export class Secret extends Resource implements ISecret {
  /** Refers to a Secret that exists only in the cluster (created by hand, an operator or a vault). */
  static fromSecretName(scope: Construct, name: string, options: ExistingSecretOptions = {}): ISecret {
    return {
      kind: 'Secret',
      name,
      external: true,
      type: options.type,
      keys: options.keys === undefined ? undefined : new Set(options.keys),
      path: `${scope.node.path}(existing Secret ${name})`,
      contentFingerprint: () => undefined,
    };
  }

  declare readonly kind: 'Secret';
  /** Always false: this Secret is written by the app. */
  readonly external = false;
  /** The Secret's type. */
  readonly type: SecretType;
  /** Whether it is immutable. */
  readonly immutable: boolean;
  readonly #values = new Map<string, SecretValue>();
  /** The keys that held development values when last resolved; undefined when none did. */
  #developmentKeys: string | undefined;

  constructor(scope: Construct, id: string, props: SecretProps = {}) {
    super(scope, id, { apiVersion: 'v1', kind: 'Secret', nameRule: NameRule.DNS_SUBDOMAIN, bodyKeys: ['data', 'type', 'immutable'] }, props);
    this.type = props.type ?? SecretType.OPAQUE;
    this.immutable = props.immutable ?? false;
    for (const [key, value] of Object.entries(props.data ?? {})) this.addValue(key, value);
    this.node.addValidation({ validate: () => this.#missingRequiredKeys() });
    // Lazy, so that the annotation reflects the latest synthesis and disappears once real values are set.
    this.apiObject.metadata.addAnnotation(DEVELOPMENT_VALUES_ANNOTATION, Lazy.any({ produce: () => this.#developmentKeys }) as string);
  }

  /** The construct path. */
  get path(): string {
    return this.node.path;
  }

  /** The keys it holds. */
  get keys(): ReadonlySet<string> {
    return new Set(this.#values.keys());
  }

  /** Adds an entry; a key can be added once. */
  addValue(key: string, value: SecretValue): void {
    const problem = dataKeyProblem(key);
    if (problem !== undefined) {
      this.fail(`data.${key}`, key, `key ${problem}`, 'Rename the key.');
    }
    if (this.#values.has(key)) {
      this.fail(`data.${key}`, key, 'key is already defined', 'Use each key once.');
    }
    this.#values.set(key, value);
  }

  /** A fingerprint of the values, for the configuration hash of pods using this Secret. */
  contentFingerprint(): unknown {
    return Object.fromEntries([...this.#resolve()].map(([key, value]) => [key, value.toString('base64')]));
  }

  protected renderBody(): Record<string, unknown> {
    const data: Record<string, string> = {};
    for (const [key, value] of this.#resolve()) data[key] = value.toString('base64');
    return { data: this.#values.size > 0 ? data : undefined, type: this.type, immutable: this.immutable ? true : undefined };
  }

  /** The values, read once per synthesis however many workloads fingerprint them (see #read). */
  #resolve(): ReadonlyMap<string, Buffer> {
    return oncePerRenderPass(this, () => this.#read());
  }

  /** Reads every value (at each synthesis, so that changed variables count); reports all missing ones together, naming only their sources. */
  #read(): Map<string, Buffer> {
    const allowDevelopment = AppChart.nearest(this)?.allowsDevelopmentSecrets ?? false;
    const resolved = new Map<string, Buffer>();
    const development: string[] = [];
    const missing: string[] = [];
    let fix = '';
    for (const [key, source] of this.#values) {
      const result = source.resolve(allowDevelopment);
      if (result.found) {
        resolved.set(key, Buffer.from(result.value));
        if (result.development) development.push(key);
      } else {
        missing.push(`${key} (${result.reason})`);
        fix = result.fix;
        // An empty stand-in keeps the key, so that references to it stay valid while other problems are found.
        resolved.set(key, Buffer.alloc(0));
      }
    }
    this.#developmentKeys = development.length > 0 ? development.sort().join(',') : undefined;
    if (missing.length > 0) {
      // Thrown outside synthesis; during synthesis kept with every other problem of the run (nothing is written
      // when a problem was found, so the stand-ins never reach a file).
      reportRenderProblem(
        new ValidationError({
          path: this.node.path,
          construct: 'Secret',
          field: 'data',
          value: undefined,
          problem: `no value for ${missing.join(', ')}`,
          fix: missing.length > 1 ? 'Set each variable or file named above, or reference an existing Secret with Secret.fromSecretName().' : fix,
        }),
      );
    }
    return resolved;
  }

  #missingRequiredKeys(): string[] {
    const missing = REQUIRED_KEYS[this.type].filter((key) => !this.#values.has(key));
    if (missing.length === 0) return [];
    return [
      `Secret '${this.node.path}': type: a ${this.type} Secret needs the keys ${missing.map((k) => `"${k}"`).join(', ')}, got ${JSON.stringify([...this.#values.keys()])}. Add them with addValue() or use SecretType.OPAQUE.`,
    ];
  }
}
