/** `--crd` and `--ignore-missing-schemas` on synth and validate: custom resources written as raw ApiObjects or YAML. */
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { main } from '../../src/cli/main';
import { captureIo } from '../validate/io-helpers';
import { runCli, tempDir, writeApp } from '../helpers/cli';

const CRDS = resolve(__dirname, '..', 'fixtures', 'crds');

const CERTIFICATE_APP = (spec: string) => `
const app = new s.App();
const chart = new s.AppChart(new s.Environment(app, 'prod'), 'shop');
new s.ApiObject(chart, 'Tls', { apiVersion: 'cert-manager.io/v1', kind: 'Certificate', metadata: { name: 'shop-tls' }, spec: ${spec} });
`;
const GOOD_SPEC = "{ secretName: 'shop-tls', issuerRef: { name: 'letsencrypt', kind: 'ClusterIssuer' } }";

describe('shipshape synth with custom resources that were not imported', () => {
  function project(body: string) {
    const dir = tempDir('synth-crd-');
    mkdirSync(join(dir, 'crds'));
    copyFileSync(join(CRDS, 'cert-manager.io_certificates.yaml'), join(dir, 'crds', 'certificates.yaml'));
    return { dir, app: writeApp(dir, body), dist: join(dir, 'dist') };
  }

  test('without a CRD, the error names the three ways to give one', () => {
    const { dir, app, dist } = project(CERTIFICATE_APP(GOOD_SPEC));
    const result = runCli(['synth', '--app', app, '-o', dist], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/schema\/missing/);
    expect(result.stderr).toMatch(/shipshape import/);
    expect(result.stderr).toMatch(/--crd/);
  });

  test('--crd <folder> validates them against the CRD, and --ignore-missing-schemas skips them', () => {
    const { dir, app, dist } = project(CERTIFICATE_APP(GOOD_SPEC));
    expect(runCli(['synth', '--app', app, '-o', dist, '--crd', 'crds'], { cwd: dir }).code).toBe(0);
    expect(runCli(['synth', '--app', app, '-o', dist, '--ignore-missing-schemas'], { cwd: dir }).code).toBe(0);
  });

  test('--crd refuses a custom resource that breaks the schema, naming the construct path and field', () => {
    const { dir, app, dist } = project(CERTIFICATE_APP("{ secretName: 'x', issuerRef: { name: 'y' }, renewBefore: 5 }"));
    const result = runCli(['synth', '--app', app, '-o', dist, '--crd', 'crds/certificates.yaml'], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/schema\/type/);
    expect(result.stderr).toMatch(/prod\/shop\/Tls/);
    expect(result.stderr).toMatch(/spec\.renewBefore/);
  });

  test('a --crd path that does not exist is a usage error', () => {
    const { dir, app, dist } = project(CERTIFICATE_APP(GOOD_SPEC));
    const result = runCli(['synth', '--app', app, '-o', dist, '--crd', 'nothing'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/cannot open nothing/);
  });
});

describe('shipshape validate --crd', () => {
  async function run(args: string[], cwd: string) {
    const capture = captureIo(cwd);
    const code = await main(['validate', ...args], capture.io);
    return { code, stdout: capture.stdout(), stderr: capture.stderr() };
  }

  test('checks custom resources against CRDs given with --crd or found among the files', async () => {
    const dir = tempDir('validate-crd-');
    const certificate = (extra: string) =>
      `apiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata:\n  name: tls\n  namespace: default\nspec:\n  secretName: tls\n  issuerRef:\n    name: ca\n${extra}`;
    writeFileSync(join(dir, 'good.yaml'), certificate(''));
    writeFileSync(join(dir, 'bad.yaml'), certificate('  privateKey:\n    algorithm: DSA\n'));
    expect((await run(['good.yaml'], dir)).code).toBe(1);
    expect((await run(['good.yaml', '--crd', CRDS], dir)).code).toBe(0);
    const bad = await run(['bad.yaml', '--crd', join(CRDS, 'cert-manager.io_certificates.yaml')], dir);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/ERROR schema\/enum: Certificate default\/tls/);
    expect(bad.stdout).toMatch(/spec\.privateKey\.algorithm = "DSA"/);
    expect((await run(['good.yaml', join(CRDS, 'cert-manager.io_certificates.yaml')], dir)).code).toBe(0);
  });
});
