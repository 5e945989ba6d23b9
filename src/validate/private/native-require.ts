/**
 * Node's own `require`, for the schema validators of kubernetes-models 5, which are ES modules.
 * Node ≥ 20.19 can `require()` ES modules synchronously, which keeps `validateManifests` synchronous;
 * test runners such as jest replace `require` and `createRequire` with loaders that cannot, so we
 * take `createRequire` from `process.getBuiltinModule`, which they leave alone.
 */
import * as nodeModule from 'node:module';

const builtin = (process as { getBuiltinModule?: (id: string) => unknown }).getBuiltinModule?.('node:module') as
  | typeof nodeModule
  | undefined;

/** A `require` that loads CommonJS and ES modules natively, bypassing test-runner module registries. */
export const nativeRequire: NodeJS.Require = (builtin ?? nodeModule).createRequire(__filename);
