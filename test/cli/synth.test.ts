/** The `shipshape synth` command, run as users run it: the compiled CLI in a child process. */
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LIBRARY, REPO, runCli, snapshotFolder, tempDir, writeApp } from '../helpers/cli';
import { findObject, parseYaml } from '../helpers/manifests';

/** A small valid app: one environment, a ConfigMap-configured Deployment behind a Service and an Ingress. */
const GOOD_APP = `
const app = new s.App();
const env = new s.Environment(app, 'dev');
const chart = new s.AppChart(env, 'shop');
const config = new s.ConfigMap(chart, 'Config', { data: { greeting: 'hello' } });
const web = new s.Deployment(chart, 'Web', { containers: [{ image: 'nginx:1.27', ports: [{ number: 8080, name: 'http' }], env: { GREETING: s.EnvValue.fromConfigMap(config, 'greeting') } }] });
const service = new s.Service(chart, 'WebService', { name: 'web', selects: web, ports: [{ port: 80, targetPort: 'http' }] });
new s.Ingress(chart, 'Ingress', { rules: [{ host: 'shop.example.com', service }] });
`;

/** Sets up a folder with an app and a previous output that must survive failures untouched. */
function project(body: string): { dir: string; app: string; dist: string } {
  const dir = tempDir();
  const app = writeApp(dir, body);
  const dist = join(dir, 'dist');
  mkdirSync(join(dist, 'dev'), { recursive: true });
  writeFileSync(join(dist, 'dev', 'shop.k8s.yaml'), '# previous output\n');
  return { dir, app, dist };
}

