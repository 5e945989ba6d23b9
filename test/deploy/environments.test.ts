import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { selectEnvironment } from '../../src/deploy/environments';
import { loadManifests } from '../../src/deploy/load';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'shipshape-deploy-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function write(path: string, text: string): void {
  mkdirSync(join(dir, path, '..'), { recursive: true });
  writeFileSync(join(dir, path), text);
}

describe('selectEnvironment', () => {
  test('picks the only environment and includes its secrets file', () => {
    write('prod/shop.k8s.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n');
    write('prod/shop.secrets.k8s.yaml', 'apiVersion: v1\nkind: Secret\nmetadata: {name: s}\n');
    write('prod/notes.txt', 'not a manifest');
    const environment = selectEnvironment(dir);
    expect(environment.name).toBe('prod');
    expect(environment.files.map((f) => f.slice(dir.length + 1))).toEqual(['prod/shop.k8s.yaml', 'prod/shop.secrets.k8s.yaml']);
  });

  test('fails when there are several environments and none is chosen', () => {
    write('dev/a.k8s.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n');
    write('prod/a.k8s.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n');
    expect(() => selectEnvironment(dir)).toThrow(/several environments \(dev, prod\); choose one with --environment/);
    expect(selectEnvironment(dir, 'dev').name).toBe('dev');
    expect(() => selectEnvironment(dir, 'qa')).toThrow(/environment 'qa' not found/);
  });

  test('takes a folder holding manifests as one environment', () => {
    write('a.k8s.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n');
    expect(selectEnvironment(dir).files).toHaveLength(1);
  });
});

describe('loadManifests', () => {
  test('reads every document with its file and position, skipping empty ones', () => {
    write('a.k8s.yaml', '---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\n');
    const manifests = loadManifests([join(dir, 'a.k8s.yaml')], dir);
    expect(manifests.map((m) => [m.object.metadata.name, m.file])).toEqual([['a', 'a.k8s.yaml'], ['b', 'a.k8s.yaml']]);
  });

  test('reports every broken file together', () => {
    write('a.k8s.yaml', 'kind: [');
    write('b.k8s.yaml', 'just: text\n');
    expect(() => loadManifests([join(dir, 'a.k8s.yaml'), join(dir, 'b.k8s.yaml')], dir)).toThrow(
      /a.k8s.yaml: not valid YAML[\s\S]*b.k8s.yaml: document 0 is not a Kubernetes object/,
    );
  });
});
