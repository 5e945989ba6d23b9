/** The reference charts pass the API server's own validation (the exact engine) for both target versions. */
import { buildApp } from '../../charts/main';
import { synthesize } from '../../src/synth';
import { exactEngineBuilt } from '../validate/exact/engine-available';

const versions = (['1.27', '1.36'] as const).filter((version) => exactEngineBuilt(version));

(versions.length === 2 ? describe : describe.skip)('the reference charts with --exact', () => {
  test('synthesize with exact validation on 1.27 and 1.36 without an error, and the server warns of nothing', () => {
    const saved = { ...process.env };
    for (const key of Object.keys(process.env)) if (key.startsWith('MONGO')) delete process.env[key];
    try {
      const result = synthesize(buildApp(), { validation: { kubernetesVersions: [...versions], exact: true } });
      expect(result.manifests.length).toBeGreaterThan(10);
      expect(result.report?.problems.filter((problem) => problem.ruleId.startsWith('exact/'))).toEqual([]);
    } finally {
      Object.assign(process.env, saved);
    }
  });
});
