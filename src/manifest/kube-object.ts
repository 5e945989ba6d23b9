/**
 * The plain-data shape of a Kubernetes object, shared by synthesis, validation and deployment.
 * It sits below every other layer so that none of them needs to import another's types.
 */

/** Object metadata as it appears in a manifest. */
export interface KubeObjectMetadata {
  readonly name?: string;
  readonly generateName?: string;
  readonly namespace?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
  readonly [key: string]: unknown;
}

/** One Kubernetes object as plain JSON data. */
export interface KubeObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: KubeObjectMetadata;
  readonly [key: string]: unknown;
}

/** A Kubernetes object together with where it came from, for error reports. */
export interface Manifest {
  /** The object itself. */
  readonly object: KubeObject;
  /** The construct path that produced it, when it came from a construct (e.g. `prod/shop/web`). */
  readonly constructPath?: string;
  /** The file it was read from or will be written to, relative to the working directory. */
  readonly file?: string;
  /** Its position among the documents of that file, counting from 0. */
  readonly documentIndex?: number;
  /** The line of the file its document starts on, counting from 1, when it was read from YAML. */
  readonly line?: number;
}
