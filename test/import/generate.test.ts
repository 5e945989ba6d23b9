/** `shipshape import`: CRDs → TypeScript modules that compile under our strict settings and are deterministic. */
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { dump, loadAll } from 'js-yaml';
import * as ts from 'typescript';
import { main } from '../../src/cli/main';
import { CrdSource, generateImports, ImportError } from '../../src/import/generate';
import { captureIo } from '../validate/io-helpers';

const REPO = resolve(__dirname, '..', '..');
const CRDS = join(REPO, 'test', 'fixtures', 'crds');
const COMMITTED = join(REPO, 'test', 'fixtures', 'imports');
const FIXTURE_COMMAND = 'shipshape import test/fixtures/crds -o test/fixtures/imports --module ../../../src';

function sourcesOf(dir: string, files = readdirSync(dir).filter((file) => file.endsWith('.yaml')).sort()): CrdSource[] {
  return files.flatMap((file) =>
    (loadAll(readFileSync(join(dir, file), 'utf8')) as Record<string, any>[]).map((object, index) => ({ object: object as CrdSource['object'], origin: `${file} (document ${index + 1})` })),
  );
}

const WIDGET_SCHEMA = {
  type: 'object',
  required: ['spec'],
  properties: {
    apiVersion: { type: 'string' },
    kind: { type: 'string' },
    metadata: { type: 'object' },
    status: { type: 'object', properties: { ready: { type: 'boolean' } } },
    spec: {
      type: 'object',
      description: 'What the widget should be. A comment end */ inside stays harmless.',
      required: ['size', 'mode'],
      properties: {
        size: { type: 'integer', minimum: 1, description: 'How big.' },
        mode: { type: 'string', enum: ['fast', 'slow'] },
        port: { 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }] },
        extra: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
        tags: { type: 'object', additionalProperties: { type: 'string' } },
        'app.kubernetes.io/name': { type: 'string' },
        default: { type: 'string' },
        replicas: { type: 'integer', default: 1 },
        nested: { type: 'object', properties: { inner: { type: 'object', properties: { value: { type: 'string', nullable: true } } } } },
        list: { type: 'array', items: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } } },
      },
    },
  },
};

const WIDGET_CRD = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'widgets.example.com' },
  spec: {
    group: 'example.com',
    names: { kind: 'Widget', plural: 'widgets' },
    scope: 'Namespaced',
    versions: [
      { name: 'v1alpha1', served: false, storage: false, schema: { openAPIV3Schema: WIDGET_SCHEMA } },
      { name: 'v1beta1', served: true, storage: false, deprecated: true, schema: { openAPIV3Schema: WIDGET_SCHEMA } },
      { name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: WIDGET_SCHEMA } },
    ],
  },
};

const GADGET_CRD = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'gadgets.example.com' },
  spec: {
    group: 'example.com',
    names: { kind: 'Gadget', plural: 'gadgets' },
    scope: 'Cluster',
    versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: { colour: { type: 'string' } } } } } } }],
  },
};

/** Compiles files with the repository's strict compiler options; returns the diagnostics as text. */
function compile(files: string[]): string[] {
  const config = ts.readConfigFile(join(REPO, 'tsconfig.json'), (path) => ts.sys.readFile(path));
  const { options } = ts.parseJsonConfigFileContent(config.config, ts.sys, REPO);
  const program = ts.createProgram(files, { ...options, noEmit: true });
  return ts.getPreEmitDiagnostics(program).map((diagnostic) => `${diagnostic.file?.fileName ?? ''}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`);
}

