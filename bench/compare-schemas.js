'use strict';
/**
 * Differential check of the schema layer between two builds of shipshape: generates random objects of every
 * top-level kind of both Kubernetes versions (fields drawn from the type shapes, values of right and wrong types,
 * unknown fields at every depth; seeded, so runs repeat) and reports every object whose schema findings differ.
 *
 *   npm run build && node bench/compare-schemas.js <other checkout with lib/ built> [objects per kind, default 20]
 *
 * Exits 1 when any finding differs. Used to check that a change of how schemas are packed or walked keeps every
 * verdict.
 */
const path = require('node:path');

function load(root) {
  const lib = path.join(path.resolve(root), 'lib', 'src', 'validate');
  const { checkSchema } = require(path.join(lib, 'schema.js'));
  const { SchemaCatalog } = require(path.join(lib, 'private', 'schema-catalog.js'));
  const catalogs = new Map();
  return (object, version) => {
    if (!catalogs.has(version)) catalogs.set(version, new SchemaCatalog(version));
    const findings = [];
    const outcome = checkSchema(object, catalogs.get(version), (finding) => findings.push(finding));
    return { outcome, findings };
  };
}

/** The tests' seeded PRNG (test/helpers/prng.ts), transpiled by esbuild, so that both draw the same objects from a seed. */
const { prng } = (() => {
  const file = path.join(__dirname, '..', 'test', 'helpers', 'prng.ts');
  const { code } = require('esbuild').transformSync(require('node:fs').readFileSync(file, 'utf8'), { loader: 'ts', format: 'cjs' });
  const module = { exports: {} };
  new Function('module', 'exports', code)(module, module.exports);
  return module.exports;
})();

const LEAVES = ['web', '', 80, -1, 2.5, 4294967296, true, false, null, '80', '1Gi', '250m', 'x'.repeat(70), 'None', 'TCP', 'Always', '2026-01-01T00:00:00Z', 'aGVsbG8=', {}, [], ['a'], { a: 'b' }];

function main() {
  const [other, perKind = '20'] = process.argv.slice(2);
  if (other === undefined) throw new Error('usage: node bench/compare-schemas.js <other checkout> [objects per kind]');
  const ours = load(path.resolve(__dirname, '..'));
  const theirs = load(other);
  const random = prng(20261129);
  const pick = (list) => list[Math.floor(random() * list.length)];
  const { ShapeRegistry } = require(path.join(__dirname, '..', 'lib', 'src', 'validate', 'private', 'model-shapes.js'));
  const { SchemaChunks } = require(path.join(__dirname, '..', 'lib', 'src', 'validate', 'private', 'schema-chunks.js'));
  let objects = 0;
  let differences = 0;
  let findings = 0;
  for (const version of ['1.27', '1.36']) {
    const folder = path.join(__dirname, '..', 'lib', 'schemas', `kubernetes-${version}`);
    const chunks = new SchemaChunks(folder, require);
    const shapes = ShapeRegistry.fromTable((key) => chunks.shape(key));
    const roots = Object.keys(require(path.join(folder, 'index.json')).roots);
    const value = (type, depth) => {
      if (depth > 7 || random() < 0.1) return pick(LEAVES);
      if (type.t === 'leaf') return pick(LEAVES);
      if (type.t === 'array') return random() < 0.15 ? pick(LEAVES) : Array.from({ length: 1 + Math.floor(random() * 2) }, () => value(type.of, depth + 1));
      if (type.t === 'map') return random() < 0.15 ? pick(LEAVES) : { k: value(type.of, depth + 1), 'a.b/c': value(type.of, depth + 1) };
      const props = shapes.resolve(type)?.props;
      if (props === undefined) return { free: pick(LEAVES) };
      const out = {};
      for (const [name, propType] of props) if (random() < 0.5) out[name] = value(propType, depth + 1);
      if (random() < 0.2) out[pick(['unknownField', 'contianers', 'Name', 'spec'])] = pick(LEAVES);
      return out;
    };
    for (const root of roots) {
      chunks.loadRoot(root);
      const [, apiVersion, kind] = /^(.*)\/(\w+)\.d\.ts$/.exec(root);
      for (let index = 0; index < Number(perKind); index++) {
        const object = value({ t: 'ref', file: root }, 0);
        if (typeof object !== 'object' || object === null || Array.isArray(object)) continue;
        if (random() < 0.9) object.apiVersion = apiVersion;
        if (random() < 0.9) object.kind = kind;
        for (const target of ['1.27', '1.36']) {
          objects += 1;
          const result = ours(object, target);
          findings += result.findings.length;
          const a = JSON.stringify(result);
          const b = JSON.stringify(theirs(object, target));
          if (a !== b) {
            differences += 1;
            if (differences <= 5) process.stdout.write(`difference at ${target} for ${root}:\n  object: ${JSON.stringify(object).slice(0, 400)}\n  this:   ${a.slice(0, 600)}\n  other:  ${b.slice(0, 600)}\n`);
          }
        }
      }
    }
  }
  process.stdout.write(`${objects} checks (objects x target versions), ${findings} findings, ${differences} checks with different findings\n`);
  process.exitCode = differences === 0 ? 0 : 1;
}

main();
