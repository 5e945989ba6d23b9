/** Synthesized YAML means the same to kubectl (YAML 1.1) as to shipshape: strings kubectl would retype are quoted. */
import { App } from 'cdk8s';
import { AppChart, ConfigMap, Environment } from '../../src';
import { synthesize } from '../../src/synth';
import { parseManifestsFromYaml } from '../../src/validate';

test('ConfigMap values like yes, on, n, 0777 and 1_000 are written so that kubectl reads them as the same strings', () => {
  const values = { a: 'yes', b: 'on', c: 'n', d: 'Off', e: '0777', f: '1_000', g: '1:30', h: '-.5', i: 'y', j: 'NO' };
  const app = new App();
  const chart = new AppChart(new Environment(app, 'dev'), 'shop');
  new ConfigMap(chart, 'Config', { data: values });
  const file = synthesize(app, { validate: false }).files.find((candidate) => candidate.path === 'dev/shop.k8s.yaml');
  const parsed = parseManifestsFromYaml(file?.content ?? '', 'dev/shop.k8s.yaml');
  expect(parsed.errors).toEqual([]);
  expect(parsed.manifests.find((manifest) => manifest.object.kind === 'ConfigMap')?.object.data).toEqual(values);
});
