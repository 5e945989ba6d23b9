import { exactEngineBuild, type ExactEngineVersion } from '../../../src/validate';

/**
 * Whether a version's exact engine is built. On CI (and wherever SHIPSHAPE_REQUIRE_EXACT is set) a missing
 * engine fails the suite instead of skipping it: CI builds it before the tests (.ci/run, npm pretest).
 */
export function exactEngineBuilt(version: ExactEngineVersion): boolean {
  const built = exactEngineBuild(version) !== undefined;
  if (!built && (process.env.CI !== undefined || process.env.SHIPSHAPE_REQUIRE_EXACT !== undefined)) {
    throw new Error(`the exact engine for Kubernetes ${version} is not built; run bash src/validate/exact/engine/build.sh`);
  }
  return built;
}

/** `describe` when the engine is built, `describe.skip` (with a note) when it is not. */
export function describeWithEngine(version: ExactEngineVersion): jest.Describe {
  if (exactEngineBuilt(version)) return describe;
  process.stderr.write(`exact engine ${version} not built: its tests are skipped (bash src/validate/exact/engine/build.sh)\n`);
  return describe.skip;
}
