'use strict';
/**
 * Benchmark of custom-resource validation (a script that prints figures, not a timed test).
 *
 *   npm run build && node bench/custom-resources.js [objects]      (default 10000)
 *
 * Validates N custom resources against the real CRDs of test/fixtures/crds: a third cert-manager Certificates
 * (structural schema, 41 kB CRD), a third PrometheusRules (patterns, list maps), a third VolumeSnapshots (CEL
 * rules, evaluated by cel-js). Prints objects per second of a cold and a warm run and the peak RSS.
 */
const fs = require('node:fs');
const path = require('node:path');
const yaml = require('js-yaml');

const REPO = path.resolve(__dirname, '..');
const { validateManifests } = require(path.join(REPO, 'lib', 'src'));
const CRDS = path.join(REPO, 'test', 'fixtures', 'crds');
const definitions = fs.readdirSync(CRDS).filter((file) => file.endsWith('.yaml')).flatMap((file) => yaml.loadAll(fs.readFileSync(path.join(CRDS, file), 'utf8')));

function objects(count) {
  const out = [];
  for (let index = 0; index < count; index++) {
    const metadata = { name: `o-${index}`, namespace: `ns-${index % 50}` };
    switch (index % 3) {
      case 0:
        out.push({ apiVersion: 'cert-manager.io/v1', kind: 'Certificate', metadata, spec: { secretName: `tls-${index}`, dnsNames: [`h${index}.example.com`], issuerRef: { name: 'ca', kind: 'ClusterIssuer' }, privateKey: { algorithm: 'ECDSA', size: 256 }, usages: ['server auth', 'digital signature'] } });
        break;
      case 1:
        out.push({ apiVersion: 'monitoring.coreos.com/v1', kind: 'PrometheusRule', metadata, spec: { groups: [{ name: 'g', interval: '30s', rules: [{ alert: 'Down', expr: 'up == 0', for: '5m', labels: { severity: 'page' } }] }] } });
        break;
      default:
        out.push({ apiVersion: 'snapshot.storage.k8s.io/v1', kind: 'VolumeSnapshot', metadata, spec: { source: { persistentVolumeClaimName: 'data' }, volumeSnapshotClassName: 'fast' } });
    }
  }
  return out.map((object) => ({ object }));
}

const count = Number(process.argv[2] ?? 10000);
const manifests = objects(count);
const options = { customResourceDefinitions: definitions, references: false, policies: false };
for (const run of ['cold', 'warm']) {
  const started = process.hrtime.bigint();
  const report = validateManifests(manifests, options);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const errors = report.problems.filter((problem) => problem.severity === 'error').length;
  process.stdout.write(`${run}: ${count} custom resources in ${seconds.toFixed(2)} s = ${Math.round(count / seconds)} objects/s (${errors} errors)\n`);
}
process.stdout.write(`peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MiB\n`);
