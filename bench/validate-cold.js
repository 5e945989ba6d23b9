'use strict';
/**
 * A first (cold) and a second (warm) `validateManifests` of a folder of YAML, in a fresh process per build,
 * builds side by side: wall and CPU time of each, and with --alloc what the cold run allocates, by owner
 * (shipshape's checks, the compiled schema validators) and by function (sampled, collected objects included).
 *
 *   node bench/validate-cold.js <folder of YAML> --root <old checkout> --root <new checkout> [--runs 5] [--alloc]
 *
 * The folder is typically the output of the 8,000-object bench app:
 * `node bench/run.js --n 1000 --reps 1 --no-cdk8s-cli --no-helm --keep`, then <kept folder>/n1000/shipshape/dist.
 */
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const util = require('node:util');
const { median, yamlFiles } = require('./measure');

/** One measurement, in this (fresh) process: prints a JSON line. */
async function child(root, folder, alloc) {
  const validate = path.join(path.resolve(root), 'lib', 'src', 'validate');
  const { validateManifests } = require(path.join(validate, 'validate-manifests.js'));
  const { parseManifestsFromYaml } = require(path.join(validate, 'parse-yaml.js'));
  const manifests = yamlFiles(folder).flatMap((file) => parseManifestsFromYaml(fs.readFileSync(file, 'utf8'), file).manifests);
  let session;
  const post = (method, params) => new Promise((resolve, reject) => session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))));
  if (alloc) {
    session = new (require('node:inspector').Session)();
    session.connect();
    await post('HeapProfiler.startSampling', { samplingInterval: 1024, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
  }
  const time = () => {
    const wall = process.hrtime.bigint();
    const cpu = process.cpuUsage();
    const report = validateManifests(manifests);
    const used = process.cpuUsage(cpu);
    return { ms: Number(process.hrtime.bigint() - wall) / 1e6, cpuMs: (used.user + used.system) / 1000, problems: report.problems.length };
  };
  const cold = time();
  const result = { objects: manifests.length, cold };
  if (alloc) {
    const { profile } = await post('HeapProfiler.stopSampling');
    const owners = {};
    const functions = {};
    const walk = (node, owner) => {
      const url = node.callFrame.url;
      const own = url === '' ? owner : url.includes('/schemas/') ? 'schema validators' : url.includes('/validate/') ? 'shipshape checks' : 'other';
      owners[own] = (owners[own] ?? 0) + node.selfSize;
      if (url.includes('/validate/')) {
        const name = `${node.callFrame.functionName || '(anonymous)'} ${url.split('/').slice(-2).join('/')}`;
        functions[name] = (functions[name] ?? 0) + node.selfSize;
      }
      for (const next of node.children) walk(next, own);
    };
    walk(profile.head, 'other');
    result.allocated = owners;
    result.top = Object.entries(functions).sort((a, b) => b[1] - a[1]).slice(0, 12);
  } else result.warm = time();
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

function main() {
  const { values, positionals } = util.parseArgs({
    allowPositionals: true,
    options: { root: { type: 'string', multiple: true }, runs: { type: 'string', default: '5' }, alloc: { type: 'boolean', default: false }, child: { type: 'boolean', default: false } },
  });
  const [folder] = positionals;
  if (folder === undefined || values.root === undefined) throw new Error('usage: node bench/validate-cold.js <folder of YAML> --root <checkout> [--root <checkout>] [--runs 5] [--alloc]');
  if (values.child) return child(values.root[0], folder, values.alloc);
  const runs = values.alloc ? 1 : Number(values.runs);
  const results = new Map(values.root.map((root) => [root, []]));
  for (let run = 0; run < runs; run++) {
    for (const root of values.root) {
      const args = [__filename, folder, '--child', '--root', root, ...(values.alloc ? ['--alloc'] : [])];
      results.get(root).push(JSON.parse(execFileSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 26 })));
    }
  }
  for (const [root, list] of results) {
    const [first] = list;
    if (values.alloc) {
      const owners = Object.entries(first.allocated).map(([owner, bytes]) => `${owner} ${(bytes / 2 ** 20).toFixed(0)} MiB`);
      console.log(`${root}: ${first.objects} objects, cold run allocates ${owners.join(', ')}`);
      for (const [name, bytes] of first.top) console.log(`  ${(bytes / 2 ** 20).toFixed(1).padStart(6)} MiB  ${name}`);
      continue;
    }
    const cold = median(list.map((result) => result.cold.ms));
    const coldCpu = median(list.map((result) => result.cold.cpuMs));
    const warm = median(list.map((result) => result.warm.ms));
    console.log(`${root}: ${first.objects} objects, ${first.cold.problems} problems; medians of ${list.length}: cold ${cold.toFixed(0)} ms wall, ${coldCpu.toFixed(0)} ms CPU; warm ${warm.toFixed(0)} ms wall`);
  }
  return undefined;
}

Promise.resolve(main()).catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
