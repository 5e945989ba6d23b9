/** A ConfigMap: configuration kept outside the image, as literal values or file contents. */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { Construct } from 'constructs';
import { ValidationError } from '../../errors';
import { dataKeyProblem, IConfigSource } from '../private/config-source';
import { NameRule } from '../private/names';
import { Resource, ResourceProps } from '../app/resource';

/** The API server refuses ConfigMaps larger than this. */
const MAX_TOTAL_BYTES = 1024 * 1024;

/** A ConfigMap that pods can use, defined here or existing in the cluster. */
export interface IConfigMap extends IConfigSource {
  readonly kind: 'ConfigMap';
}

/** Props of a ConfigMap. */
export interface ConfigMapProps extends ResourceProps {
  /**
   * Literal entries, key to text.
   * @default - none; add more with `addData()` and `addFile()`
   */
  readonly data?: Readonly<Record<string, string>>;
  /**
   * Make the ConfigMap immutable: the API server rejects changes, and kubelets stop watching it. Pods roll
   * onto a new version through the configuration hash.
   * @default false
   */
  readonly immutable?: boolean;
}

/** Options of `ConfigMap.addFile()`. */
export interface AddFileOptions {
  /**
   * The key the file is stored under.
   * @default - the file's base name
   */
  readonly key?: string;
}

/** A ConfigMap. Text goes to `data`; files that are not UTF-8 text go to `binaryData`. */
export class ConfigMap extends Resource implements IConfigMap {
  /** Refers to a ConfigMap that exists in the cluster and is not written by this app. */
  static fromConfigMapName(scope: Construct, name: string, keys?: readonly string[]): IConfigMap {
    return {
      kind: 'ConfigMap',
      name,
      external: true,
      keys: keys === undefined ? undefined : new Set(keys),
      path: `${scope.node.path}(existing ConfigMap ${name})`,
      contentFingerprint: () => undefined,
    };
  }

  declare readonly kind: 'ConfigMap';
  /** Always false: this ConfigMap is written by the app. */
  readonly external = false;
  /** Whether the ConfigMap is immutable. */
  readonly immutable: boolean;
  readonly #data = new Map<string, string>();
  readonly #binaryData = new Map<string, Buffer>();

  constructor(scope: Construct, id: string, props: ConfigMapProps = {}) {
    super(scope, id, { apiVersion: 'v1', kind: 'ConfigMap', nameRule: NameRule.DNS_SUBDOMAIN, bodyKeys: ['data', 'binaryData', 'immutable'] }, props);
    this.immutable = props.immutable ?? false;
    for (const [key, value] of Object.entries(props.data ?? {})) this.addData(key, value);
  }

  /** The construct path. */
  get path(): string {
    return this.node.path;
  }

  /** The keys held so far. */
  get keys(): ReadonlySet<string> {
    return new Set([...this.#data.keys(), ...this.#binaryData.keys()]);
  }

  /** Adds a literal entry; a key can be added once. */
  addData(key: string, value: string): void {
    this.#checkNewKey(key, `data.${key}`);
    this.#checkSize(key.length + Buffer.byteLength(value));
    this.#data.set(key, value);
  }

  /** Adds the content of a local file, read now (at synthesis time of the app). */
  addFile(localPath: string, options: AddFileOptions = {}): void {
    const key = options.key ?? basename(localPath);
    let content: Buffer;
    try {
      content = readFileSync(localPath);
    } catch (error) {
      throw new ValidationError({
        path: this.node.path,
        construct: 'ConfigMap',
        field: `addFile(${JSON.stringify(localPath)})`,
        value: localPath,
        problem: `cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
        fix: 'Check the path; relative paths are resolved from the directory synth runs in.',
      });
    }
    this.#checkNewKey(key, `addFile(${JSON.stringify(localPath)}).key`);
    const text = content.toString('utf8');
    this.#checkSize(key.length + content.length);
    if (Buffer.from(text, 'utf8').equals(content)) this.#data.set(key, text);
    else this.#binaryData.set(key, content);
  }

  /** Entries and their content, for the configuration hash of pods using this ConfigMap. */
  contentFingerprint(): unknown {
    return {
      data: Object.fromEntries(this.#data),
      binaryData: Object.fromEntries([...this.#binaryData].map(([key, value]) => [key, value.toString('base64')])),
    };
  }

  protected renderBody(): Record<string, unknown> {
    const data = this.#data.size > 0 ? Object.fromEntries(this.#data) : undefined;
    const binaryData =
      this.#binaryData.size > 0
        ? Object.fromEntries([...this.#binaryData].map(([key, value]) => [key, value.toString('base64')]))
        : undefined;
    return { data, binaryData, immutable: this.immutable ? true : undefined };
  }

  #checkNewKey(key: string, field: string): void {
    const problem = dataKeyProblem(key);
    if (problem !== undefined) {
      this.fail(field, key, `key ${problem}`, 'Rename the key, e.g. "app.properties".');
    }
    if (this.#data.has(key) || this.#binaryData.has(key)) {
      this.fail(field, key, 'key is already defined', 'Use each key once.');
    }
  }

  /** Refuses an entry of `added` bytes that would take the ConfigMap over the limit; nothing is stored then. */
  #checkSize(added: number): void {
    let total = added;
    for (const [key, value] of this.#data) total += key.length + Buffer.byteLength(value);
    for (const [key, value] of this.#binaryData) total += key.length + value.length;
    if (total > MAX_TOTAL_BYTES) {
      throw new ValidationError({
        path: this.node.path,
        construct: 'ConfigMap',
        field: 'data',
        value: `${total} bytes`,
        problem: 'is larger than the 1 MiB the API server accepts',
        fix: 'Split the data over several ConfigMaps or mount a volume instead.',
      });
    }
  }
}
