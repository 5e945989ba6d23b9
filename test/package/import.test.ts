/**
 * shipshape as another stack imports it: pack the package, install the tarball into a fresh project,
 * type-check that project against the shipped declarations, and synthesize its chart with our CLI.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO, runCli, tempDir } from '../helpers/cli';
import { findObject, parseYaml } from '../helpers/manifests';

const CONSUMER_MAIN = `
import { Construct } from 'constructs';
import { App, AppChart, Deployment, Environment, Ingress, Service } from 'shipshape';

/** The consumer's own construct, composing ours. */
class PublicWebApp extends Construct {
  readonly ingress: Ingress;
  constructor(scope: Construct, id: string, props: { image: string; host: string }) {
    super(scope, id);
    const deployment = new Deployment(this, 'Default', { containers: [{ image: props.image, ports: [{ number: 3000, name: 'http' }] }] });
    const service = new Service(this, 'Service', { selects: deployment, ports: [{ port: 80, targetPort: 'http' }] });
    this.ingress = new Ingress(this, 'Ingress', { rules: [{ host: props.host, service }] });
  }
}

export const app = new App();
const chart = new AppChart(new Environment(app, 'prod'), 'storefront');
new PublicWebApp(chart, 'Shop', { image: 'ghcr.io/example/shop:2.4.1', host: 'shop.example.com' });
`;

function run(command: string, args: string[], cwd: string): string {
  return execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 240_000 });
}

/** Packs the repository once (lib/ is built by npm test before jest runs). */
let packed: { tarball: string; files: string[] } | undefined;
function pack(): { tarball: string; files: string[] } {
  if (packed !== undefined) return packed;
  const packDir = tempDir('shipshape-pack-');
  const result = JSON.parse(run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', packDir], REPO)) as Array<{ filename: string; files: Array<{ path: string }> }>;
  packed = { tarball: join(packDir, result[0]!.filename), files: result[0]!.files.map((file) => file.path) };
  return packed;
}

describe('the packed package', () => {
  test('installs into a fresh project whose own construct composes Deployment, Service and Ingress', () => {
    const { tarball, files } = pack();
    expect(files).toContain('lib/src/index.d.ts');
    // The command line runs from its bundle and the precompiled schemas.
    expect(files).toEqual(expect.arrayContaining(['lib/shipshape.js', 'lib/schemas/kubernetes-1.27/index.json', 'lib/schemas/kubernetes-1.27/runtime.js', 'lib/schemas/kubernetes-1.36/index.json', 'lib/schemas/kubernetes-1.36/chunk-0.js']));
    expect(files.some((file) => file.startsWith('src/') || file.startsWith('test/') || file.startsWith('charts/'))).toBe(false);

    const consumer = tempDir('shipshape-consumer-');
    writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }));
    run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', tarball], consumer);
    writeFileSync(join(consumer, 'main.ts'), CONSUMER_MAIN);
    writeFileSync(
      join(consumer, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { strict: true, module: 'commonjs', target: 'ES2022', esModuleInterop: true, noEmit: true, skipLibCheck: false, types: [] }, files: ['main.ts'] }),
    );
    // The declarations must type-check a strict consumer (our own TypeScript, their node_modules).
    run(process.execPath, [join(REPO, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', consumer], consumer);

    const output = run(join(consumer, 'node_modules', '.bin', 'shipshape'), ['synth', '--app', 'main.ts'], consumer);
    expect(output).toMatch(/Synthesized 5 objects/);
    const objects = parseYaml(readFileSync(join(consumer, 'dist', 'prod', 'storefront.k8s.yaml'), 'utf8'));
    const service = findObject(objects, 'Service', 'shop-service', 'storefront-prod');
    expect(service.spec.selector).toEqual(findObject(objects, 'Deployment', 'shop').spec.selector.matchLabels);
    expect(findObject(objects, 'Ingress', 'shop-ingress').spec.rules[0].http.paths[0].backend.service).toEqual({ name: 'shop-service', port: { number: 80 } });
  }, 300_000);

  test('`shipshape init` scaffolds a project in which npm install, npm run synth and npm test pass', () => {
    const { tarball } = pack();
    const project = join(tempDir('shipshape-init-'), 'shop-web');
    const init = runCli(['init', project, '--from', tarball]);
    expect(init.stderr).toBe('');
    expect(init.code).toBe(0);
    for (const file of ['package.json', 'tsconfig.json', 'cdk8s.yaml', 'charts/main.ts', 'test/main.test.ts', '.gitignore']) expect(existsSync(join(project, file))).toBe(true);
    const manifest = JSON.parse(readFileSync(join(project, 'package.json'), 'utf8'));
    expect(manifest).toMatchObject({ name: 'shop-web', scripts: { synth: expect.any(String), test: expect.any(String) }, dependencies: { shipshape: `file:${tarball}` } });
    expect(readFileSync(join(project, '.gitignore'), 'utf8')).toMatch(/^dist\/\*\*\/\*\.secrets\.k8s\.yaml$/m);

    // Everything but the tarball comes from npm's cache, filled by npm ci of this repository.
    run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline'], project);
    expect(run('npm', ['run', 'synth'], project)).toMatch(/Synthesized 11 objects into 2 files in dist\//);
    const prod = parseYaml(readFileSync(join(project, 'dist', 'prod', 'web.k8s.yaml'), 'utf8'));
    expect(findObject(prod, 'Deployment', 'web').spec.replicas).toBe(3);
    expect(findObject(prod, 'Ingress', 'web').spec.tls).toEqual([{ hosts: ['web.example.com'], secretName: 'web-tls' }]);
    expect(findObject(prod, 'ConfigMap', 'web-config').data).toEqual({ LOG_LEVEL: 'info' });
    expect(parseYaml(readFileSync(join(project, 'dist', 'dev', 'web.k8s.yaml'), 'utf8')).map((object) => object.kind).sort()).toEqual(
      ['ConfigMap', 'Deployment', 'Ingress', 'Namespace', 'Service'],
    );
    // npm test type-checks the project, then runs its test of synthesize().
    const test = spawnSync('npm', ['test'], { cwd: project, encoding: 'utf8', timeout: 240_000 });
    expect(test.status).toBe(0);
    expect(test.stderr).toMatch(/Tests: +3 passed, 3 total/);

    const again = runCli(['init', project]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/is not empty .*--force/);
  }, 400_000);
});
