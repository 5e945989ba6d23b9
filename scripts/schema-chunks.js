'use strict';
/**
 * Writes the schemas of one kubernetes-models package as chunks that are loaded kind by kind (used by
 * scripts/build-bundles.js for the installed 1.27 package and by scripts/generate-schemas.js for 1.36):
 *   index.json     for each top-level type (`apps/v1/Deployment.d.ts`): the chunks its validator and its shapes need;
 *   chunk-<n>.js   the compiled ajv validator modules of the package and the shapes (property names and types, what
 *                  strict unknown-field checking needs) of the types that exactly the same top-level types reach,
 *                  so that validating a Deployment loads what a Deployment needs and nothing else;
 *   runtime.js     the helpers the validators import (@kubernetes-models/validate and what it bundles).
 * Shapes are read from the package's .d.ts files with shipshape's own reader (lib/'s, so `tsc` runs first), keyed
 * by package-relative path; references between types name other keys.
 */
const esbuild = require('esbuild');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const APIMACHINERY = '@kubernetes-models/apimachinery';
const SCHEMA_REQUIRE = /require\("([^"]+)"\)/g;

/** Writes index.json, chunk-<n>.js and runtime.js of the package at `packageDir` into `out` (emptied first). */
function writeSchemaChunks(packageDir, out, header) {
  const nested = path.join(packageDir, 'node_modules', APIMACHINERY);
  const apimachinery = fs.existsSync(nested) ? nested : path.join(packageDir, '..', APIMACHINERY);
  const shapes = readShapes(packageDir, apimachinery);
  const modules = readModules([path.join(packageDir, '_schemas'), path.join(apimachinery, '_schemas')]);
  const roots = Object.keys(shapes).filter((key) => shapes[key] !== null && shapes[key].schemaName !== undefined && shapes[key].kindLiteral !== undefined && !key.startsWith(`${APIMACHINERY}/`));
  roots.sort();

  // Which top-level types reach each shape and each module: nodes reached by the same set share a chunk.
  const reachedBy = new Map();
  const mark = (node, root) => {
    let set = reachedBy.get(node);
    if (set === undefined) reachedBy.set(node, (set = new Set()));
    if (set.has(root)) return false;
    set.add(root);
    return true;
  };
  for (const root of roots) {
    const pending = [`shape:${root}`, `module:${shapes[root].schemaName}`];
    while (pending.length > 0) {
      const node = pending.pop();
      if (!mark(node, root)) continue;
      if (node.startsWith('shape:')) {
        const shape = shapes[node.slice(6)];
        for (const type of Object.values(shape?.props ?? {})) {
          const file = refOf(type);
          if (file !== undefined) pending.push(`shape:${file}`);
        }
      } else {
        const module = modules.get(node.slice(7));
        if (module === undefined) throw new Error(`schema-chunks: no module ${node.slice(7)} in ${packageDir}`);
        for (const dependency of module.schemaRequires) pending.push(`module:${dependency}`);
      }
    }
  }
  const groups = new Map();
  for (const [node, set] of reachedBy) {
    const signature = [...set].sort().join('\n');
    let group = groups.get(signature);
    if (group === undefined) groups.set(signature, (group = []));
    group.push(node);
  }
  const ordered = mergeSmallGroups(groups, shapes, modules).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

  fs.rmSync(out, { recursive: true, force: true });
  fs.mkdirSync(out, { recursive: true });
  const chunkOf = new Map();
  ordered.forEach(([, nodes], index) => {
    nodes.sort();
    const chunkShapes = {};
    const lines = [];
    for (const node of nodes) {
      chunkOf.set(node, index);
      if (node.startsWith('shape:')) chunkShapes[node.slice(6)] = shapes[node.slice(6)];
      else lines.push(`  ${node.slice(7)}: function (exports, require, module) {\n${modules.get(node.slice(7)).source}\n  },`);
    }
    const text = [
      `exports.shapes = JSON.parse(${JSON.stringify(JSON.stringify(chunkShapes))});`,
      'exports.modules = {',
      ...lines,
      '};',
      '',
    ].join('\n');
    const { code } = esbuild.transformSync(text, { minify: true, format: 'cjs', target: 'node20', legalComments: 'none', banner: `// ${header}` });
    fs.writeFileSync(path.join(out, `chunk-${index}.js`), code);
  });
  const chunksOf = new Map(roots.map((root) => [root, new Set()]));
  for (const [node, reachers] of reachedBy) for (const root of reachers) chunksOf.get(root).add(chunkOf.get(node));
  const index = {};
  for (const root of roots) index[root] = [...chunksOf.get(root)].sort((a, b) => a - b);
  fs.writeFileSync(path.join(out, 'index.json'), `${JSON.stringify({ comment: header, roots: index })}\n`);
  writeRuntime(packageDir, [...modules.values()], path.join(out, 'runtime.js'), header);
}

