/**
 * Custom resources on a real kube-apiserver: a chart that ships its CRDs (real ones, test/fixtures/crds) and
 * custom resources of the constructs `shipshape import` generated from them is applied in one pass, and what the
 * offline validator refuses, the server's apiextensions validation refuses too. Skipped like the cluster suite
 * when Go or kubectl is missing, unless SHIPSHAPE_REQUIRE_CLUSTER=1.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadAll } from 'js-yaml';
import { Include } from 'cdk8s';
import { App, AppChart, Environment, synthesizeToFolder, validateManifests } from '../../src';
import { KubeObject } from '../../src/manifest/kube-object';
import { Certificate } from '../fixtures/imports/cert-manager.io';
import { PrometheusRule } from '../fixtures/imports/monitoring.coreos.com';
import { VolumeSnapshot, VolumeSnapshotClass } from '../fixtures/imports/snapshot.storage.k8s.io';
import { kubectl, shipshape, withoutWarnings } from './cli-runner';
import { describeCluster, useCluster } from './harness';

const REPO = resolve(__dirname, '../..');
const CRDS = join(REPO, 'test', 'fixtures', 'crds');
const CRD_FILES = ['cert-manager.io_certificates.yaml', 'monitoring.coreos.com_prometheusrules.yaml', 'snapshot.storage.k8s.io_volumesnapshotclasses.yaml', 'snapshot.storage.k8s.io_volumesnapshots.yaml'];
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

describeCluster('custom resources on kube-apiserver 1.36', () => {
  const harness = useCluster({ workPrefix: 'shipshape-crd-suite-' });

  test('a chart that ships CRDs and custom resources is applied in one pass, CRDs first', async () => {
    const dist = join(harness.work, 'dist');
    const result = synthesizeToFolder(buildApp(), dist);
    const kinds = result.manifests.map((manifest) => manifest.object.kind);
    expect(kinds.indexOf('CustomResourceDefinition')).toBeLessThan(kinds.indexOf('Certificate'));
    expect(kinds.lastIndexOf('CustomResourceDefinition')).toBeLessThan(kinds.indexOf('VolumeSnapshotClass'));

    // Before anything exists, a dry run cannot check custom resources of CRDs that are not installed: it says so.
    const dryRun = await shipshape(['apply', '--dry-run', '--dir', join(dist, 'crdtest'), '--app-name', 'crdtest'], harness.kubeconfig, REPO);
    expect(dryRun.code).toBe(0);
    expect(dryRun.stdout).toMatch(/Certificate .*CustomResourceDefinition is not in the cluster yet/);

    // diff cannot ask the server about them either, and shows them whole.
    const diff = await shipshape(['diff', '--dir', join(dist, 'crdtest'), '--app-name', 'crdtest'], harness.kubeconfig, REPO);
    expect(diff.code).toBe(1);
    expect(diff.stdout).toMatch(/\+ VolumeSnapshotClass fast: new \(its CustomResourceDefinition is not installed yet\)/);

    const applied = await shipshape(['apply', '--dir', join(dist, 'crdtest'), '--app-name', 'crdtest'], harness.kubeconfig, REPO);
    expect(withoutWarnings(applied.stderr)).toBe('');
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain(`${result.manifests.length} applied, 0 pruned.`);
    expect(kubectl(['get', 'certificates.cert-manager.io', `--namespace=${NAMESPACE}`, '--output=name'], harness.kubeconfig).stdout.trim()).toBe('certificate.cert-manager.io/web-tls');
    expect(kubectl(['get', 'volumesnapshotclasses.snapshot.storage.k8s.io', '--output=name'], harness.kubeconfig).stdout.trim()).toBe('volumesnapshotclass.snapshot.storage.k8s.io/fast');

    const again = await shipshape(['apply', '--dir', join(dist, 'crdtest'), '--app-name', 'crdtest'], harness.kubeconfig, REPO);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`${result.manifests.length} applied, 0 pruned.`);
    expect(await shipshape(['diff', '--dir', join(dist, 'crdtest'), '--app-name', 'crdtest'], harness.kubeconfig, REPO)).toMatchObject({ code: 0, stdout: '' });
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
      const server = kubectl(['apply', '--server-side', '--field-manager=shipshape', '--dry-run=server', '--filename=-'], harness.kubeconfig, JSON.stringify(object));
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

  describe('differential: generated variations of valid objects get the same verdict offline and from the server', () => {
    const definitions = CRD_FILES.flatMap((file) => loadAll(readFileSync(join(CRDS, file), 'utf8')) as KubeObject[]);
    const bases: KubeObject[] = [
      { apiVersion: 'cert-manager.io/v1', kind: 'Certificate', metadata: { name: 'diff', namespace: NAMESPACE }, spec: { secretName: 's', issuerRef: { name: 'ca' } } },
      { apiVersion: 'monitoring.coreos.com/v1', kind: 'PrometheusRule', metadata: { name: 'diff', namespace: NAMESPACE }, spec: { groups: [{ name: 'g', rules: [{ alert: 'A', expr: 'up == 0' }] }] } },
      { apiVersion: 'snapshot.storage.k8s.io/v1', kind: 'VolumeSnapshot', metadata: { name: 'diff', namespace: NAMESPACE }, spec: { source: { persistentVolumeClaimName: 'd' } } },
    ];

    beforeAll(() => {
      // On its own (jest -t) this part installs what the apply test above would have.
      const files = CRD_FILES.map((file) => `--filename=${join(CRDS, file)}`);
      expect(kubectl(['apply', '--server-side', ...files], harness.kubeconfig).code).toBe(0);
      expect(kubectl(['wait', '--for=condition=Established', '--timeout=60s', ...files], harness.kubeconfig).code).toBe(0);
      expect(kubectl(['apply', '--server-side', '--filename=-'], harness.kubeconfig, JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: NAMESPACE } })).code).toBe(0);
    });

    test('every variation (wrong types, enums, patterns, unknown fields and plausible values below spec) gets the same verdict', () => {
      const variations = [...bases.map((object) => ({ description: 'unchanged', object })), ...bases.flatMap((base) => variationsOf(base, definitions))];
      expect(variations.length).toBeGreaterThan(100);
      const differences: string[] = [];
      for (const { description, object } of variations) {
        const report = validateManifests([{ object }], { customResourceDefinitions: definitions, references: false, policies: false });
        const ours = report.problems.some((problem) => problem.severity === 'error');
        const server = kubectl(['apply', '--server-side', '--field-manager=shipshape', '--dry-run=server', '--filename=-'], harness.kubeconfig, JSON.stringify(object));
        const refused = server.code !== 0;
        // A refusal for a missing Namespace or CRD would say nothing about the schema.
        expect(server.stderr).not.toMatch(/namespaces? "[^"]*" not found|no matches for kind/);
        if (ours !== refused) {
          differences.push(`${object.kind} ${description}: offline ${ours ? 'refuses' : 'accepts'} (${report.problems.map((p) => p.ruleId).join(', ')}), server ${refused ? `refuses (${server.stderr.trim().split('\n')[0]})` : 'accepts'}`);
        }
      }
      process.stderr.write(`custom-resource differential: ${variations.length} objects, ${differences.length} differences\n`);
      expect(differences).toEqual([]);
    }, 300_000);
  });
});

interface Schema {
  readonly type?: string;
  readonly properties?: Record<string, Schema>;
  readonly items?: Schema;
  readonly enum?: unknown[];
  readonly pattern?: string;
  readonly additionalProperties?: Schema | boolean;
  readonly 'x-kubernetes-int-or-string'?: boolean;
  readonly 'x-kubernetes-preserve-unknown-fields'?: boolean;
}

/** Variations of a valid object: for each field below spec (three levels deep), wrong values of each kind and a plausible one. */
function variationsOf(base: KubeObject, definitions: readonly KubeObject[]): { description: string; object: KubeObject }[] {
  const crd = definitions.find((definition) => (definition.spec as { names: { kind: string } }).names.kind === base.kind) as KubeObject;
  const root = (crd.spec as { versions: { storage: boolean; schema: { openAPIV3Schema: Schema } }[] }).versions.find((version) => version.storage)!.schema.openAPIV3Schema;
  const out: { description: string; object: KubeObject }[] = [];
  const visit = (schema: Schema, path: (string | number)[], depth: number): void => {
    const wrong: [string, unknown][] = [];
    if (schema['x-kubernetes-int-or-string']) wrong.push(['a boolean for int-or-string', true]);
    else if (schema.type === 'string') wrong.push(['a number for a string', 12345]);
    else if (schema.type === 'integer') wrong.push(['a string for an integer', 'ten'], ['a fraction for an integer', 1.5]);
    else if (schema.type === 'boolean') wrong.push(['a string for a boolean', 'yes']);
    else if (schema.type === 'array') wrong.push(['a string for a list', 'one']);
    else if (schema.type === 'object') wrong.push(['a string for an object', 'text']);
    if (schema.enum) wrong.push(['a value outside the enum', 'NotInTheEnum']);
    if (schema.pattern) wrong.push(['a value breaking the pattern', '!! not this !!']);
    // Plausible values too, so that false refusals show as well as false acceptances.
    if (schema.enum) wrong.push(['the first enum value', schema.enum[0]]);
    else if (schema['x-kubernetes-int-or-string']) wrong.push(['an integer for int-or-string', 1]);
    else if (schema.type === 'string') wrong.push(['a short string', 'x1']);
    else if (schema.type === 'integer') wrong.push(['a small integer', 1]);
    else if (schema.type === 'boolean') wrong.push(['true', true]);
    else if (schema.type === 'array') wrong.push(['an empty list', []]);
    else if (schema.type === 'object') wrong.push(['an empty object', {}]);
    for (const [what, value] of wrong) out.push({ description: `${path.join('.')}: ${what}`, object: withValue(base, path, value) });
    if (depth >= 3) return;
    if (schema.type === 'object' && schema.properties && !schema['x-kubernetes-preserve-unknown-fields']) {
      out.push({ description: `${path.join('.')}: an unknown field`, object: withValue(base, [...path, 'zzUnknown'], 'x') });
      for (const key of Object.keys(schema.properties).sort()) visit(schema.properties[key]!, [...path, key], depth + 1);
    }
    if (schema.type === 'array' && schema.items) visit(schema.items, [...path, 0], depth + 1);
  };
  visit(root.properties!.spec!, ['spec'], 0);
  return out;
}

/** A copy of `base` with `value` at `path`, creating objects and one-element lists on the way. */
function withValue(base: KubeObject, path: (string | number)[], value: unknown): KubeObject {
  const copy = structuredClone(base) as Record<string, any>;
  let node: any = copy;
  path.forEach((segment, index) => {
    if (index === path.length - 1) {
      node[segment] = value;
      return;
    }
    const next = path[index + 1];
    if (node[segment] === undefined || node[segment] === null || typeof node[segment] !== 'object') node[segment] = typeof next === 'number' ? [] : {};
    if (typeof next === 'number' && node[segment][next] === undefined) node[segment][next] = {};
    node = node[segment];
  });
  return copy as KubeObject;
}

