/**
 * `shipshape import` as a user runs it: in a fresh project with the packed package installed, import a real CRD,
 * type-check the project (generated module included) against the shipped declarations, and synthesize: the
 * imported kind is validated against its CRD (CEL engine included) with no flag.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO, tempDir } from '../helpers/cli';
import { findObject, parseYaml } from '../helpers/manifests';

const MAIN = (extra: string) => `
import { App, AppChart, Environment } from 'shipshape';
import { Certificate } from './imports/cert-manager.io';
import { VolumeSnapshot } from './imports/snapshot.storage.k8s.io';

export const app = new App();
const chart = new AppChart(new Environment(app, 'prod'), 'storefront');
new Certificate(chart, 'Tls', { spec: { secretName: 'shop-tls', dnsNames: ['shop.example.com'], issuerRef: { name: 'letsencrypt', kind: 'ClusterIssuer' } } });
new VolumeSnapshot(chart, 'Backup', { spec: { source: { persistentVolumeClaimName: 'data'${extra} } } });
`;

function run(command: string, args: string[], cwd: string): string {
  return execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 240_000 });
}

describe('the packed package with imported CRDs', () => {
  test('imports CRDs into a fresh project, type-checks it and validates the custom resources at synthesis', () => {
    const packDir = tempDir('shipshape-pack-');
    const packed = JSON.parse(run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', packDir], REPO)) as Array<{ filename: string }>;
    const consumer = tempDir('shipshape-crd-consumer-');
    writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }));
    run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', join(packDir, packed[0]!.filename)], consumer);
    mkdirSync(join(consumer, 'crds'));
    for (const file of ['cert-manager.io_certificates.yaml', 'snapshot.storage.k8s.io_volumesnapshots.yaml']) {
      copyFileSync(join(REPO, 'test', 'fixtures', 'crds', file), join(consumer, 'crds', file));
    }
    const shipshape = join(consumer, 'node_modules', '.bin', 'shipshape');
    expect(run(shipshape, ['import', 'crds'], consumer)).toBe('imports/cert-manager.io.ts: Certificate\nimports/snapshot.storage.k8s.io.ts: VolumeSnapshot\n');

    writeFileSync(join(consumer, 'main.ts'), MAIN(''));
    writeFileSync(
      join(consumer, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { strict: true, noUnusedLocals: true, noUncheckedIndexedAccess: true, module: 'commonjs', target: 'ES2022', esModuleInterop: true, noEmit: true, skipLibCheck: false, types: [] }, files: ['main.ts'] }),
    );
    run(process.execPath, [join(REPO, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', consumer], consumer);
    expect(run(shipshape, ['synth', '--app', 'main.ts'], consumer)).toMatch(/Synthesized 3 objects/);
    const objects = parseYaml(readFileSync(join(consumer, 'dist', 'prod', 'storefront.k8s.yaml'), 'utf8'));
    expect(findObject(objects, 'Certificate', 'tls', 'storefront-prod').spec.secretName).toBe('shop-tls');

    writeFileSync(join(consumer, 'main.ts'), MAIN(", volumeSnapshotContentName: 'old'"));
    const refused = spawnSync(shipshape, ['synth', '--app', 'main.ts'], { cwd: consumer, encoding: 'utf8', timeout: 120_000 });
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/schema\/cel/);
    expect(refused.stderr).toMatch(/prod\/storefront\/Backup/);
    expect(refused.stderr).toMatch(/exactly one of volumeSnapshotContentName and persistentVolumeClaimName must be set/);
  }, 300_000);
});