describe('generateImports', () => {
  test('the committed fixture modules are exactly what the generator writes now (deterministic, not stale)', () => {
    const modules = generateImports(sourcesOf(CRDS), { command: FIXTURE_COMMAND, module: '../../../src' });
    expect(modules.map((module) => module.file)).toEqual(readdirSync(COMMITTED).sort());
    for (const module of modules) expect(module.content).toBe(readFileSync(join(COMMITTED, module.file), 'utf8'));
  });

  test('the output does not depend on the order of the input', () => {
    const sources = sourcesOf(CRDS);
    const forward = generateImports(sources, { command: 'c' });
    const backward = generateImports([...sources].reverse(), { command: 'c' });
    expect(backward).toEqual(forward);
  });

  test('one module per API group, one class per served version: the storage version unversioned, others suffixed', () => {
    const [module] = generateImports([{ object: WIDGET_CRD, origin: 'w' }, { object: GADGET_CRD, origin: 'g' }], { command: 'c' });
    expect(module?.file).toBe('example.com.ts');
    expect(module?.classes).toEqual(['Gadget', 'Widget', 'WidgetV1Beta1']);
    expect(module?.content).toMatch(/^\/\/ Generated by `shipshape import`/);
    expect(module?.content).toContain('//   c\n');
    expect(module?.content).toContain('@deprecated The CRD deprecates this version');
    expect(module?.content).toContain('clusterScoped: true');
  });

  test('types follow the schema: required, enums, int-or-string, maps, preserved fields, nullable, quoted names', () => {
    const content = generateImports([{ object: WIDGET_CRD, origin: 'w' }], { command: 'c' })[0]?.content ?? '';
    expect(content).toContain('readonly size: number;');
    expect(content).toContain('readonly mode: "fast" | "slow";');
    expect(content).toContain('readonly port?: number | string;');
    expect(content).toContain('readonly tags?: { readonly [key: string]: string };');
    expect(content).toContain('readonly extra?: { readonly [key: string]: unknown };');
    expect(content).toContain('readonly "app.kubernetes.io/name"?: string;');
    expect(content).toContain('readonly "default"?: string;');
    expect(content).toContain('readonly value?: string | null;');
    expect(content).toContain('readonly list?: readonly WidgetSpecList[];');
    expect(content).toContain('@default 1 (set by the API server)');
    expect(content).toContain('comment end *\\/ inside');
    expect(content).not.toMatch(/readonly status/);
  });

  test('generated modules compile under the strict tsconfig, and their types refuse wrong props', () => {
    const dir = mkdtempSync(join(REPO, '.tmp-import-'));
    try {
      const [module] = generateImports([{ object: WIDGET_CRD, origin: 'w' }, { object: GADGET_CRD, origin: 'g' }], { command: 'c', module: '../src' });
      writeFileSync(join(dir, 'example.com.ts'), module?.content ?? '');
      writeFileSync(
        join(dir, 'usage.ts'),
        [
          "import { App, AppChart, Environment } from '../src';",
          "import { Gadget, Widget, WidgetV1Beta1 } from './example.com';",
          "const chart = new AppChart(new Environment(new App(), 'dev'), 'c');",
          "new Widget(chart, 'A', { spec: { size: 1, mode: 'fast', port: 'http', extra: { any: [1] }, tags: { a: 'b' }, 'app.kubernetes.io/name': 'x', default: 'd', nested: { inner: { value: null } }, list: [{ name: 'n' }] } });",
          "new WidgetV1Beta1(chart, 'Old', { spec: { size: 2, mode: 'slow' } });",
          "new Gadget(chart, 'G');",
          '// @ts-expect-error mode is an enum',
          "new Widget(chart, 'B', { spec: { size: 1, mode: 'medium' } });",
          '// @ts-expect-error size is required',
          "new Widget(chart, 'C', { spec: { mode: 'fast' } });",
          '// @ts-expect-error colour is not a field',
          "new Widget(chart, 'D', { spec: { size: 1, mode: 'fast', colour: 'red' } });",
          '// @ts-expect-error spec is required',
          "new Widget(chart, 'E', {});",
          '',
        ].join('\n'),
      );
      expect(compile([join(dir, 'example.com.ts'), join(dir, 'usage.ts')])).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a CRD in a removed apiVersion is refused, naming where it came from', () => {
    const old = { ...WIDGET_CRD, apiVersion: 'apiextensions.k8s.io/v1beta1' };
    expect(() => generateImports([{ object: old, origin: 'crds/widget.yaml (document 1)' }], { command: 'c' })).toThrow(ImportError);
    expect(() => generateImports([{ object: old, origin: 'crds/widget.yaml (document 1)' }], { command: 'c' })).toThrow(
      /crds\/widget\.yaml \(document 1\): CustomResourceDefinition 'widgets\.example\.com': apiVersion "apiextensions\.k8s\.io\/v1beta1" is not supported/,
    );
  });

  test('input without any CRD is an error that says what to give', () => {
    expect(() => generateImports([{ object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } }, origin: 'x' }], { command: 'c' })).toThrow(
      /no CustomResourceDefinition \(apiextensions\.k8s\.io\/v1\) found/,
    );
  });

  test('a top-level field that clashes with the metadata props is refused', () => {
    const clash = structuredClone(GADGET_CRD);
    (clash.spec.versions[0]?.schema.openAPIV3Schema.properties as Record<string, unknown>).labels = { type: 'object' };
    expect(() => generateImports([{ object: clash, origin: 'g' }], { command: 'c' })).toThrow(/top-level field 'labels'/);
  });
});

