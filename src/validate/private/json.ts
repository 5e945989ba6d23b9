/** Defensive readers for manifest data, which may come from any YAML and have any shape. */

/** A JSON object as parsed from YAML. */
export type JsonRecord = Readonly<Record<string, unknown>>;

/** The value as an object, or `undefined` when it is not a plain object. */
export function asRecord(value: unknown): JsonRecord | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as JsonRecord) : undefined;
}

/** The value as an array, or an empty array when it is not one. */
export function asArray(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

/** The value when it is a string, otherwise `undefined`. */
export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

const EMPTY: Readonly<Record<string, string>> = Object.freeze({});

/** A map of strings (labels, selectors), ignoring entries whose values are not strings. */
export function asStringMap(value: unknown): Readonly<Record<string, string>> {
  const record = asRecord(value);
  if (record === undefined) return EMPTY;
  // Nearly every map is well-formed: share it rather than copy it (callers never mutate).
  let clean = true;
  for (const key in record) if (typeof record[key] !== 'string') clean = false;
  if (clean) return record as Readonly<Record<string, string>>;
  const result: Record<string, string> = {};
  for (const [key, entry] of Object.entries(record)) if (typeof entry === 'string') result[key] = entry;
  return result;
}

/** Appends a property to a field path the way a user writes it: `spec.ports`, `labels["app.kubernetes.io/name"]`. */
export function fieldAppend(path: string, key: string): string {
  if (/^[A-Za-z_$][\w$-]*$/.test(key)) return path === '' ? key : `${path}.${key}`;
  return `${path}[${JSON.stringify(key)}]`;
}

/** A field path under construction: property names and array indexes from the object's top, joined only to report. */
export type Segments = (string | number)[];

/** The field path of `segments`: `spec.template.spec.containers[0]`, `metadata.labels["app.kubernetes.io/name"]`. */
export function formatSegments(segments: Segments): string {
  let path = '';
  for (const segment of segments) path = typeof segment === 'number' ? `${path}[${segment}]` : fieldAppend(path, segment);
  return path;
}

/** Whether a value is a scalar that can be shown in a report. */
export function isScalar(value: unknown): value is string | number | boolean | null {
  return value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

/** A type with its readonly keys writable, for building a result key by key (keys in report order, no spreads). */
export type Writable<T> = { -readonly [K in keyof T]: T[K] };
