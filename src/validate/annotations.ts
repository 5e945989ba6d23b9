/**
 * Annotations that tell validation what it cannot know from the manifests alone: objects that exist
 * only in the cluster, and checks switched off on purpose. Construct code writes them with the helpers.
 */
import { AnnotationValueError } from './errors';
import { Remembered } from './private/remembered';

/**
 * On the object that makes references: `Kind/name` items (comma-separated) that exist outside the
 * output, e.g. `Secret/mongo-root, ConfigMap/ca-bundle`. `Kind/*` accepts every name of that kind.
 */
export const EXTERNAL_REFERENCES_ANNOTATION = 'validate.shipshape.io/external';

/** On any namespaced object: `"true"` when its namespace already exists in the cluster. */
export const NAMESPACE_EXISTS_ANNOTATION = 'validate.shipshape.io/namespace-exists';

/** On any object: checks to skip with a reason, `"check-id: reason; check-id: reason"`. */
export const SKIP_CHECKS_ANNOTATION = 'validate.shipshape.io/skip';

/** One object that exists outside the output, as `kind` and `name` (`*` for any name). */
export interface ExternalReference {
  readonly kind: string;
  readonly name: string;
}

/** Builds the value of `EXTERNAL_REFERENCES_ANNOTATION`, e.g. `externalReferences({ kind: 'Secret', name: 'mongo-root' })`. */
export function externalReferences(...references: readonly ExternalReference[]): string {
  return references
    .map(({ kind, name }) => {
      if (!/^[A-Za-z][A-Za-z0-9]*$/.test(kind) || name.length === 0 || /[\s,/]/.test(name)) {
        throw new AnnotationValueError(
          `external reference: kind must be a Kubernetes kind and name a plain object name, got ${JSON.stringify(`${kind}/${name}`)}. Write e.g. { kind: 'Secret', name: 'mongo-root' }.`,
        );
      }
      return `${kind}/${name}`;
    })
    .join(', ');
}

/** Builds the value of `SKIP_CHECKS_ANNOTATION` from check ids mapped to the reason each is skipped. */
export function skipChecks(reasons: Readonly<Record<string, string>>): string {
  return Object.entries(reasons)
    .map(([id, reason]) => {
      if (!/^[a-z0-9-]+\/[a-z0-9-]+$/.test(id) || reason.trim().length === 0 || reason.includes(';')) {
        throw new AnnotationValueError(
          `skip checks: '${id}' needs a check id like 'policy/latest-tag' and a non-empty reason without ';', got ${JSON.stringify(reason)}.`,
        );
      }
      return `${id}: ${reason.trim()}`;
    })
    .join('; ');
}

const NO_REFERENCES: ReadonlySet<string> = new Set();

/** Reads `EXTERNAL_REFERENCES_ANNOTATION` into `Kind/name` keys; malformed items are ignored. */
export function parseExternalReferences(value: string | undefined): ReadonlySet<string> {
  if (value === undefined) return NO_REFERENCES;
  const keys = new Set<string>();
  for (const item of value.split(',')) {
    const trimmed = item.trim();
    if (/^[A-Za-z][A-Za-z0-9]*\/\S+$/.test(trimmed)) keys.add(trimmed);
  }
  return keys;
}

/** The checks an object skips, with reasons, and the items of its annotation that give no reason. */
export interface SkipChecks {
  readonly skipped: ReadonlyMap<string, string>;
  readonly withoutReason: readonly string[];
}

const NO_SKIPS: SkipChecks = { skipped: new Map(), withoutReason: [] };

/** Parsed skip annotations by text, bounded so that a huge app cannot grow it without end. */
const parsedSkips = new Remembered<SkipChecks>(1024);
const MAX_REMEMBERED_SKIP_TEXT = 4096;

/** Reads `SKIP_CHECKS_ANNOTATION` into check ids with reasons, and the items that have no reason. */
export function parseSkipChecks(value: string | undefined): SkipChecks {
  // Nearly every object skips nothing, and those that skip mostly carry the same text (set per chart): they share answers.
  if (value === undefined) return NO_SKIPS;
  if (value.length > MAX_REMEMBERED_SKIP_TEXT) return readSkipChecks(value);
  return parsedSkips.get(value, readSkipChecks);
}

function readSkipChecks(value: string): SkipChecks {
  const skipped = new Map<string, string>();
  const withoutReason: string[] = [];
  for (const item of value.split(';')) {
    const trimmed = item.trim();
    if (trimmed.length === 0) continue;
    const colon = trimmed.indexOf(':');
    const id = (colon < 0 ? trimmed : trimmed.slice(0, colon)).trim();
    const reason = colon < 0 ? '' : trimmed.slice(colon + 1).trim();
    if (reason.length === 0) withoutReason.push(id);
    else skipped.set(id, reason);
  }
  return { skipped, withoutReason };
}
