/** What pods can read configuration from: ConfigMaps and Secrets, defined in the app or existing in the cluster. */

/** A ConfigMap or Secret a pod can use, by reference. */
export interface IConfigSource {
  /** `ConfigMap` or `Secret`. */
  readonly kind: 'ConfigMap' | 'Secret';
  /** The object's name. */
  readonly name: string;
  /** True when the object exists only in the cluster and is not written by this app. */
  readonly external: boolean;
  /** The keys it holds, when known at construction; undefined when unknown (external objects). */
  readonly keys: ReadonlySet<string> | undefined;
  /** The construct path, for messages. */
  readonly path: string;
  /**
   * A value that changes whenever the content changes, for the pod template's configuration hash;
   * undefined when the content is not known (external objects).
   */
  contentFingerprint(): unknown;
}

/** Keys of ConfigMaps and Secrets: letters, digits, `-`, `_` and `.`, at most 253 characters. */
export function dataKeyProblem(key: string): string | undefined {
  if (key.length === 0 || key.length > 253) return 'must be 1 to 253 characters';
  if (!/^[-._a-zA-Z0-9]+$/.test(key)) return 'may only contain letters, digits, "-", "_" and "."';
  if (key === '.' || key === '..') return 'must not be "." or ".."';
  return undefined;
}