describe('shipshape synth', () => {
  test('prints its help with every option and exits 0', () => {
    const result = runCli(['synth', '--help']);
    expect(result.code).toBe(0);
    for (const option of ['--app', '--output', '--kubernetes-version', '--skip-validation', '--quiet']) expect(result.stdout).toContain(option);
  });

  test('the top-level help lists every command', () => {
    const result = runCli(['--help']);
    expect(result.code).toBe(0);
    for (const name of ['synth', 'validate', 'diff', 'apply']) expect(result.stdout).toMatch(new RegExp(`^  ${name} `, 'm'));
  });

  test('an unknown command or option is a usage error (exit 2)', () => {
    expect(runCli(['frobnicate']).code).toBe(2);
    const result = runCli(['synth', '--no-such-option']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/no-such-option/);
  });

  test('writes one file per chart per environment and replaces the previous output', () => {
    const { dir, app, dist } = project(GOOD_APP);
    const result = runCli(['synth', '--app', app, '--output', dist], { cwd: dir });
    expect(result.stderr).not.toMatch(/ERROR/);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Synthesized 6 objects into 1 files/);
    const objects = parseYaml(readFileSync(join(dist, 'dev', 'shop.k8s.yaml'), 'utf8'));
    expect(objects.map((o) => o.kind)).toEqual(['Namespace', 'ConfigMap', 'Service', 'Deployment', 'PodDisruptionBudget', 'Ingress']);
    expect(findObject(objects, 'Deployment', 'web').metadata.namespace).toBe('shop-dev');
    expect(Object.keys(snapshotFolder(dist))).toEqual(['.shipshape-output', join('dev', 'shop.k8s.yaml')]);
  });

  test('a missing app entry file is reported with the path and a fix', () => {
    const dir = tempDir();
    const result = runCli(['synth', '--app', 'nope.ts'], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/nope\.ts does not exist.*--app/);
  });

  test('honours CDK8S_OUTDIR, so that `cdk8s synth` writes where cdk8s expects', () => {
    const { dir, app } = project(GOOD_APP);
    const result = runCli(['synth', '--app', app, '--quiet'], { cwd: dir, env: { CDK8S_OUTDIR: join(dir, 'cdk8s.out') } });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
    expect(Object.keys(snapshotFolder(join(dir, 'cdk8s.out')))).toEqual(['.shipshape-output', join('dev', 'shop.k8s.yaml')]);
  });

  describe('bad input: a clear error naming the construct path, field, value and fix; dist/ untouched', () => {
    const cases: Array<[string, string, RegExp[]]> = [
      [
        'an invalid explicit name',
        GOOD_APP.replace("{ name: 'web', selects", "{ name: 'Bad_Name', selects"),
        [/Service 'dev\/shop\/WebService'/, /name/, /"Bad_Name"/, /Use a name such as "bad-name"/],
      ],
      [
        'a duplicate name within one namespace',
        `${GOOD_APP}\nnew s.ConfigMap(chart, 'Other', { name: 'settings', data: {} });\nnew s.ConfigMap(chart, 'Again', { name: 'settings', data: {} });`,
        [/ConfigMap 'dev\/shop\/Again'/, /name: "settings" is already used by 'dev\/shop\/Other'/, /another name/],
      ],
      [
        'negative replicas',
        GOOD_APP.replace("new s.Deployment(chart, 'Web', {", "new s.Deployment(chart, 'Web', { replicas: -1,"),
        [/Deployment 'dev\/shop\/Web'/, /replicas/, /must be a whole number >= 0, got -1/, /Use 2 or more/],
      ],
      [
        'a Service port the pods do not expose',
        GOOD_APP.replace("ports: [{ port: 80, targetPort: 'http' }]", 'ports: [{ port: 80, targetPort: 9090 }]'),
        [/Service 'dev\/shop\/WebService'/, /ports\[0\]\.targetPort/, /got 9090/, /Target one of 8080 \(http\)/],
      ],
      [
        'a missing Secret value',
        `${GOOD_APP}\nnew s.Secret(chart, 'Db', { data: { password: s.SecretValue.fromEnv('SHOP_DB_PASSWORD') } });`,
        [/Secret 'dev\/shop\/Db'/, /data/, /SHOP_DB_PASSWORD is not set/, /Set environment variable SHOP_DB_PASSWORD/],
      ],
      [
        'an image without a tag',
        GOOD_APP.replace("image: 'nginx:1.27'", "image: 'nginx'"),
        [/Deployment 'dev\/shop\/Web'/, /containers\[0\]\.image/, /"nginx"/, /has no tag/, /Pin a version/],
      ],
    ];
    test.each(cases)('%s', (_name, body, expected) => {
      const { dir, app, dist } = project(body);
      const before = snapshotFolder(dist);
      const result = runCli(['synth', '--app', app, '--output', dist], { cwd: dir });
      expect(result.code).toBe(1);
      for (const pattern of expected) expect(result.stderr).toMatch(pattern);
      expect(result.stderr).not.toMatch(/^\s+at /m);
      expect(snapshotFolder(dist)).toEqual(before);
    });
  });

  test('reports every problem of a run at once, not only the first', () => {
    const body = `${GOOD_APP}\nnew s.Secret(chart, 'A', { data: { password: s.SecretValue.fromEnv('SHOP_A') } });\nnew s.Secret(chart, 'B', { data: { password: s.SecretValue.fromEnv('SHOP_B') } });`;
    const { dir, app, dist } = project(body);
    const result = runCli(['synth', '--app', app, '--output', dist], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/2 errors/);
    expect(result.stderr).toMatch(/SHOP_A/);
    expect(result.stderr).toMatch(/SHOP_B/);
  });

  test('Secrets go to an owner-only file and their values never reach the terminal', () => {
    const secretValue = 'S3cret-value-that-must-not-leak';
    const body = `${GOOD_APP}\nnew s.Secret(chart, 'Db', { data: { password: s.SecretValue.fromEnv('SHOP_DB_PASSWORD') } });`;
    const { dir, app, dist } = project(body);
    const ok = runCli(['synth', '--app', app, '--output', dist], { cwd: dir, env: { SHOP_DB_PASSWORD: secretValue } });
    expect(ok.code).toBe(0);
    const secretsFile = join(dist, 'dev', 'shop.secrets.k8s.yaml');
    expect(statSync(secretsFile).mode & 0o777).toBe(0o600);
    const secret = findObject(parseYaml(readFileSync(secretsFile, 'utf8')), 'Secret', 'db');
    expect(Buffer.from(secret.data.password, 'base64').toString()).toBe(secretValue);
    expect(readFileSync(join(dist, 'dev', 'shop.k8s.yaml'), 'utf8')).not.toContain('kind: Secret');

    const failing = runCli(['synth', '--app', writeApp(dir, body.replace("image: 'nginx:1.27'", "image: 'nginx:latest'")), '--output', dist], {
      cwd: dir,
      env: { SHOP_DB_PASSWORD: secretValue },
    });
    expect(failing.code).toBe(1);
    const printed = failing.stdout + failing.stderr + ok.stdout + ok.stderr;
    expect(printed).not.toContain(secretValue);
    expect(printed).not.toContain(Buffer.from(secretValue).toString('base64'));
  });

  describe('the failure report', () => {
    /** Raw ConfigMaps with a misspelt field: each is a schema error found by validation, not by a constructor. */
    const misspelt = (count: number): string =>
      Array.from({ length: count }, (_, index) => `new s.ApiObject(chart, 'Raw${index}', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'raw-${index}' }, datta: { a: '1' } });`).join('\n');
    const headingCount = (stderr: string): number => Number(/nothing was written\. (\d+) errors?/.exec(stderr)?.[1]);
    const blocks = (stderr: string, severity: string): number => stderr.split('\n').filter((line) => line.startsWith(`${severity} `)).length;

    test('a missing Secret value does not hide the validation errors of the same run', () => {
      const body = `${GOOD_APP}\nnew s.Secret(chart, 'Db', { data: { password: s.SecretValue.fromEnv('SHOP_DB_PASSWORD') } });\n${misspelt(1)}`;
      const { dir, app, dist } = project(body);
      const before = snapshotFolder(dist);
      const result = runCli(['synth', '--app', app, '--output', dist], { cwd: dir });
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/SHOP_DB_PASSWORD is not set/);
      expect(result.stderr).toMatch(/ERROR schema\/unknown-field: ConfigMap shop-dev\/raw-0/);
      expect(result.stderr).toMatch(/datta is not a field of ConfigMap/);
      expect(snapshotFolder(dist)).toEqual(before);
    });

    test('counts every error in its heading, lists errors before warnings, and counts the warnings apart', () => {
      const { dir, app, dist } = project(`${GOOD_APP}\n${misspelt(7)}`);
      const result = runCli(['synth', '--app', app, '--output', dist], { cwd: dir });
      expect(result.code).toBe(1);
      expect(headingCount(result.stderr)).toBe(blocks(result.stderr, 'ERROR'));
      expect(headingCount(result.stderr)).toBeGreaterThanOrEqual(7);
      const warnings = blocks(result.stderr, 'WARNING');
      expect(warnings).toBeGreaterThan(0);
      expect(result.stderr).toContain(`, ${warnings} warning`);
      expect(result.stderr).toContain(`Warnings (${warnings}):`);
      expect(result.stderr.lastIndexOf('\nERROR ')).toBeLessThan(result.stderr.indexOf('\nWARNING '));
    });

    test('with -q prints the errors only, and says how many warnings it left out', () => {
      const { dir, app, dist } = project(`${GOOD_APP}\n${misspelt(2)}`);
      const loud = runCli(['synth', '--app', app, '--output', dist], { cwd: dir });
      const quiet = runCli(['synth', '--app', app, '--output', dist, '-q'], { cwd: dir });
      expect(quiet.code).toBe(1);
      expect(blocks(quiet.stderr, 'ERROR')).toBe(blocks(loud.stderr, 'ERROR'));
      expect(quiet.stderr).not.toMatch(/WARNING/);
      expect(quiet.stderr).toContain(`(${blocks(loud.stderr, 'WARNING')} warnings not shown: errors only.)`);
      expect(quiet.stdout).toBe('');
    });
  });

  test('a successful run shows a screenful of warnings, says how many more there are, and counts all of them', () => {
    const webs = Array.from({ length: 12 }, (_, index) => `new s.Deployment(chart, 'Web${index}', { containers: [{ image: 'nginx:1.27', ports: [{ number: 8080 }] }] });`).join('\n');
    const { dir, app, dist } = project(`const app = new s.App();\nconst chart = new s.AppChart(new s.Environment(app, 'dev'), 'shop');\n${webs}`);
    const result = runCli(['synth', '--app', app, '--output', dist], { cwd: dir });
    expect(result.code).toBe(0);
    const total = Number(/0 errors, (\d+) warnings in/.exec(result.stderr)?.[1]);
    expect(total).toBeGreaterThan(20);
    expect(result.stderr.split('\n').filter((line) => line.startsWith('WARNING ')).length).toBe(20);
    expect(result.stderr).toContain(`... and ${total - 20} more warnings; run \`shipshape validate dist\` to list them all.`);
    const quiet = runCli(['synth', '--app', app, '--output', dist, '-q'], { cwd: dir });
    expect(quiet.code).toBe(0);
    expect(quiet.stdout + quiet.stderr).toBe('');
  });

  describe('exceptions thrown while the app is built', () => {
    test('a plain exception in a chart names the chart file, the TypeScript line and the construct being built', () => {
      const dir = tempDir();
      const lines = [
        `const s = require(${JSON.stringify(LIBRARY)});`,
        `import { Construct } from ${JSON.stringify(join(REPO, 'node_modules', 'constructs'))};`,
        '',
        '/** A construct with a bug. */',
        'class Shop extends Construct {',
        '  constructor(scope: Construct, id: string) {',
        '    super(scope, id);',
        "    new s.ConfigMap(this, 'Config', { data: { a: '1' } });",
        '    const ports: number[] = [];',
        "    if (ports.length === 0) throw new TypeError('no ports configured');",
        '  }',
        '}',
        'export const app = new s.App();',
        "new Shop(new s.AppChart(new s.Environment(app, 'dev'), 'shop'), 'Shop');",
      ];
      writeFileSync(join(dir, 'app.ts'), lines.join('\n'));
      const result = runCli(['synth', '--app', 'app.ts'], { cwd: dir });
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/the app threw TypeError: no ports configured/);
      expect(result.stderr).toMatch(/file: +app\.ts:10:\d+/);
      expect(result.stderr).toMatch(/construct: Shop 'dev\/shop\/Shop' \(being built\)/);
      expect(result.stderr).not.toMatch(/^\s+at /m);
    });

    test('an error thrown inside a cdk8s-plus construct names the construct path', () => {
      const dir = tempDir();
      const plus = join(REPO, 'node_modules', 'cdk8s-plus-27');
      const body = [
        `const plus = require(${JSON.stringify(plus)});`,
        'const app = new s.App();',
        "const chart = new s.AppChart(new s.Environment(app, 'dev'), 'shop');",
        "const web = new plus.Deployment(chart, 'Web', { containers: [{ image: 'nginx:1.27', portNumber: 80 }] });",
        "new plus.HorizontalPodAutoscaler(chart, 'Scaler', { target: web, minReplicas: 5, maxReplicas: 2 });",
      ].join('\n');
      const app = writeApp(dir, body);
      const result = runCli(['synth', '--app', app], { cwd: dir });
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/'minReplicas' \(5\) must be less than or equal to 'maxReplicas' \(2\)/);
      expect(result.stderr).toMatch(/construct: HorizontalPodAutoscaler 'dev\/shop\/Scaler' \(being built\)/);
      expect(result.stderr).toMatch(/file: +app\.ts:6:\d+/);
    });
  });

  test('the bundled command line writes the same bytes as the plain compiled files, and keeps a code cache', () => {
    const dir = tempDir();
    const bundled = runCli(['synth', '--app', join(REPO, 'charts', 'main.ts'), '--output', join(dir, 'bundled'), '--quiet']);
    const plain = runCli(['synth', '--app', join(REPO, 'charts', 'main.ts'), '--output', join(dir, 'plain'), '--quiet'], { env: { SHIPSHAPE_NO_BUNDLE: '1' } });
    expect([bundled.code, plain.code]).toEqual([0, 0]);
    const files = snapshotFolder(join(dir, 'bundled'));
    expect(Object.keys(files).length).toBeGreaterThan(0);
    expect(snapshotFolder(join(dir, 'plain'))).toEqual(files);
    const caches = readdirSync(join(REPO, 'node_modules', '.cache', 'shipshape-v8'));
    for (const name of ['shipshape', 'kubernetes-1.27', 'kubernetes-1.36']) expect(caches.some((file) => file.startsWith(`${name}-`) && file.endsWith('.v8'))).toBe(true);
  });
});