/**
 * Each file read costs about as much as some kilobytes of code, so a group smaller than SMALL_GROUP joins the group
 * of the fewest top-level types that every one of its own reaches as well (and at most about WIDER_BY times as many): its
 * own load nothing more, the few others load its few kilobytes. Groups are [signature, nodes] pairs; the signature
 * of the larger group stays.
 */
const SMALL_GROUP = 12 * 1024;
const WIDER_BY = 12;

function mergeSmallGroups(groups, shapes, modules) {
  const sizeOf = (node) => (node.startsWith('shape:') ? JSON.stringify(shapes[node.slice(6)]).length : modules.get(node.slice(7)).source.length);
  const entries = [...groups.entries()].map(([signature, nodes]) => ({ signature, roots: new Set(signature.split('\n')), nodes, size: nodes.reduce((sum, node) => sum + sizeOf(node), 0) }));
  const bySize = [...entries].sort((a, b) => a.size - b.size || (a.signature < b.signature ? -1 : 1));
  for (const small of bySize) {
    if (small.size >= SMALL_GROUP || small.nodes.length === 0) continue;
    let best;
    for (const other of entries) {
      if (other === small || other.nodes.length === 0 || other.roots.size <= small.roots.size || other.roots.size > WIDER_BY * small.roots.size + 2) continue;
      if (![...small.roots].every((root) => other.roots.has(root))) continue;
      if (best === undefined || other.roots.size < best.roots.size || (other.roots.size === best.roots.size && other.signature < best.signature)) best = other;
    }
    if (best === undefined) continue;
    best.nodes.push(...small.nodes);
    best.size += small.size;
    small.nodes = [];
  }
  return entries.filter((entry) => entry.nodes.length > 0).map((entry) => [entry.signature, entry.nodes]);
}

function refOf(type) {
  if (type.t === 'ref') return type.file;
  if (type.t === 'array' || type.t === 'map') return refOf(type.of);
  return undefined;
}

/** Every compiled validator module by schema name, with the schema modules and other packages it requires. */
function readModules(folders) {
  const modules = new Map();
  for (const folder of folders) {
    for (const entry of fs.readdirSync(folder).filter((file) => file.endsWith('.js')).sort()) {
      const name = entry.slice(0, -3);
      if (modules.has(name)) throw new Error(`schema-chunks: two modules named ${name}`);
      // kubernetes-models 5 ships ES modules; a chunk carries CommonJS.
      const { code: source } = esbuild.transformSync(fs.readFileSync(path.join(folder, entry), 'utf8'), { format: 'cjs', target: 'node20', legalComments: 'none', sourcemap: false });
      const schemaRequires = [];
      const otherRequires = [];
      for (const match of source.matchAll(SCHEMA_REQUIRE)) {
        const name = schemaModuleName(match[1]);
        if (name === undefined) otherRequires.push(match[1]);
        else schemaRequires.push(name);
      }
      modules.set(name, { source, schemaRequires, otherRequires });
    }
  }
  return modules;
}

/** The schema module a `require` specifier of a compiled validator names, or undefined for another package. */
function schemaModuleName(specifier) {
  const local = /^\.\/(\w+)(\.js)?$/.exec(specifier);
  if (local !== null) return local[1];
  const machinery = /^@kubernetes-models\/apimachinery\/_schemas\/(\w+)(\.js)?$/.exec(specifier);
  return machinery === null ? undefined : machinery[1];
}

/**
 * What the helpers import for anything but the formats the validators name: error messages (ajv-i18n) and the
 * formats of draft 2019 and CIDRs (email and IRI parsers, a third of the helpers). The validators only read
 * `formats.<name>`; writeRuntime checks that every name they read is the same function or pattern without these.
 */
const UNREACHED = ['ajv-i18n/index.js', 'ajv-i18n/localize/en/index.js', 'ajv-formats-draft2019/formats/index.js', 'is-cidr/index.js'];

