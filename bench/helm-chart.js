'use strict';
/**
 * Writes a Helm chart that renders the same objects as the shipshape benchmark app, for `helm template`:
 * shipshape synthesizes one chart of the app, and its output (manifests and Secrets files) becomes a template
 * ranged over the N chart ids in values.yaml. Helm renders text without validating it; the objects, their
 * fields and their bytes are those shipshape writes (only the file layout differs: Helm writes one file).
 */
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const FIRST_ID = 'shop-0000';

/** The ids of N charts, as generate.js names them. */
function chartIds(charts) {
  return Array.from({ length: charts }, (_, index) => `shop-${String(index).padStart(4, '0')}`);
}

/**
 * Writes `<folder>/helm/` for `charts` charts. `oneChartApp` is a shipshape app folder of one chart (generate.js)
 * and `cli` the shipshape command line that synthesizes it.
 */
function generateHelmChart(folder, charts, oneChartApp, cli) {
  const out = path.resolve(oneChartApp, 'helm-source');
  fs.rmSync(out, { recursive: true, force: true });
  execFileSync(process.execPath, [cli, 'synth', '--app', 'main.ts', '--output', out, '--quiet'], { cwd: oneChartApp, stdio: 'inherit' });
  const documents = ['k8s.yaml', 'secrets.k8s.yaml'].map((suffix) => fs.readFileSync(path.join(out, 'dev', `${FIRST_ID}.${suffix}`), 'utf8'));
  const body = documents.map((text) => text.trimEnd()).join('\n---\n');
  if (body.includes('{{')) throw new Error('the shipshape output contains "{{", which Helm would read as a template');
  const template = `{{- range $id := .Values.shops }}\n---\n${body.split(FIRST_ID).join('{{ $id }}')}\n{{- end }}\n`;
  const chart = path.join(folder, 'helm');
  fs.mkdirSync(path.join(chart, 'templates'), { recursive: true });
  fs.writeFileSync(path.join(chart, 'Chart.yaml'), `apiVersion: v2\nname: shop\nversion: 0.1.0\ndescription: The shipshape benchmark app of ${charts} charts, as a Helm chart.\n`);
  fs.writeFileSync(path.join(chart, 'values.yaml'), `shops:\n${chartIds(charts).map((id) => `  - ${id}`).join('\n')}\n`);
  fs.writeFileSync(path.join(chart, 'templates', 'shops.yaml'), template);
  return chart;
}

module.exports = { generateHelmChart };
