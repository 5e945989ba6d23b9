/**
 * The schema fast path against the compiled validators it stands in for: it may leave an object to them, but it
 * must never call an object valid that they refuse. Objects of every top-level kind of both Kubernetes versions
 * are drawn at random from the type shapes, made valid by removing what the validator refuses, then broken in one
 * place (a leaf, a container, a required field, a wrong type, a field the type lacks, at any depth).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { SchemaCatalog, type CompiledValidator } from '../../../src/validate/private/schema-catalog';
import type { RefType, ShapeRegistry, TypeExpr } from '../../../src/validate/private/model-shapes';
import { SchemaFastPath } from '../../../src/validate/private/schema-fast-path';
import { nativeRequire } from '../../../src/validate/private/native-require';
import { checkSchema, unknownFieldPaths } from '../../../src/validate/schema';
import { prng } from '../../helpers/prng';

const LEAVES: unknown[] = [
  'web', '', 80, 0, -1, 2.5, 2147483648, 4294967296, true, false, null, '80', '1Gi', '250m', '1.5x', 'TCP', 'Always', 'IfNotPresent',
  '2026-01-01T00:00:00Z', '2026-13-01T00:00:00Z', 'aGVsbG8=', 'aGVsbG8', '~', {}, [], ['a'], { a: 'b' },
];
const PER_KIND = 8;
const MUTATIONS = 4;

type Json = Record<string, unknown>;

/** The top-level kinds of a version, as `apiVersion/kind` pairs. */
function rootsOf(version: '1.27' | '1.36'): [string, string][] {
  const files =
    version === '1.36'
      ? Object.keys((JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'src', 'validate', 'generated', 'kubernetes-1.36', 'index.json'), 'utf8')) as { roots: Record<string, unknown> }).roots)
      : packageRoots(dirname(nativeRequire.resolve('kubernetes-models-1-27/package.json')));
  return files.map((file) => /^(.*)\/(\w+)\.d\.ts$/.exec(file)).flatMap((match) => (match?.[1] !== undefined && match[2] !== undefined ? [[match[1], match[2]] as [string, string]] : []));
}

function packageRoots(dir: string): string[] {
  const roots: string[] = [];
  for (const group of readdirSync(dir, { withFileTypes: true })) {
    if (!group.isDirectory() || group.name.startsWith('_') || group.name === 'node_modules') continue;
    const versions = group.name.startsWith('v') ? [['', group.name]] : readdirSync(join(dir, group.name)).map((version) => [`${group.name}/`, version]);
    for (const [prefix, version] of versions) {
      const folder = join(dir, `${prefix}${version}`);
      let files: string[];
      try {
        files = readdirSync(folder);
      } catch {
        continue;
      }
      for (const file of files) if (file.endsWith('.d.ts') && file !== 'index.d.ts') roots.push(`${prefix}${version}/${file}`);
    }
  }
  return roots;
}

/** Follows a JSON pointer to the container and key of the value it names. */
function parentOf(root: unknown, pointer: string): { container: Json | unknown[]; key: string } | undefined {
  const segments = pointer.split('/').slice(1).map((raw) => raw.replace(/~1/g, '/').replace(/~0/g, '~'));
  const last = segments.pop();
  if (last === undefined) return undefined;
  let current: unknown = root;
  for (const segment of segments) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Json)[segment];
  }
  return current !== null && typeof current === 'object' ? { container: current as Json, key: last } : undefined;
}

function remove(root: unknown, pointer: string): boolean {
  const found = parentOf(root, pointer);
  if (found === undefined) return false;
  if (Array.isArray(found.container)) found.container.splice(Number(found.key), 1);
  else delete found.container[found.key];
  return true;
}

/** Removes what the validator refuses until it accepts the object; undefined when the root itself is refused. */
function repair(object: Json, validate: CompiledValidator): Json | undefined {
  for (let round = 0; round < 20; round++) {
    if (validate(object)) return object;
    const errors = [...(validate.errors ?? [])].sort((a, b) => b.instancePath.length - a.instancePath.length);
    const error = errors[0];
    if (error === undefined || error.instancePath === '') return undefined;
    if (!remove(object, error.instancePath)) return undefined;
  }
  return undefined;
}

