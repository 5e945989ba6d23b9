'use strict';
/**
 * Summarizes a V8 CPU profile (`node --cpu-prof`): self time grouped by module (cdk8s, constructs,
 * validation, js-yaml, file system...) and the functions with the most self time.
 * Usage: node bench/profile.js <file.cpuprofile> [--top 15]
 */
const fs = require('node:fs');

/** Module groups, first match wins; tested against the function's script URL. */
const GROUPS = [
  [/node_modules\/cdk8s-plus-27\//, 'cdk8s-plus-27'],
  [/node_modules\/cdk8s\/lib\/resolve/, 'cdk8s token resolution'],
  [/node_modules\/cdk8s\//, 'cdk8s (ApiObject, Chart, JSON patch)'],
  [/node_modules\/constructs\//, 'constructs (tree)'],
  [/node_modules\/js-yaml\//, 'js-yaml (YAML writing)'],
  [/node_modules\/yaml\//, 'yaml package (YAML writing)'],
  [/node_modules\/kubernetes-models[^/]*\/|node_modules\/@kubernetes-models\//, 'validation: schemas (kubernetes-models/ajv)'],
  [/\/src\/validate\/generated\/|\/lib\/schemas\//, 'validation: schemas (kubernetes-models/ajv)'],
  [/\/src\/validate\//, 'validation: shipshape checks'],
  [/\/lib\/shipshape\.js$/, 'shipshape bundle (run with SHIPSHAPE_NO_BUNDLE=1 to split it)'],
  [/\/src\/synth\//, 'shipshape synth pipeline'],
  [/\/src\/constructs\//, 'shipshape constructs'],
  [/\/src\/cli\//, 'shipshape cli'],
  [/node_modules\/esbuild\//, 'esbuild (app transpile)'],
  [/node_modules\//, 'other packages'],
  [/^node:(internal\/)?fs|^node:internal\/fs/, 'fs (node)'],
  [/^node:internal\/modules|^node:internal\/bootstrap/, 'module loading (node)'],
  [/^node:/, 'node internals'],
];

function groupOf(callFrame) {
  const { url, functionName } = callFrame;
  if (functionName === '(garbage collector)') return 'garbage collection';
  if (functionName === '(idle)') return 'idle (waiting)';
  if (functionName === '(program)') return 'V8/native (compile, IC, runtime)';
  if (url === '') {
    // Native functions called from JavaScript: attribute fs calls by name, the rest as native.
    if (/^(open|close|write|read|mkdir|mkdtemp|rename|rm|rmdir|unlink|link|symlink|stat|lstat|fstat|chmod|readdir|access|writeString|writeBuffer|writeFileUtf8|readFileUtf8|internalModuleStat|realpath)/.test(functionName)) return 'fs (node)';
    return 'V8/native (compile, IC, runtime)';
  }
  for (const [pattern, name] of GROUPS) if (pattern.test(url)) return name;
  return 'app entry';
}

/** Reads a profile and returns total and per-group self time (ms) and the top functions. */
function summarize(file, top = 15) {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8'));
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfUs = new Map();
  for (let index = 0; index < profile.samples.length; index++) {
    const id = profile.samples[index];
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0));
  }
  const groups = new Map();
  const functions = new Map();
  let totalUs = 0;
  for (const [id, us] of selfUs) {
    const { callFrame } = byId.get(id);
    const group = groupOf(callFrame);
    totalUs += us;
    groups.set(group, (groups.get(group) ?? 0) + us);
    const where = callFrame.url ? `${callFrame.url.replace(/^file:\/\/.*?\/(node_modules|lib)\//, '$1/')}:${callFrame.lineNumber + 1}` : '(native)';
    const key = `${callFrame.functionName || '(anonymous)'} ${where}`;
    const known = functions.get(key) ?? { name: callFrame.functionName || '(anonymous)', where, group, us: 0 };
    known.us += us;
    functions.set(key, known);
  }
  const toMs = (us) => us / 1000;
  return {
    totalMs: toMs(totalUs),
    groups: [...groups.entries()].sort((a, b) => b[1] - a[1]).map(([name, us]) => ({ name, ms: toMs(us), share: us / totalUs })),
    top: [...functions.values()].sort((a, b) => b.us - a.us).slice(0, top).map((f) => ({ ...f, ms: toMs(f.us), share: f.us / totalUs })),
  };
}

/** The summary as Markdown tables. */
function formatSummary(summary, title) {
  const lines = [`${title}: ${(summary.totalMs / 1000).toFixed(2)} s of samples`, '', '| module | self time | share |', '| --- | ---: | ---: |'];
  for (const group of summary.groups) lines.push(`| ${group.name} | ${(group.ms / 1000).toFixed(2)} s | ${(group.share * 100).toFixed(1)}% |`);
  lines.push('', '| function (top self time) | where | module | self time | share |', '| --- | --- | --- | ---: | ---: |');
  for (const f of summary.top) lines.push(`| ${f.name} | ${f.where} | ${f.group} | ${(f.ms / 1000).toFixed(2)} s | ${(f.share * 100).toFixed(1)}% |`);
  return lines.join('\n');
}

module.exports = { summarize, formatSummary };

if (require.main === module) {
  const [file, ...rest] = process.argv.slice(2);
  if (!file) {
    process.stderr.write('Usage: node bench/profile.js <file.cpuprofile> [--top 15]\n');
    process.exit(2);
  }
  const topIndex = rest.indexOf('--top');
  const top = topIndex >= 0 ? Number(rest[topIndex + 1]) : 15;
  process.stdout.write(`${formatSummary(summarize(file, top), file)}\n`);
}
