'use strict';
/**
 * Benchmark of the schema check alone (src/validate/schema.ts checkSchema: the compiled validator plus the
 * unknown-field walk) over many objects, against both Kubernetes versions, for one or more builds side by side
 * (a script that prints figures, not a test). Each build runs in its own process; the builds alternate.
 *
 *   node bench/run.js --n 1000 --reps 1 --no-cdk8s-cli --keep      (8,000 objects in /tmp/shipshape-bench-XXXX/n1000)
 *   node bench/check-schema.js /tmp/shipshape-bench-XXXX/n1000/shipshape/dist [--root <checkout>]... [--runs 5]
 *
 * Prints the median over runs of: the first pass (schemas load, code is cold) and a second pass (warm).
 */
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { median, yamlFiles } = require('./measure');

function child(root, folder) {
  const lib = path.join(root, 'lib', 'src', 'validate');
  const yaml = require(require.resolve('js-yaml', { paths: [root] }));
  const { checkSchema } = require(path.join(lib, 'schema.js'));
  const { SchemaCatalog } = require(path.join(lib, 'private', 'schema-catalog.js'));
  const objects = yamlFiles(folder).flatMap((file) => yaml.loadAll(fs.readFileSync(file, 'utf8')).filter(Boolean));
  const catalogs = ['1.27', '1.36'].map((version) => new SchemaCatalog(version));
  let findings = 0;
  const pass = () => {
    const start = process.hrtime.bigint();
    for (const object of objects) for (const catalog of catalogs) checkSchema(object, catalog, () => (findings += 1));
    return Number(process.hrtime.bigint() - start) / 1e6;
  };
  const cold = pass();
  const warm = pass();
  process.stdout.write(JSON.stringify({ objects: objects.length, cold, warm, findings }));
}

function main() {
  const args = process.argv.slice(2);
  if (args[0] === '--child') return child(args[1], args[2]);
  const roots = [];
  let runs = 5;
  let folder;
  for (let index = 0; index < args.length; index++) {
    if (args[index] === '--root') roots.push(path.resolve(args[++index]));
    else if (args[index] === '--runs') runs = Number(args[++index]);
    else folder = path.resolve(args[index]);
  }
  if (folder === undefined) throw new Error('usage: node bench/check-schema.js <folder of YAML> [--root <checkout>]... [--runs 5]');
  if (roots.length === 0) roots.push(path.resolve(__dirname, '..'));
  const results = roots.map(() => []);
  for (let run = 0; run < runs; run++) {
    roots.forEach((root, index) => results[index].push(JSON.parse(execFileSync(process.execPath, [__filename, '--child', root, folder], { encoding: 'utf8' }))));
  }
  roots.forEach((root, index) => {
    const list = results[index];
    process.stdout.write(
      `${root}: ${list[0].objects} objects x 2 versions, median of ${runs}: first pass ${median(list.map((r) => r.cold)).toFixed(0)} ms, second pass ${median(list.map((r) => r.warm)).toFixed(0)} ms (${list[0].findings} findings)\n`,
    );
  });
}

main();
