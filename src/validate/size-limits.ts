/**
 * Size limits the API server enforces in its validation code, which no schema states. Each was read
 * from the Kubernetes sources:
 * - ConfigMap: the values of `data` and `binaryData` together at most `MaxSecretSize`, 1 MiB
 *   (`pkg/apis/core/types.go`, enforced in `ValidateConfigMap`, `pkg/apis/core/validation/validation.go`);
 * - Secret: the decoded values of `data` (with `stringData` merged in) at most 1 MiB (`ValidateSecret`);
 * - every object: annotation keys and values together at most 256 KiB (`TotalAnnotationSizeLimitB`,
 *   `k8s.io/apimachinery/pkg/api/validation/objectmeta.go`).
 * Sizes are in bytes as Go's `len` counts them: UTF-8 for strings, decoded bytes for base64.
 */
import type { Finding } from './private/collector';
import { asRecord, type JsonRecord } from './private/json';
import type { ObjectEntry } from './private/object-entry';

/** The largest ConfigMap or Secret payload the API server accepts, in bytes. */
export const MAX_CONFIG_DATA_BYTES = 1024 * 1024;
/** The largest total size of an object's annotations (keys and values) the API server accepts, in bytes. */
export const MAX_ANNOTATION_BYTES = 256 * 1024;

/** Runs the size checks on one object. */
export function checkSizeLimits(entry: ObjectEntry, report: (finding: Finding) => void): void {
  const metadata = asRecord(entry.object.metadata);
  const annotations = asRecord(metadata?.annotations);
  if (annotations !== undefined) {
    let size = 0;
    for (const key in annotations) {
      const value = annotations[key];
      size += utf8Length(key) + (typeof value === 'string' ? utf8Length(value) : 0);
    }
    if (size > MAX_ANNOTATION_BYTES) {
      report({
        ruleId: 'api/annotations-too-large',
        severity: 'error',
        fieldPath: 'metadata.annotations',
        message: `the annotations take ${describeBytes(size)}, more than the API server's limit of ${describeBytes(MAX_ANNOTATION_BYTES)} (keys and values together)`,
        fix: 'Move large content out of annotations, e.g. into a ConfigMap.',
      });
    }
  }
  if (entry.ref.kind === 'ConfigMap' && entry.ref.apiVersion === 'v1') {
    const size = stringBytes(entry.object.data) + base64Bytes(entry.object.binaryData);
    if (size > MAX_CONFIG_DATA_BYTES) {
      report({
        ruleId: 'api/configmap-too-large',
        severity: 'error',
        fieldPath: 'data',
        message: `data and binaryData hold ${describeBytes(size)}, more than the API server's limit of ${describeBytes(MAX_CONFIG_DATA_BYTES)}`,
        fix: 'Split the ConfigMap into several, or mount large files from a volume or image instead.',
      });
    }
  }
  if (entry.ref.kind === 'Secret' && entry.ref.apiVersion === 'v1') {
    // stringData replaces data keys of the same name on the server.
    const stringData = asRecord(entry.object.stringData) ?? {};
    const size = base64Bytes(entry.object.data, stringData) + stringBytes(stringData);
    if (size > MAX_CONFIG_DATA_BYTES) {
      report({
        ruleId: 'api/secret-too-large',
        severity: 'error',
        fieldPath: 'data',
        message: `the Secret holds ${describeBytes(size)}, more than the API server's limit of ${describeBytes(MAX_CONFIG_DATA_BYTES)}`,
        fix: 'Split the Secret into several, or keep large material outside Kubernetes Secrets.',
      });
    }
  }
}

function utf8Length(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

function stringBytes(values: unknown): number {
  const record = asRecord(values);
  let size = 0;
  for (const key in record) {
    const value = record[key];
    if (typeof value === 'string') size += utf8Length(value);
  }
  return size;
}

/** Decoded length of base64 values (the schema check reports values that are not base64), but for keys `replaced` has. */
function base64Bytes(values: unknown, replaced?: JsonRecord): number {
  const record = asRecord(values);
  let size = 0;
  for (const key in record) {
    const value = record[key];
    if (typeof value !== 'string' || (replaced !== undefined && key in replaced)) continue;
    const clean = /\s/.test(value) ? value.replace(/\s+/g, '') : value;
    const padding = clean.endsWith('==') ? 2 : clean.endsWith('=') ? 1 : 0;
    size += Math.max(0, Math.floor((clean.length * 3) / 4) - padding);
  }
  return size;
}

function describeBytes(bytes: number): string {
  if (bytes % 1024 === 0 && bytes >= 1024 * 1024) return `${bytes / (1024 * 1024)} MiB (${bytes} bytes)`;
  if (bytes % 1024 === 0) return `${bytes / 1024} KiB (${bytes} bytes)`;
  return `${bytes} bytes`;
}
