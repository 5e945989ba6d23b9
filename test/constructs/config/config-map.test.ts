import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Testing } from 'cdk8s';
import { AppChart, ConfigMap, Deployment, synthesize } from '../../../src';
import { expectValidationError } from '../../helpers/errors';
import { findObject } from '../../helpers/find';

let folder: string;
beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'shipshape-config-map-'));
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function newChart(): AppChart {
  return new AppChart(new App(), 'shop');
}

describe('ConfigMap', () => {
  test('a ConfigMap without data writes neither data nor binaryData', () => {
    const chart = newChart();
    new ConfigMap(chart, 'Config');
    const configMap = findObject(Testing.synth(chart), 'ConfigMap', 'config');
    expect(configMap).not.toHaveProperty('data');
    expect(configMap).not.toHaveProperty('binaryData');
    expect(configMap).not.toHaveProperty('immutable');
  });

  test('a ConfigMap writes literal data, text files, binary files, labels, annotations and immutable', () => {
    const app = new App();
    const chart = new AppChart(app, 'shop');
    const text = join(folder, 'app.properties');
    const binary = join(folder, 'logo.png');
    writeFileSync(text, 'color=blue\n');
    writeFileSync(binary, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0xff, 0xfe, 0x00]));
    const config = new ConfigMap(chart, 'Config', { name: 'settings', data: { mode: 'fast' }, immutable: true, labels: { tier: 'web' }, annotations: { note: 'x' } });
    config.addData('extra', 'added later');
    config.addFile(text);
    config.addFile(binary, { key: 'logo' });
    expect(config.keys).toEqual(new Set(['mode', 'extra', 'app.properties', 'logo']));
    const configMap = findObject(synthesize(app).manifests, 'ConfigMap', 'settings');
    expect(configMap.data).toEqual({ mode: 'fast', extra: 'added later', 'app.properties': 'color=blue\n' });
    expect(configMap.binaryData).toEqual({ logo: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0xff, 0xfe, 0x00]).toString('base64') });
    expect(configMap.immutable).toBe(true);
    expect(configMap.metadata.labels).toMatchObject({ tier: 'web' });
    expect(configMap.metadata.annotations).toEqual({ note: 'x' });
  });

  test('a ConfigMap reads a file when addFile is called, not later', () => {
    const chart = newChart();
    const path = join(folder, 'early.txt');
    writeFileSync(path, 'first');
    new ConfigMap(chart, 'Config').addFile(path);
    writeFileSync(path, 'second');
    expect(findObject(Testing.synth(chart), 'ConfigMap', 'config').data).toEqual({ 'early.txt': 'first' });
  });

  test('ConfigMap.fromConfigMapName refers to an existing ConfigMap by name, with the keys it is known to hold', () => {
    const chart = newChart();
    const existing = ConfigMap.fromConfigMapName(chart, 'ca-bundle', ['ca.crt']);
    expect(existing).toMatchObject({ kind: 'ConfigMap', name: 'ca-bundle', external: true });
    expect(existing.keys).toEqual(new Set(['ca.crt']));
    expect(existing.contentFingerprint()).toBeUndefined();
    expect(ConfigMap.fromConfigMapName(chart, 'any').keys).toBeUndefined();
  });

  test('a ConfigMap used by a workload is referenced by its name', () => {
    const chart = newChart();
    const config = new ConfigMap(chart, 'Config', { data: { a: 'b' } });
    new Deployment(chart, 'Web', { containers: [{ image: 'nginx:1.27', envFrom: [config] }] });
    expect(findObject(Testing.synth(chart), 'Deployment', 'web').spec.template.spec.containers[0].envFrom).toEqual([{ configMapRef: { name: 'config' } }]);
  });

  test('fails when addFile is given a file that does not exist', () => {
    const missing = join(folder, 'missing.yaml');
    expectValidationError(() => new ConfigMap(newChart(), 'Config').addFile(missing), {
      problem: /cannot be read \(ENOENT\)/,
      path: 'shop/Config',
      field: `addFile(${JSON.stringify(missing)})`,
      value: JSON.stringify(missing),
      fix: /Check the path/,
    });
  });

  test('fails when a key is added twice', () => {
    const config = new ConfigMap(newChart(), 'Config', { data: { mode: 'fast' } });
    expectValidationError(() => config.addData('mode', 'slow'), {
      problem: /key is already defined/,
      path: 'shop/Config',
      field: 'data.mode',
      value: '"mode"',
      fix: /Use each key once/,
    });
  });

  test('fails when a file is added under a key that literal data already uses', () => {
    const path = join(folder, 'mode');
    writeFileSync(path, 'x');
    const config = new ConfigMap(newChart(), 'Config', { data: { mode: 'fast' } });
    expect(() => config.addFile(path)).toThrow(/addFile\(".*mode"\)\.key: key is already defined, got "mode"/);
  });

  test('fails when a key holds characters keys cannot have', () => {
    expectValidationError(() => new ConfigMap(newChart(), 'Config', { data: { 'conf/app.yaml': 'x' } }), {
      problem: /key may only contain letters, digits/,
      path: 'shop/Config',
      field: 'data.conf/app.yaml',
      value: '"conf/app.yaml"',
      fix: /Rename the key/,
    });
  });

  test('fails when the data grows beyond the 1 MiB the API server accepts', () => {
    const config = new ConfigMap(newChart(), 'Config', { data: { half: 'x'.repeat(600 * 1024) } });
    expect(() => config.addData('more', 'y'.repeat(600 * 1024))).toThrow(/ConfigMap 'shop\/Config': data: is larger than the 1 MiB the API server accepts, got "1228808 bytes"\. Split the data/);
  });
});

test('an entry refused for size is not kept', () => {
  const chart = new AppChart(Testing.app(), 'big');
  const config = new ConfigMap(chart, 'Config');
  expect(() => config.addData('huge', 'x'.repeat(1024 * 1024 + 1))).toThrow(/larger than the 1 MiB/);
  expect([...config.keys]).toEqual([]);
});
