/**
 * Assertions on shipshape's errors: a user mistake must raise a ValidationError whose message names the
 * construct path, the field, the value received and a fix (STYLE.md, "Errors").
 */
import { ShipshapeError, ValidationError } from '../../src/errors';

/** What a ValidationError's message must say. */
export interface ExpectedProblem {
  /** What is wrong, matched against the message. */
  readonly problem: RegExp;
  /** The construct path, e.g. `app/shop/Web`. */
  readonly path: string;
  /** The field as the user wrote it, e.g. `replicas`. */
  readonly field: string;
  /** The value as the message renders it, e.g. `-1` or `"nginx"`. */
  readonly value: string;
  /** The fix the message suggests. */
  readonly fix: RegExp;
}

/** Runs `action`, which must throw a ValidationError saying all of `expected`; returns the error. */
export function expectValidationError(action: () => unknown, expected: ExpectedProblem): ValidationError {
  let thrown: unknown;
  try {
    action();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(ValidationError);
  const error = thrown as ValidationError;
  expect(error.message).toMatch(expected.problem);
  expect(error.path).toBe(expected.path);
  expect(error.field).toBe(expected.field);
  expect(error.message).toContain(`'${expected.path}': ${expected.field}: `);
  expect(error.message).toContain(`got ${expected.value}.`);
  expect(error.message).toMatch(expected.fix);
  return error;
}

/** Runs `action`, which must throw a ShipshapeError; returns its message. */
export function shipshapeErrorOf(action: () => unknown): ShipshapeError {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(ShipshapeError);
    return error as ShipshapeError;
  }
  throw new Error('expected a ShipshapeError, but nothing was thrown');
}
