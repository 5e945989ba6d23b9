/** Keeps secret values out of reports: what a report shows may end up in CI logs. */
import { isScalar } from './json';

/** What a report shows instead of a value that may be secret. */
export const REDACTED = '<redacted>';

/** Names of environment variables and keys that usually hold credentials. */
export const SECRET_LOOKING_NAME = /pass(word|wd)?|secret|token|api[-_]?key|private[-_]?key|credential|auth|access[-_]?key/i;

/**
 * The value a report may show for a field: scalars only (objects could hide a secret anywhere), and
 * `<redacted>` for Secret data and for env literals, which the policy checks flag when they look secret.
 */
export function reportableValue(kind: string, fieldPath: string | undefined, value: unknown): unknown {
  if (value === undefined || !isScalar(value)) return undefined;
  if (fieldPath === undefined) return value;
  if (kind === 'Secret' && /^(data|stringData)\b/.test(fieldPath)) return REDACTED;
  if (/\benv\[\d+\]\.value$/.test(fieldPath)) return REDACTED;
  return typeof value === 'string' && value.length > 200 ? `${value.slice(0, 197)}...` : value;
}
