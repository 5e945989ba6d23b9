/**
 * Node's own `require`, for the schema validators (installed or generated, megabytes of compiled code):
 * loaded once per process rather than once per test file, and able to load ES modules, which Node ≥ 20.19
 * `require()`s synchronously. Test runners such as jest replace `require` and `createRequire` with
 * loaders that cannot, so we take `createRequire` from `process.getBuiltinModule`, which they leave alone.
 */
import * as nodeModule from 'node:module';

const builtin = (process as { getBuiltinModule?: (id: string) => unknown }).getBuiltinModule?.('node:module') as
  | typeof nodeModule
  | undefined;

/** A `require` that loads CommonJS and ES modules natively, bypassing test-runner module registries. */
export const nativeRequire: NodeJS.Require = (builtin ?? nodeModule).createRequire(__filename);
