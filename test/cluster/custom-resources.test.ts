/**
 * Custom resources on a real kube-apiserver: a chart that ships its CRDs (real ones, test/fixtures/crds) and
 * custom resources of the constructs `shipshape import` generated from them is applied in one pass, and what the
 * offline validator refuses, the server's apiextensions validation refuses too. Skipped like the cluster suite
 * when Go or kubectl is missing, unless SHIPSHAPE_REQUIRE_CLUSTER=1.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadAll } from 'js-yaml';
import { Include } from 'cdk8s';
import { App, AppChart, Environment, synthesizeToFolder, validateManifests } from '../../src';
import { KubeObject } from '../../src/manifest/kube-object';
import { Certificate } from '../fixtures/imports/cert-manager.io';
import { PrometheusRule } from '../fixtures/imports/monitoring.coreos.com';
import { VolumeSnapshot, VolumeSnapshotClass } from '../fixtures/imports/snapshot.storage.k8s.io';
import { kubectl, shipshape } from './cli-runner';
import { buildHarness, hasCommand, startCluster, TestCluster } from './harness';

const REPO = resolve(__dirname, '../..');
const CRDS = join(REPO, 'test', 'fixtures', 'crds');
const CRD_FILES = ['cert-manager.io_certificates.yaml', 'monitoring.coreos.com_prometheusrules.yaml', 'snapshot.storage.k8s.io_volumesnapshotclasses.yaml', 'snapshot.storage.k8s.io_volumesnapshots.yaml'];
const REQUIRED = process.env.SHIPSHAPE_REQUIRE_CLUSTER === '1';
const MISSING = [hasCommand('go', ['version']) ? '' : 'go', hasCommand('kubectl', ['version', '--client']) ? '' : 'kubectl'].filter(Boolean).join(' and ');
const BUILD_TIMEOUT_MS = 30 * 60_000;
const START_TIMEOUT_MS = 90_000;
const describeCluster = MISSING && !REQUIRED ? describe.skip : describe;
const NAMESPACE = 'monitoring-crdtest';

function buildApp(): App {
  const app = new App();
  const chart = new AppChart(new Environment(app, 'crdtest'), 'monitoring');
  for (const file of CRD_FILES) new Include(chart, file, { url: join(CRDS, file) });
  new Certificate(chart, 'WebTls', { spec: { secretName: 'web-tls', dnsNames: ['web.example.com'], issuerRef: { name: 'letsencrypt', kind: 'ClusterIssuer' }, privateKey: { algorithm: 'ECDSA', size: 256 } } });
  new PrometheusRule(chart, 'Alerts', { spec: { groups: [{ name: 'web', interval: '30s', rules: [{ alert: 'WebDown', expr: 'up{job="web"} == 0', for: '5m', labels: { severity: 'page' } }] }] } });
  new VolumeSnapshotClass(chart, 'Fast', { driver: 'csi.example.com', deletionPolicy: 'Delete' });
  new VolumeSnapshot(chart, 'Backup', { spec: { source: { persistentVolumeClaimName: 'data' }, volumeSnapshotClassName: 'fast' } });
  return app;
}

function withoutWarnings(text: string): string {
  return text.split('\n').filter((line) => line.trim() !== '' && !/^(warning|Warning):/.test(line.trim())).join('\n');
}

describeCluster(`custom resources on kube-apiserver 1.36${MISSING && !REQUIRED ? ` - skipped: ${MISSING} not on PATH` : ''}`, () => {
  let cluster: TestCluster | undefined;
  let kubeconfig = '';
  let work = '';

  beforeAll(async () => {
    if (MISSING) throw new Error(`SHIPSHAPE_REQUIRE_CLUSTER=1 but ${MISSING} is not on PATH`);
    await buildHarness(BUILD_TIMEOUT_MS);
    cluster = await startCluster(START_TIMEOUT_MS);
    kubeconfig = cluster.kubeconfig;
    work = mkdtempSync(join(tmpdir(), 'shipshape-crd-suite-'));
  }, BUILD_TIMEOUT_MS + START_TIMEOUT_MS + 30_000);

  afterAll(async () => {
    await cluster?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  }, 60_000);

  test('a chart that ships CRDs and custom resources is applied in one pass, CRDs first', async () => {
    const dist = join(work, 'dist');
    const result = synthesizeToFolder(buildApp(), dist);
    const kinds = result.manifests.map((manifest) => manifest.object.kind);
    expect(kinds.indexOf('CustomResourceDefinition')).toBeLessThan(kinds.indexOf('Certificate'));
    expect(kinds.lastIndexOf('CustomResourceDefinition')).toBeLessThan(kinds.indexOf('VolumeSnapshotClass'));

    // Before anything exists, a dry run cannot check custom resources of CRDs that are not installed: it says so.
    const dryRun = await shipshape(['apply', '--dry-run', '--dir', join(dist, 'crdtest')], kubeconfig, REPO);
    expect(dryRun.code).toBe(0);
    expect(dryRun.stdout).toMatch(/Certificate .*CustomResourceDefinition is not in the cluster yet/);

    // diff cannot ask the server about them either, and shows them whole.
    const diff = await shipshape(['diff', '--dir', join(dist, 'crdtest')], kubeconfig, REPO);
    expect(diff.code).toBe(1);
    expect(diff.stdout).toMatch(/\+ VolumeSnapshotClass fast: new \(its CustomResourceDefinition is not installed yet\)/);

    const applied = await shipshape(['apply', '--dir', join(dist, 'crdtest')], kubeconfig, REPO);
    expect(withoutWarnings(applied.stderr)).toBe('');
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain(`${result.manifests.length} applied, 0 pruned.`);
    expect(kubectl(['get', 'certificates.cert-manager.io', `--namespace=${NAMESPACE}`, '--output=name'], kubeconfig).stdout.trim()).toBe('certificate.cert-manager.io/web-tls');
    expect(kubectl(['get', 'volumesnapshotclasses.snapshot.storage.k8s.io', '--output=name'], kubeconfig).stdout.trim()).toBe('volumesnapshotclass.snapshot.storage.k8s.io/fast');

    const again = await shipshape(['apply', '--dir', join(dist, 'crdtest')], kubeconfig, REPO);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`${result.manifests.length} applied, 0 pruned.`);
    expect(await shipshape(['diff', '--dir', join(dist, 'crdtest')], kubeconfig, REPO)).toMatchObject({ code: 0, stdout: '' });
  });

  describe('what the offline validator refuses, the server refuses too', () => {
    const definitions = CRD_FILES.flatMap((file) => loadAll(readFileSync(join(CRDS, file), 'utf8')) as KubeObject[]);
    const meta = { name: 'probe', namespace: NAMESPACE };
    const certificate = (spec: Record<string, unknown>): KubeObject => ({ apiVersion: 'cert-manager.io/v1', kind: 'Certificate', metadata: meta, spec });
    const rule = (group: Record<string, unknown>): KubeObject => ({ apiVersion: 'monitoring.coreos.com/v1', kind: 'PrometheusRule', metadata: meta, spec: { groups: [{ name: 'g', rules: [{ alert: 'A', expr: 'up == 0' }], ...group }] } });
    const snapshot = (source: Record<string, unknown>): KubeObject => ({ apiVersion: 'snapshot.storage.k8s.io/v1', kind: 'VolumeSnapshot', metadata: meta, spec: { source } });
    const issuerRef = { name: 'ca' };
    const cases: [string, KubeObject, string | undefined][] = [
      ['a valid Certificate', certificate({ secretName: 's', issuerRef }), undefined],
      ['an unknown field', certificate({ secretName: 's', issuerRef, secretNmae: 'x' }), 'schema/unknown-field'],
      ['a value outside an enum', certificate({ secretName: 's', issuerRef, privateKey: { algorithm: 'DSA' } }), 'schema/enum'],
      ['a missing required field', certificate({ secretName: 's' }), 'schema/required'],
      ['a wrong type', certificate({ secretName: 's', issuerRef, isCA: 'yes' }), 'schema/type'],
      ['an int32 out of range', certificate({ secretName: 's', issuerRef, revisionHistoryLimit: 3_000_000_000 }), 'schema/format'],
      ['a valid PrometheusRule with an RE2 (?i) pattern', rule({ partial_response_strategy: 'WARN' }), undefined],
      ['a value that breaks a pattern', rule({ interval: 'often' }), 'schema/pattern'],
      ['a string shorter than minLength', rule({ name: '' }), 'schema/min-length'],
      ['a valid VolumeSnapshot', snapshot({ persistentVolumeClaimName: 'data' }), undefined],
      ['a broken CEL rule', snapshot({ persistentVolumeClaimName: 'data', volumeSnapshotContentName: 'c' }), 'schema/cel'],
    ];

    test.each(cases)('%s', (_name, object, ruleId) => {
      const report = validateManifests([{ object }], { customResourceDefinitions: definitions, references: false, policies: false });
      const ours = report.problems.filter((problem) => problem.severity === 'error').map((problem) => problem.ruleId);
      const server = kubectl(['apply', '--server-side', '--field-manager=shipshape', '--dry-run=server', '--filename=-'], kubeconfig, JSON.stringify(object));
      if (ruleId === undefined) {
        expect(ours).toEqual([]);
        expect({ code: server.code, stderr: withoutWarnings(server.stderr) }).toEqual({ code: 0, stderr: '' });
      } else {
        expect(ours).toContain(ruleId);
        expect(server.code).not.toBe(0);
        expect(server.stderr).toMatch(/invalid|Invalid|Required|Unsupported|field not declared|should match|must|expected/);
      }
    });
  });
});
