/**
 * The fast paths of synthesis write exactly what the simple ones would: the YAML writer what js-yaml writes,
 * and an output folder re-synthesized over unchanged files the same bytes and modes as a fresh one.
 * (Correctness only: timings are for `npm run bench`, never for tests.)
 */
import { statSync, readFileSync, writeFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { KubeObject } from '../../src';
import { replaceOutputFolder } from '../../src/synth';
import { dumpWithJsYaml, toYamlDocument } from '../../src/synth/yaml';
import { snapshotFolder, tempDir } from '../helpers/cli';

const jsYaml = dumpWithJsYaml;

/** Strings that YAML reads as something else, or that need quotes, escapes or block style. */
const TRICKY_STRINGS = [
  '', ' ', 'a', 'web', 'app.kubernetes.io/name', 'true', 'True', 'FALSE', 'null', 'Null', '~', 'yes', 'no', 'on', 'off', 'y', 'n',
  '0', '1', '-1', '+1', '007', '0x1F', '0o17', '0b101', '1_000', '1e3', '1.5', '.5', '.inf', '-.Inf', '.nan', '1:30', '2024-01-02',
  '2024-01-02T03:04:05Z', '100m', '256Mi', '10Gi', '25%', 'nginx:1.27', 'http://example.com:80/x', 'a: b', 'a #b', 'a#b', '#x', 'x:',
  ':x', '-x', '- x', '?x', '@x', '`x', '!x', '&x', '*x', '|x', '>x', "'x'", '"x"', '%x', '[x]', '{x}', 'a,b', 'x ', ' x', 'tab\there',
  'cr\rhere', 'bell\u0007', 'nbsp\u00a0', 'bom\ufeff', 'line\u2028sep', 'emoji 🚀', 'été', '<<', '=', 'multi\nline', 'ends\n', 'two\n\n',
  ' lead\nline', 'x'.repeat(1500), `key${'k'.repeat(1030)}`, '73f0ecc82772fa22', '0123456789abcdef', '1234e5678', 'a'.padEnd(90, ' b'),
];

function tricky(): unknown[] {
  const values: unknown[] = [...TRICKY_STRINGS, 0, 1, -1, 1.5, -0, 1e21, 2 ** 53, 0.1, NaN, Infinity, -Infinity, true, false, null, [], {}];
  return values;
}

describe('the YAML writer', () => {
  test('writes every tricky scalar, as a value, a key and a list item, exactly as js-yaml does', () => {
    for (const value of tricky()) {
      const documents: unknown[] = [value, { key: value }, { list: [value, value] }, [[value]], { nested: { deeper: [{ a: value, b: [value] }] } }];
      if (typeof value === 'string') documents.push({ [value]: 'v', other: { [value]: [value] } });
      for (const document of documents) expect(toYamlDocument(document as KubeObject)).toBe(jsYaml(document));
    }
  });

  test('writes what js-yaml writes for values it leaves to js-yaml (undefined, Dates, Buffers, class instances)', () => {
    class Custom {
      readonly a = 1;
    }
    const documents = [
      { skipped: undefined, kept: 1 },
      { list: [1, undefined, 2] },
      { when: new Date(Date.UTC(2024, 0, 2)) },
      { bytes: Buffer.from('hi') },
      { nullPrototype: Object.assign(Object.create(null) as object, { b: 2, a: 1 }) },
      { custom: new Custom() },
    ];
    for (const document of documents) expect(toYamlDocument(document as unknown as KubeObject)).toBe(jsYaml(document));
    expect(() => toYamlDocument({ fn: () => 1 } as unknown as KubeObject)).toThrow(/unacceptable kind/);
  });

  test('orders apiVersion, kind and metadata first at every depth, then the other keys by code unit', () => {
    const document = { spec: { b: 1, kind: 'x', a: 2, apiVersion: 'v', B: 3, é: 4, _: 5 }, metadata: { name: 'n' }, kind: 'K', apiVersion: 'v1', Z: 1 };
    expect(toYamlDocument(document as unknown as KubeObject)).toBe(jsYaml(document));
  });
});

describe('re-synthesis over unchanged output', () => {
  test('gives the same files, bytes and modes as a fresh write, and leaves no file shared with anything else', () => {
    const parent = tempDir();
    const out = join(parent, 'dist');
    const files = [
      { path: 'dev/app.k8s.yaml', content: 'kind: A\n' },
      { path: 'dev/app.secrets.k8s.yaml', content: 'kind: Secret\n', private: true },
      { path: 'prod/app.k8s.yaml', content: 'kind: B\n' },
    ];
    replaceOutputFolder(out, files);
    const fresh = snapshotFolder(out);
    // A file changed by hand and a file whose mode was changed must be written again, not kept.
    writeFileSync(join(out, 'prod', 'app.k8s.yaml'), 'edited by hand\n');
    chmodSync(join(out, 'dev', 'app.k8s.yaml'), 0o664);
    replaceOutputFolder(out, files);
    expect(snapshotFolder(out)).toEqual(fresh);
    expect(readFileSync(join(out, 'prod', 'app.k8s.yaml'), 'utf8')).toBe('kind: B\n');
    expect(statSync(join(out, 'dev', 'app.k8s.yaml')).mode & 0o777).toBe(0o644);
    expect(statSync(join(out, 'dev', 'app.secrets.k8s.yaml')).mode & 0o777).toBe(0o600);
    for (const file of files) expect(statSync(join(out, ...file.path.split('/'))).nlink).toBe(1);
  });
});
