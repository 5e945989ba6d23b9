import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../src/cli/main';
import { ExactEngineError, validateManifests } from '../../../src/validate';
import { captureIo } from '../io-helpers';

// Without the built engine (no Go on the machine), everything else works and --exact says what is missing.
describe('without a built exact engine', () => {
  const empty = mkdtempSync(join(tmpdir(), 'no-exact-engine-'));
  const saved = process.env.SHIPSHAPE_EXACT_ENGINE_DIR;
  beforeAll(() => {
    process.env.SHIPSHAPE_EXACT_ENGINE_DIR = empty;
    writeFileSync(join(empty, 'web.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: web, namespace: shop}\ndata: {a: b}\n');
  });
  afterAll(() => {
    if (saved === undefined) delete process.env.SHIPSHAPE_EXACT_ENGINE_DIR;
    else process.env.SHIPSHAPE_EXACT_ENGINE_DIR = saved;
    rmSync(empty, { recursive: true });
  });

  test('validation without exact still works', () => {
    const report = validateManifests([{ object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'web' }, data: {} } }], { references: false, policies: false });
    expect(report.problems).toEqual([]);
  });

  test('validateManifests with exact throws an ExactEngineError that says what is missing and how to build it', () => {
    const run = (): unknown => validateManifests([{ object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'web' } } }], { kubernetesVersions: ['1.36'], exact: true });
    expect(run).toThrow(ExactEngineError);
    expect(run).toThrow(/the exact engine for Kubernetes 1\.36 is not built: .*kubernetes-1\.36\.wasm\.br is missing.*bash src\/validate\/exact\/engine\/build\.sh/);
  });

  test('shipshape validate --exact exits 1 with that message, and without --exact exits 0', async () => {
    const plain = captureIo(empty);
    expect(await main(['validate', '--no-references', 'web.yaml'], plain.io)).toBe(0);
    const exact = captureIo(empty);
    expect(await main(['validate', '--exact', '--no-references', 'web.yaml'], exact.io)).toBe(1);
    expect(exact.stderr()).toMatch(/shipshape validate: the exact engine for Kubernetes 1\.(27|36) is not built.*build\.sh/);
  });
});
