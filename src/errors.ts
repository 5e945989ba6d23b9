/**
 * Errors that shipshape raises for user mistakes. Every message names where the mistake is
 * (construct path or file), the field, the value received and how to fix it.
 */

/**
 * The brand of shipshape's errors. `Symbol.for` gives every copy of the library the same symbol, so an error
 * thrown by an app's own shipshape install (another copy of the package than the command line's, for which
 * `instanceof` fails) is still recognised.
 */
const SHIPSHAPE_ERROR_BRAND = Symbol.for('shipshape.error');

/** Base class of every error shipshape throws on purpose; anything else is a bug. */
export class ShipshapeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
    Object.defineProperty(this, SHIPSHAPE_ERROR_BRAND, { value: true });
  }
}

/**
 * Whether `error` is one of shipshape's own errors, from this copy of the library or any other (an app's own
 * install): those already name the construct, field and fix. Copies older than the brand are recognised by
 * the name of their base class.
 */
export function isShipshapeError(error: unknown): error is ShipshapeError {
  if (error instanceof ShipshapeError) return true;
  if (typeof error !== 'object' || error === null) return false;
  if ((error as Record<symbol, unknown>)[SHIPSHAPE_ERROR_BRAND] === true) return true;
  for (let proto: unknown = Object.getPrototypeOf(error); proto !== null && proto !== undefined; proto = Object.getPrototypeOf(proto)) {
    if ((proto as { constructor?: { name?: string } }).constructor?.name === 'ShipshapeError') return true;
  }
  return false;
}

/** Where a mistake was made and what to do about it. */
export interface ProblemDetails {
  /** The construct path, e.g. `prod/shop/web`, when the mistake is in a construct. */
  readonly path: string;
  /** The field as the user wrote it, e.g. `replicas` or `ports[0].number`. */
  readonly field: string;
  /** The value received, already redacted when it may be secret. */
  readonly value: unknown;
  /** What is allowed and how to fix it. */
  readonly fix: string;
  /** What kind of construct it is, e.g. `Deployment`. */
  readonly construct?: string;
  /** Why the value is wrong; defaults to "invalid value". */
  readonly problem?: string;
}

/** A user mistake in construct props or chart composition, raised as early as it can be known. */
export class ValidationError extends ShipshapeError {
  /** The construct path the mistake belongs to. */
  readonly path: string;
  /** The field as the user wrote it. */
  readonly field: string;

  constructor(details: ProblemDetails) {
    super(formatProblem(details));
    this.path = details.path;
    this.field = details.field;
  }
}

/** Several mistakes found together, reported at once rather than one per run. */
export class AggregateValidationError extends ShipshapeError {
  /** The individual mistakes, in the order they were found. */
  readonly errors: readonly ShipshapeError[];

  constructor(errors: readonly ShipshapeError[]) {
    const count = errors.length === 1 ? '1 problem' : `${errors.length} problems`;
    super(`${count} found:\n` + errors.map((error) => `  - ${error.message.replace(/\n/g, '\n    ')}`).join('\n'));
    this.errors = errors;
  }
}

/** Renders a value for a message: short, quoted, and never multi-line. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = typeof value === 'string' ? JSON.stringify(value) : safeStringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function safeStringify(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

function formatProblem(details: ProblemDetails): string {
  const who = details.construct ? `${details.construct} '${details.path}'` : `'${details.path}'`;
  const problem = details.problem ?? 'invalid value';
  return `${who}: ${details.field}: ${problem}, got ${describeValue(details.value)}. ${details.fix}`;
}