/** Every position of a value: its JSON pointer. */
function positions(value: unknown, pointer = '', out: string[] = []): string[] {
  if (pointer !== '') out.push(pointer);
  if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) positions(item, `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`, out);
  }
  return out;
}

/** Random values of a type (drawn from its shape), and a pick from a list, both from one seeded generator. */
function drawer(random: () => number): { pick: <T>(list: readonly T[]) => T; draw: (type: TypeExpr, shapes: ShapeRegistry, depth: number) => unknown } {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const draw = (type: TypeExpr, shapes: ShapeRegistry, depth: number): unknown => {
    if (depth > 8 || random() < 0.05) return pick(LEAVES);
    switch (type.t) {
      case 'leaf':
        return pick(LEAVES);
      case 'array':
        return Array.from({ length: 1 + Math.floor(random() * 2) }, () => draw(type.of, shapes, depth + 1));
      case 'map':
        return { k: draw(type.of, shapes, depth + 1), 'a.b/c': draw(type.of, shapes, depth + 1) };
      case 'ref': {
        const props = shapes.resolve(type)?.props;
        if (props === undefined) return pick(LEAVES);
        const out: Json = {};
        for (const [name, propType] of props) if (random() < 0.6) out[name] = draw(propType, shapes, depth + 1);
        return out;
      }
    }
  };
  return { pick, draw };
}

/** An object of a top-level kind drawn from its shape and made valid for `validate`; undefined when it cannot be. */
function validObject(draw: ReturnType<typeof drawer>['draw'], root: RefType, shapes: ShapeRegistry, validate: CompiledValidator, apiVersion: string, kind: string): Json | undefined {
  const drawn = draw(root, shapes, 0) as Json;
  if (drawn === null || typeof drawn !== 'object' || Array.isArray(drawn)) return undefined;
  drawn.apiVersion = apiVersion;
  drawn.kind = kind;
  return repair(drawn, validate);
}

/** Breaks an object in one place: removes a field, adds one its type lacks, or puts a random leaf there. */
function breakOnce(object: Json, pick: <T>(list: readonly T[]) => T, random: () => number): Json | undefined {
  const places = positions(object).filter((pointer) => pointer !== '/apiVersion' && pointer !== '/kind');
  if (places.length === 0) return undefined;
  const copy = JSON.parse(JSON.stringify(object)) as Json;
  const place = pick(places);
  const target = parentOf(copy, place);
  if (target === undefined) return undefined;
  const change = random();
  if (change < 0.2) remove(copy, place);
  else if (change < 0.3) {
    const holder = (target.container as Json)[target.key];
    if (holder === null || typeof holder !== 'object' || Array.isArray(holder)) return undefined;
    (holder as Json).notAField = 'x';
  } else (target.container as Json)[target.key] = pick(LEAVES);
  return copy;
}

