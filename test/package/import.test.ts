/**
 * shipshape as another stack imports it: pack the package, install the tarball into a fresh project,
 * type-check that project against the shipped declarations, and synthesize its chart with our CLI.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO, tempDir } from '../helpers/cli';
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

describe('the packed package', () => {
  test('installs into a fresh project whose own construct composes Deployment, Service and Ingress', () => {
    const packDir = tempDir('shipshape-pack-');
    const packed = JSON.parse(run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', packDir], REPO)) as Array<{ filename: string; files: Array<{ path: string }> }>;
    const files = packed[0]!.files.map((file) => file.path);
    expect(files).toContain('lib/src/index.d.ts');
    expect(files.some((file) => file.startsWith('src/') || file.startsWith('test/') || file.startsWith('charts/'))).toBe(false);

    const consumer = tempDir('shipshape-consumer-');
    writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }));
    run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', join(packDir, packed[0]!.filename)], consumer);
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
});
