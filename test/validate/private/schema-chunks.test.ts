/**
 * The schema chunks that `npm run build` writes (scripts/schema-chunks.js) against the kubernetes-models package
 * they are made from: the same objects, checked through the chunks and through the package's own validator files
 * and .d.ts declarations, give the same findings, for random objects of every top-level kind.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Finding } from '../../../src/validate/private/collector';
import { SchemaCatalog } from '../../../src/validate/private/schema-catalog';
import { SchemaChunks } from '../../../src/validate/private/schema-chunks';
import { ShapeRegistry, type TypeExpr } from '../../../src/validate/private/model-shapes';
import { nativeRequire } from '../../../src/validate/private/native-require';
import { checkSchema } from '../../../src/validate/schema';
import { prng } from '../../helpers/prng';

const REPO = join(__dirname, '..', '..', '..');
const PROVIDER = Symbol.for('shipshape.schema-bundles');
const LEAVES: unknown[] = [
  'web', '', 80, -1, 2.5, 4294967296, true, null, '80', '1Gi', '250m', 'x'.repeat(70), 'TCP',
  '2026-01-01T00:00:00Z', '2026-13-01T00:00:00Z', 'aGVsbG8=', 'aGVsbG8', {}, [], ['a'], { a: 'b' },
];

let folder: string;

beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'shipshape-chunks-'));
  const { writeSchemaChunks } = nativeRequire(join(REPO, 'scripts', 'schema-chunks.js')) as { writeSchemaChunks: (packageDir: string, out: string, header: string) => unknown };
  writeSchemaChunks(dirname(nativeRequire.resolve('kubernetes-models-1-27/package.json')), folder, 'test');
}, 120_000);

afterAll(() => {
  delete (globalThis as Record<symbol, unknown>)[PROVIDER];
  rmSync(folder, { recursive: true, force: true });
});

function findingsOf(catalog: SchemaCatalog, object: Record<string, unknown>): { outcome: string; findings: Finding[] } {
  const findings: Finding[] = [];
  const outcome = checkSchema(object, catalog, (finding) => findings.push(finding));
  return { outcome, findings };
}

describe('the schema chunks of Kubernetes 1.27', () => {
  test('give the findings of the package files for random objects of every top-level kind', () => {
    (globalThis as Record<symbol, unknown>)[PROVIDER] = (version: string) => (version === '1.27' ? { folder, load: nativeRequire } : undefined);
    const chunked = new SchemaCatalog('1.27');
    delete (globalThis as Record<symbol, unknown>)[PROVIDER];
    const installed = new SchemaCatalog('1.27');
    const chunks = new SchemaChunks(folder, nativeRequire);
    const shapes = ShapeRegistry.fromTable((key) => chunks.shape(key));
    const roots = Object.keys((nativeRequire(join(folder, 'index.json')) as { roots: Record<string, number[]> }).roots);
    expect(roots).toEqual(expect.arrayContaining(['apps/v1/Deployment.d.ts', 'v1/Service.d.ts', 'networking.k8s.io/v1/Ingress.d.ts']));
    const random = prng(1327);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
    const value = (type: TypeExpr, depth: number): unknown => {
      if (depth > 6 || type.t === 'leaf' || random() < 0.1) return pick(LEAVES);
      if (type.t === 'array') return [value(type.of, depth + 1)];
      if (type.t === 'map') return { k: value(type.of, depth + 1) };
      const props = shapes.resolve(type)?.props;
      if (props === undefined) return { free: pick(LEAVES) };
      const out: Record<string, unknown> = {};
      for (const [name, propType] of props) if (random() < 0.5) out[name] = value(propType, depth + 1);
      if (random() < 0.2) out[pick(['unknownField', 'contianers', 'Name'])] = pick(LEAVES);
      return out;
    };
    let findings = 0;
    let unknownFields = 0;
    for (const root of roots) {
      chunks.loadRoot(root);
      const [, apiVersion, kind] = /^(.*)\/(\w+)\.d\.ts$/.exec(root)!;
      for (let index = 0; index < 5; index++) {
        const object = value({ t: 'ref', file: root }, 0) as Record<string, unknown>;
        if (typeof object !== 'object' || object === null || Array.isArray(object)) continue;
        object.apiVersion = apiVersion;
        object.kind = kind;
        const expected = findingsOf(installed, object);
        expect(findingsOf(chunked, object)).toEqual(expected);
        findings += expected.findings.length;
        unknownFields += expected.findings.filter((finding) => finding.ruleId === 'schema/unknown-field').length;
      }
    }
    // The comparison means something only if the objects break many rules.
    expect(findings).toBeGreaterThan(1000);
    expect(unknownFields).toBeGreaterThan(50);
  });

  test('report an apiVersion and kind that no chunk holds as missing, as the package does', () => {
    (globalThis as Record<symbol, unknown>)[PROVIDER] = (version: string) => (version === '1.27' ? { folder, load: nativeRequire } : undefined);
    const chunked = new SchemaCatalog('1.27');
    delete (globalThis as Record<symbol, unknown>)[PROVIDER];
    for (const [apiVersion, kind] of [['apps/v1', 'Deploymnet'], ['v1', 'ObjectMeta'], ['apps/v9', 'Deployment']] as const) {
      expect(chunked.lookup(apiVersion, kind).status).toBe('unknown');
      expect(new SchemaCatalog('1.27').lookup(apiVersion, kind).status).toBe('unknown');
    }
    expect(chunked.lookup('extensions/v1beta1', 'Ingress').status).toBe(new SchemaCatalog('1.27').lookup('extensions/v1beta1', 'Ingress').status);
  });
});
