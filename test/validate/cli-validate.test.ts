import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main';
import { captureIo } from './io-helpers';

// Tests of `shipshape validate` (src/cli/commands/validate.ts), kept with the validation tests they share a corpus with.
const CORPUS = join(__dirname, 'corpus');
const SUMMARY = /^(\d+) resources? found in (\d+) files? - Valid: (\d+), Invalid: (\d+), Errors: (\d+), Skipped: (\d+)$/m;

async function run(args: string[], cwd = CORPUS, stdin = ''): Promise<{ code: number; stdout: string; stderr: string }> {
  const capture = captureIo(cwd, stdin);
  const code = await main(['validate', ...args], capture.io);
  return { code, stdout: capture.stdout(), stderr: capture.stderr() };
}

describe('shipshape validate', () => {
  test('exits 0 with a kubeconform-style summary when every resource is valid', async () => {
    const result = await run(['valid/shop.yaml']);
    expect(result.code).toBe(0);
    expect(SUMMARY.exec(result.stdout)?.slice(1)).toEqual(['12', '1', '12', '0', '0', '0']);
  });

  test('exits 1 and names file, document, object, field and fix of each problem', async () => {
    const result = await run(['broken/ref-missing-secret.yaml']);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('ERROR reference/missing-secret: Deployment web');
    expect(result.stdout).toContain('file:      broken/ref-missing-secret.yaml, document 1');
    expect(result.stdout).toContain('field:     spec.template.spec.containers[0].env[0].valueFrom.secretKeyRef.name = "db"');
    expect(result.stdout).toMatch(/fix: {7}Add the Secret/);
    expect(SUMMARY.exec(result.stdout)?.slice(1)).toEqual(['1', '1', '0', '1', '0', '0']);
  });

  test('searches folders recursively and reports every problem of every file, not just the first', async () => {
    const result = await run(['broken', '--output', 'json']);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout);
    const files = new Set(report.resources.map((resource: { file: string }) => resource.file));
    expect(files.size).toBeGreaterThanOrEqual(40);
    expect(report.summary.files).toBe(files.size);
  });

  test('reads standard input for -', async () => {
    const text = readFileSync(join(CORPUS, 'valid', 'shop.yaml'), 'utf8');
    const result = await run(['-'], CORPUS, text);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^12 resources found in 1 file - Valid: 12/m);
  });

  test('writes JUnit XML with one failing test case per invalid resource', async () => {
    const result = await run(['broken/policy-latest-tag.yaml', 'valid/shop.yaml', '-o', 'junit']);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^<\?xml version="1.0"/);
    expect(result.stdout).toContain('<testsuites name="shipshape validate" tests="13" failures="1" errors="0" skipped="0">');
    expect(result.stdout.match(/<failure type="policy\/image-tag"/g)).toHaveLength(1);
  });

  test('writes TAP with a not ok line per invalid resource', async () => {
    const result = await run(['broken/api-name-uppercase.yaml', '-o', 'tap']);
    expect(result.stdout.split('\n').slice(0, 3)).toEqual(['TAP version 13', '1..1', 'not ok 1 - broken/api-name-uppercase.yaml, document 1, line 3 - Deployment Web']);
    expect(result.stdout).toContain('rule: "api/name"');
  });

  test('reports unknown kinds as errors, or skips them with --ignore-missing-schemas', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'validate-cli-'));
    writeFileSync(join(dir, 'crd.yaml'), 'apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n');
    const strict = await run(['crd.yaml'], dir);
    expect(strict.code).toBe(1);
    expect(strict.stdout).toMatch(/Errors: 1, Skipped: 0$/m);
    const lenient = await run(['crd.yaml', '--ignore-missing-schemas'], dir);
    expect(lenient.code).toBe(0);
    expect(lenient.stdout).toMatch(/Valid: 0, Invalid: 0, Errors: 0, Skipped: 1$/m);
  });

  test('reports malformed, binary, empty and oversized files clearly, without a stack trace', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'validate-cli-'));
    writeFileSync(join(dir, 'bad.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n   broken: [\n');
    writeFileSync(join(dir, 'binary.yaml'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x00, 0x01, 0x02]));
    writeFileSync(join(dir, 'empty.yaml'), '');
    writeFileSync(join(dir, 'huge.yaml'), `# ${'x'.repeat(2 * 1024 * 1024)}\n`);
    const result = await run(['.', '--max-file-size', '1'], dir);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('ERROR yaml/syntax: (unreadable document)');
    expect(result.stdout).toContain('file:      bad.yaml, document 1, line 5');
    expect(result.stdout).toContain('the file is binary, not YAML');
    expect(result.stdout).toContain('more than the 1 MiB limit');
    expect(result.stderr).toContain('empty.yaml: empty, no resources');
    expect(`${result.stdout}${result.stderr}`).not.toMatch(/\n\s+at /);
    expect(result.stdout).toMatch(/^3 resources found in 4 files - Valid: 0, Invalid: 0, Errors: 3, Skipped: 0$/m);
  });

  test('exits 2 for a missing file and for wrong usage', async () => {
    expect((await run(['does-not-exist.yaml'])).code).toBe(2);
    const wrongOutput = await run(['valid/shop.yaml', '--output', 'xml']);
    expect(wrongOutput.code).toBe(2);
    expect(wrongOutput.stderr).toContain('--output must be one of text, json, junit, tap');
    expect((await run([])).code).toBe(2);
    expect((await run(['valid/shop.yaml', '--kubernetes-version', '1.19'])).code).toBe(2);
    expect((await run(['valid/shop.yaml', '--disable', 'policy/image-tag'])).code).toBe(2);
  });

  test('documents every option in --help', async () => {
    const result = await run(['--help']);
    expect(result.code).toBe(0);
    for (const option of ['--output', '--kubernetes-version', '--ignore-missing-schemas', '--existing-namespace', '--disable', '--no-policies', '--no-references', '--no-pod-security', '--max-file-size']) {
      expect(result.stdout).toContain(option);
    }
  });

  test('validates against one Kubernetes version when asked', async () => {
    const only127 = await run(['broken/api-env-name-digit.yaml', '--kubernetes-version', '1.27']);
    const only136 = await run(['broken/api-env-name-digit.yaml', '--kubernetes-version', '1.36']);
    expect(only127.code).toBe(1);
    expect(only136.code).toBe(0);
  });

  test('--no-pod-security switches the Pod Security checks off', async () => {
    const checked = await run(['broken/pod-security-host-path.yaml']);
    expect(checked.code).toBe(1);
    expect(checked.stdout).toContain('ERROR pod-security/host-path-volumes: Pod corpus-baseline/log-reader');
    expect((await run(['broken/pod-security-host-path.yaml', '--no-pod-security'])).code).toBe(0);
  });

  test('--existing-namespace and --disable switch problems off', async () => {
    expect((await run(['broken/ref-missing-namespace.yaml', '--existing-namespace', 'shop'])).code).toBe(0);
    expect((await run(['broken/policy-latest-tag.yaml', '--disable', 'policy/image-tag=tracked upstream'])).code).toBe(0);
  });

  test('never prints Secret data or secret-looking env literals, in any format', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'validate-cli-'));
    mkdirSync(join(dir, 'app'));
    writeFileSync(
      join(dir, 'app', 'secret.yaml'),
      [
        'apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\ndata:\n  password: sup3r-s3cret-value!\n',
        'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: c\n    image: nginx:1.27.0\n    env:\n    - {name: API_TOKEN, value: tok-abc-123-xyz}\n',
      ].join('---\n'),
    );
    for (const output of ['text', 'json', 'junit', 'tap']) {
      const result = await run(['app', '-o', output], dir);
      expect(result.code).toBe(1);
      expect(result.stdout).toContain('policy/secret-in-env');
      expect(result.stdout).not.toContain('sup3r-s3cret-value');
      expect(result.stdout).not.toContain('tok-abc-123-xyz');
    }
  });
});
