import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiObject, App, Chart } from 'cdk8s';
import { runSynth } from '../../../src/cli/commands/synth';
import { main } from '../../../src/cli/main';
import { synthesize } from '../../../src/synth';
import { closeExactEngines, validateManifests, type KubernetesVersion } from '../../../src/validate';
import { captureIo } from '../io-helpers';
import { describeWithEngine, exactEngineBuilt } from './engine-available';

/** A StatefulSet with a typo inside its claim template, which only the exact engine sees (see exact-differences.ts). */
const statefulSet = {
  apiVersion: 'apps/v1',
  kind: 'StatefulSet',
  metadata: { name: 'db', namespace: 'shop' },
  spec: {
    serviceName: 'db',
    selector: { matchLabels: { app: 'db' } },
    template: { metadata: { labels: { app: 'db' } }, spec: { containers: [{ name: 'db', image: 'postgres:16.4' }] } },
    volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, storageClasName: 'fast' } }],
  },
};
const versions: KubernetesVersion[] = ['1.27', '1.36'].filter((version) => exactEngineBuilt(version as KubernetesVersion)) as KubernetesVersion[];

describeWithEngine('1.36')('validateManifests with exact: true', () => {
  afterAll(() => closeExactEngines());

  test('adds the server\'s own findings to the fast ones, as problems with rule id, field and fix', () => {
    const options = { kubernetesVersions: versions, references: false, policies: false };
    expect(validateManifests([{ object: statefulSet }], options).problems).toEqual([]);
    const report = validateManifests([{ object: statefulSet }], { ...options, exact: true });
    expect(report.resources[0]?.status).toBe('invalid');
    expect(report.problems).toEqual([
      expect.objectContaining({
        ruleId: 'exact/unknown-field',
        severity: 'error',
        fieldPath: 'spec.volumeClaimTemplates[0].spec.storageClasName',
        message: expect.stringMatching(/unknown field "spec\.volumeClaimTemplates\[0\]\.spec\.storageClasName"/),
        fix: expect.stringMatching(/Remove spec\.volumeClaimTemplates\[0\]\.spec\.storageClasName or correct its spelling/),
      }),
    ]);
    expect(report.problems[0]?.kubernetesVersions).toBeUndefined();
  });

  test('adds nothing at a field where the fast checks already found the error', () => {
    const negative = { ...statefulSet, spec: { ...statefulSet.spec, replicas: -1, volumeClaimTemplates: [] } };
    const report = validateManifests([{ object: negative }], { kubernetesVersions: versions, references: false, policies: false, exact: true });
    expect(report.problems.map((problem) => `${problem.ruleId} ${problem.fieldPath}`)).toEqual(['api/number-range spec.replicas']);
  });

  test('never prints a Secret value, not even one the server refuses', () => {
    const secretValue = 'hunter2-not-base64!';
    const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db', namespace: 'shop' }, type: 'kubernetes.io/tls', data: { 'tls.crt': secretValue } };
    const report = validateManifests([{ object: secret }], { kubernetesVersions: versions, references: false, policies: false, exact: true });
    expect(report.problems.some((problem) => problem.ruleId.startsWith('exact/'))).toBe(true);
    expect(JSON.stringify(report)).not.toContain('hunter2');
  });

  test('opens the engines again after closeExactEngines released them', () => {
    closeExactEngines();
    const report = validateManifests([{ object: statefulSet }], { kubernetesVersions: versions, references: false, policies: false, exact: true });
    expect(report.problems.map((problem) => problem.ruleId)).toEqual(['exact/unknown-field']);
  });

  test('reports the server\'s warnings as warnings, not errors', () => {
    const deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'shop' },
      spec: {
        selector: { matchLabels: { app: 'web' } },
        template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27.0', resources: { requests: { memory: '100m' } } }] } },
      },
    };
    const report = validateManifests([{ object: deployment }], { kubernetesVersions: ['1.36'], references: false, policies: false, exact: true });
    expect(report.resources[0]?.status).toBe('valid');
    expect(report.problems).toEqual([expect.objectContaining({ ruleId: 'exact/warning', severity: 'warning', message: expect.stringMatching(/fractional byte value "100m"/) })]);
  });

  test('synthesis with validation.exact fails on what only the server would refuse, and writes nothing', () => {
    const app = new App();
    const chart = new Chart(app, 'shop', { namespace: 'shop' });
    new ApiObject(chart, 'db', statefulSet);
    expect(() => synthesize(app, { validation: { kubernetesVersions: versions, policies: false, references: false } })).not.toThrow();
    expect(() => synthesize(app, { validation: { kubernetesVersions: versions, policies: false, references: false, exact: true } })).toThrow(/exact\/unknown-field[\s\S]*storageClasName/);
  });

  test('shipshape validate --exact refuses the file and names the rule; without --exact it passes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'exact-cli-'));
    try {
      const { writeFileSync } = await import('node:fs');
      writeFileSync(join(dir, 'db.yaml'), JSON.stringify(statefulSet));
      const run = async (args: string[]): Promise<{ code: number; stdout: string }> => {
        const capture = captureIo(dir);
        const code = await main(['validate', '--no-policies', '--no-references', ...args, 'db.yaml'], capture.io);
        return { code, stdout: capture.stdout() };
      };
      expect((await run([])).code).toBe(0);
      const exact = await run(['--exact']);
      expect(exact.code).toBe(1);
      expect(exact.stdout).toContain('ERROR exact/unknown-field: StatefulSet shop/db');
    } finally {
      rmSync(dir, { recursive: true });
    }
  });

  test('shipshape synth --exact synthesizes the reference charts through the engines of both versions', async () => {
    const output = mkdtempSync(join(tmpdir(), 'exact-synth-'));
    const saved = { ...process.env };
    for (const key of Object.keys(process.env)) if (key.startsWith('MONGO')) delete process.env[key];
    try {
      const capture = captureIo(join(__dirname, '..', '..', '..'));
      const summary = await runSynth({ app: 'charts/main.ts', output, exact: true, kubernetesVersions: versions }, capture.io);
      expect(summary.objectCount).toBeGreaterThan(10);
      expect(capture.stderr()).not.toMatch(/exact\//);
    } finally {
      Object.assign(process.env, saved);
      rmSync(output, { recursive: true, force: true });
    }
  });
});
