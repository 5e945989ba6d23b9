/**
 * shipshape's errors are recognised across copies of the library: an app may build its charts with its own
 * install of shipshape (another copy of the package than the command line's), whose error classes fail
 * `instanceof` in the command line. Tested with copies of the compiled library (build first: npm run build).
 */
import { copyFileSync, existsSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { inspect } from 'node:util';
import * as source from '../src/errors';
import { REPO, runMain, tempDir } from './helpers/cli';

const COMPILED_ERRORS = join(REPO, 'lib', 'src', 'errors.js');

/** A copy of the compiled errors module in a folder of its own, loaded as a separate module. */
function copyOfCompiledErrors(): { module: typeof source; file: string } {
  if (!existsSync(COMPILED_ERRORS)) throw new Error(`${COMPILED_ERRORS} is missing: run npm run build first`);
  const file = join(tempDir('shipshape-errors-copy-'), 'errors.js');
  copyFileSync(COMPILED_ERRORS, file);
  // Loaded by file name, as another install's module would be.
  return { module: createRequire(file)(file) as typeof source, file };
}

const DETAILS = { path: 'dev/shop/Web', construct: 'Deployment', field: 'replicas', value: -1, problem: 'must be >= 0', fix: 'Set replicas to 0 or more.' };

describe('isShipshapeError', () => {
  test('recognises the errors of another copy of the library, which instanceof does not', () => {
    const first = copyOfCompiledErrors().module;
    const second = copyOfCompiledErrors().module;
    expect(first.ShipshapeError).not.toBe(second.ShipshapeError);
    const errors = [new second.ValidationError(DETAILS), new second.ShipshapeError('plain'), new second.AggregateValidationError([new second.ValidationError(DETAILS)])];
    for (const error of errors) {
      expect(error instanceof first.ShipshapeError).toBe(false);
      expect(first.isShipshapeError(error)).toBe(true);
      expect(source.isShipshapeError(error)).toBe(true);
    }
    expect(first.isShipshapeError(new first.ValidationError(DETAILS))).toBe(true);
  });

  test('the brand is not enumerable: it is neither copied by a spread nor shown when the error is printed', () => {
    const error = new source.ValidationError(DETAILS);
    expect(Object.getOwnPropertySymbols(error)).toEqual([Symbol.for('shipshape.error')]);
    expect(Object.keys(error)).toEqual(['name', 'path', 'field']);
    expect(inspect(error)).not.toContain('shipshape.error');
    expect(source.isShipshapeError({ ...error })).toBe(false);
  });

  test('does not take a plain error for one of its own, even one named ShipshapeError', () => {
    const named = new Error('x');
    named.name = 'ShipshapeError';
    for (const value of [new Error('x'), new TypeError('x'), named, { message: 'x' }, 'ShipshapeError', null, undefined]) {
      expect(source.isShipshapeError(value)).toBe(false);
    }
  });

  test('recognises a copy older than the brand by the name of its base class', () => {
    class ShipshapeError extends Error {}
    class ValidationError extends ShipshapeError {}
    expect(source.isShipshapeError(new ValidationError('x'))).toBe(true);
  });
});

describe('the command line and an app with its own copy of shipshape', () => {
  /** An app entry that throws a ValidationError of a copy of the compiled library, as a construct of that copy would. */
  const appThrowingFromCopy = (): { dir: string; message: string } => {
    const { module, file } = copyOfCompiledErrors();
    const dir = tempDir('shipshape-foreign-app-');
    writeFileSync(
      join(dir, 'app.js'),
      `const { ValidationError } = require(${JSON.stringify(file)});\n` +
        `exports.buildApp = () => { throw new ValidationError(${JSON.stringify(DETAILS)}); };\n`,
    );
    return { dir, message: new module.ValidationError(DETAILS).message };
  };

  test('synth prints the error as its own: the message alone, exit 1', async () => {
    const { dir, message } = appThrowingFromCopy();
    const result = await runMain(['synth', '--app', 'app.js', '--output', 'dist'], { cwd: dir });
    expect(result.stderr).toBe(`${message}\n`);
    expect(result.code).toBe(1);
  });

  test('apply reports it as a chart error, without the stack trace of a bug', async () => {
    const { dir, message } = appThrowingFromCopy();
    const result = await runMain(['apply', '--app', 'app.js', '--output', 'dist'], { cwd: dir });
    expect(result.stderr).toBe(`shipshape apply: ${message}\n`);
    expect(result.code).toBe(2);
  });
});