/** The packages the validators import, bundled into one file that exports them by specifier. */
function writeRuntime(packageDir, modules, file, header) {
  const specifiers = [...new Set(modules.flatMap((module) => module.otherRequires))].sort();
  // Imported rather than required: kubernetes-models 5's helpers are ES modules that export only to `import`.
  const imports = specifiers.map((specifier, index) => `import * as p${index} from ${JSON.stringify(specifier)};`);
  const lines = specifiers.map((specifier, index) => `  ${JSON.stringify(specifier)}: p${index},`);
  const build = (outfile, alias) =>
    esbuild.buildSync({
      stdin: { contents: `${imports.join('\n')}\nexport const packages = {\n${lines.join('\n')}\n};\n`, resolveDir: path.join(packageDir, '_schemas'), sourcefile: 'runtime.js', loader: 'js' },
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      outfile,
      minify: true,
      legalComments: 'none',
      banner: { js: `// ${header}` },
      logLevel: 'warning',
      alias,
    });
  const stubs = fs.mkdtempSync(path.join(os.tmpdir(), 'shipshape-runtime-stubs-'));
  const alias = {};
  for (const stub of UNREACHED) {
    const target = path.join(stubs, stub);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, `module.exports = function unreached() { throw new Error(${JSON.stringify(`${stub} is left out of shipshape's schema runtime (scripts/schema-chunks.js)`)}); };\n`);
    const name = stub.split('/')[0];
    alias[name] = path.join(stubs, name);
  }
  const full = `${file}.full.js`;
  build(full, {});
  build(file, alias);
  try {
    const used = new Set();
    for (const module of modules) for (const match of module.source.matchAll(/\bformats(?:\.(\w+)|\[["']([^"']+)["']\])/g)) used.add(match[1] ?? match[2]);
    // The two builds minify names differently, so formats are compared by what they answer.
    const samples = [0, -1, 1.5, 2 ** 31 - 1, 2 ** 31, -(2 ** 31), 2 ** 53, Number.NaN, '', 'abc', '80', '1Gi', '250m', '1e3', '+1', '.5', '1.', '2026-01-01T00:00:00Z', '2026-13-01T00:00:00Z', 'aGVsbG8=', 'aGVsbG8', '10.0.0.0/8'];
    const answer = (check, value) => {
      try {
        return check instanceof RegExp ? check.test(String(value)) : check(value);
      } catch (error) {
        return `throws ${error.constructor.name}`;
      }
    };
    const describe = (format) => {
      if (format === undefined) return 'missing';
      const check = format instanceof RegExp || typeof format === 'function' ? format : format.validate;
      return JSON.stringify({ type: format.type, async: format.async, answers: samples.map((value) => answer(check, value)) });
    };
    const formatsOf = (bundle) => require(bundle).packages['@kubernetes-models/validate'].formats;
    const [complete, trimmed] = [formatsOf(full), formatsOf(file)];
    for (const name of used) {
      if (complete[name] === undefined || describe(complete[name]) !== describe(trimmed[name])) throw new Error(`schema-chunks: the validators use format ${name}, which the trimmed runtime changes`);
    }
    if (modules.some((module) => /runValidateFunc/.test(module.source))) throw new Error('schema-chunks: a validator calls runValidateFunc, whose messages need ajv-i18n');
  } finally {
    fs.rmSync(full, { force: true });
    fs.rmSync(stubs, { recursive: true, force: true });
  }
}

/** The shapes of every type the package declares, keyed by package-relative path (what generate-schemas wrote). */
function readShapes(packageDir, apimachinery) {
  const { ShapeRegistry } = require(path.join(ROOT, 'lib', 'src', 'validate', 'private', 'model-shapes.js'));
  const registry = new ShapeRegistry(apimachinery);
  const keyOf = (filename) =>
    filename.startsWith(apimachinery + path.sep)
      ? `${APIMACHINERY}/${path.relative(apimachinery, filename).split(path.sep).join('/')}`
      : path.relative(packageDir, filename).split(path.sep).join('/');
  const shapes = {};
  const pending = [];
  const visit = (filename) => {
    const key = keyOf(filename);
    if (key in shapes) return;
    shapes[key] = null;
    pending.push(filename);
  };
  // Every top-level type (group/version/Kind.d.ts), then everything they refer to.
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory() && !entry.name.startsWith('_') && entry.name !== 'node_modules') walk(full);
      else if (entry.isFile() && entry.name.endsWith('.d.ts') && dir !== packageDir) visit(full);
    }
  };
  walk(packageDir);
  const convert = (type) => {
    if (type.t === 'leaf') return { t: 'leaf' };
    if (type.t === 'array' || type.t === 'map') return { t: type.t, of: convert(type.of) };
    visit(type.file);
    return { t: 'ref', file: keyOf(type.file) };
  };
  while (pending.length > 0) {
    const filename = pending.pop();
    const shape = registry.shapeOf(filename);
    if (shape === null) continue;
    const props = shape.props === undefined ? undefined : Object.fromEntries([...shape.props].map(([name, type]) => [name, convert(type)]));
    shapes[keyOf(filename)] = { schemaName: shape.schemaName, kindLiteral: shape.kindLiteral, props };
  }
  return Object.fromEntries(Object.keys(shapes).sort().map((key) => [key, shapes[key]]));
}

module.exports = { writeSchemaChunks };
