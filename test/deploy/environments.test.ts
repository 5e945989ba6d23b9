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
      /a.k8s.yaml: document 0: YAML syntax error at line 2[\s\S]*b.k8s.yaml: document 0: the document has no apiVersion and kind/,
    );
  });

  test('applies exactly what the files say: timestamps stay strings, values kubectl reads differently and invalid UTF-8 are refused', () => {
    write('t.k8s.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: t}\ndata: {when: 2024-01-01}\n');
    expect(loadManifests([join(dir, 't.k8s.yaml')], dir)[0]?.object.data).toEqual({ when: '2024-01-01' });
    write('y.k8s.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: y}\ndata:\n  enabled: yes\n');
    expect(() => loadManifests([join(dir, 'y.k8s.yaml')], dir)).toThrow(/y\.k8s\.yaml: document 0: kubectl reads the unquoted value "yes" on line 5 as the boolean true/);
    writeFileSync(join(dir, 'u.k8s.yaml'), Buffer.from([0x61, 0x3a, 0x20, 0xff, 0x0a]));
    expect(() => loadManifests([join(dir, 'u.k8s.yaml')], dir)).toThrow(/u\.k8s\.yaml: the input is not valid UTF-8: byte 3 \(line 1\) is 0xff/);
  });
});