describe('shipshape import', () => {
  async function run(args: string[], cwd: string, stdin = '') {
    const capture = captureIo(cwd, stdin);
    const code = await main(['import', ...args], capture.io);
    return { code, stdout: capture.stdout(), stderr: capture.stderr() };
  }

  test('reads files, folders and standard input and writes <output>/<group>.ts, saying how to regenerate', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'import-cli-'));
    mkdirSync(join(dir, 'crds'));
    writeFileSync(join(dir, 'crds', 'all.yaml'), [WIDGET_CRD, GADGET_CRD].map((crd) => dump(crd)).join('---\n'));
    const fromFolder = await run(['crds', '-o', 'out'], dir);
    expect(fromFolder).toMatchObject({ code: 0, stderr: '' });
    expect(fromFolder.stdout).toBe('out/example.com.ts: Gadget, Widget, WidgetV1Beta1\n');
    expect(readFileSync(join(dir, 'out', 'example.com.ts'), 'utf8')).toContain('//   shipshape import crds -o out\n');
    const fromStdin = await run(['-'], dir, readFileSync(join(CRDS, 'monitoring.coreos.com_prometheusrules.yaml'), 'utf8'));
    expect(fromStdin.code).toBe(0);
    expect(readFileSync(join(dir, 'imports', 'monitoring.coreos.com.ts'), 'utf8')).toContain("from 'shipshape'");
  });

  test('a missing file is a usage error and nothing is written', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'import-cli-'));
    const result = await run(['missing.yaml'], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('cannot open missing.yaml: ENOENT');
    expect(readdirSync(dir)).toEqual([]);
  });

  test('without arguments it says what to give', async () => {
    const result = await run([], tmpdir());
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/give at least one CRD file or folder/);
  });
});

describe('kinds named like what generated code uses', () => {
  test('a kind called Construct or CustomResource compiles', () => {
    const named = (kind: string, plural: string) => ({ ...structuredClone(GADGET_CRD), metadata: { name: `${plural}.example.com` }, spec: { ...structuredClone(GADGET_CRD.spec), names: { kind, plural } } });
    const dir = mkdtempSync(join(REPO, '.tmp-import-'));
    try {
      const [module] = generateImports([{ object: named('Construct', 'constructs'), origin: 'a' }, { object: named('CustomResource', 'customresources'), origin: 'b' }], { command: 'c', module: '../src' });
      expect(module?.classes).toEqual(['Construct', 'CustomResource']);
      writeFileSync(join(dir, 'example.com.ts'), module?.content ?? '');
      expect(compile([join(dir, 'example.com.ts')])).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