describe.each(['1.27', '1.36'] as const)('the schema fast path of Kubernetes %s', (version) => {
  const catalog = new SchemaCatalog(version);
  // Learning every kind at once, where validation learns a kind after its first objects.
  const fastPath = new SchemaFastPath(catalog.shapes, catalog.validatorOf, 0);
  const random = prng(version === '1.27' ? 2027 : 2036);
  const { pick, draw } = drawer(random);

  it('never calls an object valid that the compiled validator refuses or that has an unknown field, and proves most valid objects valid', () => {
    let valid = 0;
    let proven = 0;
    let broken = 0;
    let unsound: string[] = [];
    for (const [apiVersion, kind] of rootsOf(version)) {
      const found = catalog.lookup(apiVersion, kind);
      if (found.status !== 'served') continue;
      for (let index = 0; index < PER_KIND; index++) {
        const object = validObject(draw, found.root, catalog.shapes, found.validate, apiVersion, kind);
        if (object === undefined) continue;
        valid += 1;
        if (fastPath.isValid(object, found.root)) proven += 1;
        for (let mutation = 0; mutation < MUTATIONS; mutation++) {
          const copy = breakOnce(object, pick, random);
          if (copy === undefined) continue;
          if (found.validate(copy) && unknownFieldPaths(copy, found.root, catalog.shapes).length === 0) continue;
          broken += 1;
          if (fastPath.isValid(copy, found.root)) unsound.push(`${apiVersion} ${kind}: ${JSON.stringify(copy).slice(0, 300)}`);
        }
      }
    }
    unsound = unsound.slice(0, 5);
    expect(unsound).toEqual([]);
    expect(broken).toBeGreaterThan(500);
    expect(valid).toBeGreaterThan(200);
    // Free-form fields (RawExtension, JSON) are left to the validator; everything else is proven.
    expect(proven / valid).toBeGreaterThan(0.8);
  });

  it('gives the findings of the compiled validator for objects it cannot prove valid', () => {
    const found = catalog.lookup('apps/v1', 'Deployment');
    const object = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: { replicas: '3', selector: { matchLabels: { app: 'web' } }, template: { spec: { containers: [{ name: 'web', ports: [{ containerPort: 2147483648 }] }] } } },
    };
    expect(found.status).toBe('served');
    if (found.status !== 'served') return;
    expect(fastPath.isValid(object, found.root)).toBe(false);
    const findings: string[] = [];
    checkSchema(object, catalog, (finding) => findings.push(`${finding.ruleId} ${finding.fieldPath}`));
    expect(findings).toEqual(['schema/type spec.replicas', 'schema/format spec.template.spec.containers[0].ports[0].containerPort']);
  });

  it('leaves the first objects of a kind to the compiled validator, and proves the later ones valid', () => {
    const fresh = new SchemaCatalog(version);
    const found = fresh.lookup('v1', 'ConfigMap');
    expect(found.status).toBe('served');
    if (found.status !== 'served') return;
    const verdicts = Array.from({ length: 30 }, (_, index) => fresh.fastPath.isValid({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `c${index}` }, data: { a: 'b' } }, found.root));
    expect(verdicts.indexOf(true)).toBeGreaterThan(10);
    expect(verdicts.slice(verdicts.indexOf(true)).every(Boolean)).toBe(true);
  });
});

describe('the schema fast path of both Kubernetes versions in one walk', () => {
  const catalogs = [new SchemaCatalog('1.27'), new SchemaCatalog('1.36')] as const;
  const [older, newer] = catalogs.map((catalog) => new SchemaFastPath(catalog.shapes, catalog.validatorOf, 0)) as [SchemaFastPath, SchemaFastPath];
  const random = prng(20261130);
  const { pick, draw } = drawer(random);

  it('proves an object valid in both exactly when each version alone proves it', () => {
    let objects = 0;
    let provenInBoth = 0;
    let differences: string[] = [];
    for (const [apiVersion, kind] of rootsOf('1.36')) {
      const [a, b] = catalogs.map((catalog) => catalog.lookup(apiVersion, kind));
      if (a?.status !== 'served' || b?.status !== 'served') continue;
      for (let index = 0; index < 2 * PER_KIND; index++) {
        // Drawn from one version's shapes and made valid there, so that objects use what the other version lacks or
        // refuses (fields added in 1.36, the enums 1.36 declares where 1.27 takes any string).
        const [from, catalog] = index % 2 === 0 ? [a, catalogs[0]] : [b, catalogs[1]];
        const object = validObject(draw, from.root, catalog.shapes, from.validate, apiVersion, kind);
        if (object === undefined) continue;
        for (const candidate of [object, breakOnce(object, pick, random), breakOnce(object, pick, random)]) {
          if (candidate === undefined) continue;
          objects += 1;
          const inBoth = older.isValidInBoth(candidate, a.root, newer, b.root);
          const each = older.isValid(candidate, a.root) && newer.isValid(candidate, b.root);
          if (inBoth) provenInBoth += 1;
          if (inBoth !== each) differences.push(`${apiVersion} ${kind}: both ${inBoth}, each ${each}: ${JSON.stringify(candidate).slice(0, 300)}`);
        }
      }
    }
    differences = differences.slice(0, 5);
    expect(differences).toEqual([]);
    expect(objects).toBeGreaterThan(500);
    expect(provenInBoth).toBeGreaterThan(100);
  });
});
