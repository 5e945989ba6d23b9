'use strict';
/**
 * Benchmark of the exact engine (the API server's validation compiled to WebAssembly), a script that prints
 * figures, not a timed test.
 *
 *   npm run build && node bench/exact.js [--n 5000] [--batch 500] [--version 1.36] [--gogc 400] [--memory-limit 160]
 *
 * Each measurement runs in a fresh process, so that start-up is cold and peak RSS is the engine's own:
 *  - start-up: opening the engine to ready (streamed decompress + compile, then Go's start-up), and the first call;
 *  - throughput: N mixed objects (Deployments, Services, ConfigMaps, Secrets, Ingresses, StatefulSets, Jobs,
 *    RBAC) in batches, first pass (code not yet optimised by V8) and second pass; objects per second of wall
 *    time and per second of CPU time (the latter is what a quiet machine gets, since this one is shared);
 *  - peak RSS of the whole process (Node itself is about 45 MiB of it);
 *  - the same objects through the native build of the engine, when build.sh --native made one;
 *  - `shipshape validate` of the objects as one YAML file, with and without --exact.
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { parseArgs } = require('node:util');

const REPO = path.resolve(__dirname, '..');
const LIB = path.join(REPO, 'lib', 'src');

function objects(n) {
  const out = [];
  for (let i = 0; out.length < n; i++) {
    const labels = { app: `app-${i}` };
    const container = {
      name: 'web',
      image: 'nginx:1.27.0',
      ports: [{ containerPort: 8080, name: 'http' }],
      resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } },
      readinessProbe: { httpGet: { path: '/healthz', port: 'http' } },
      securityContext: { runAsNonRoot: true, allowPrivilegeEscalation: false },
    };
    const meta = (name) => ({ name, namespace: `team-${i % 20}`, labels });
    const template = (restartPolicy) => ({ metadata: { labels }, spec: { ...(restartPolicy ? { restartPolicy } : {}), containers: [container] } });
    out.push(
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: meta(`web-${i}`), spec: { replicas: 2, selector: { matchLabels: labels }, template: template() } },
      { apiVersion: 'v1', kind: 'Service', metadata: meta(`web-${i}`), spec: { selector: labels, ports: [{ name: 'http', port: 80, targetPort: 'http' }] } },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta(`config-${i}`), data: { 'app.yaml': 'mode: production\n' } },
      { apiVersion: 'v1', kind: 'Secret', metadata: meta(`secret-${i}`), stringData: { password: 'bench-only' } },
      {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'Ingress',
        metadata: meta(`web-${i}`),
        spec: { rules: [{ host: `app-${i}.example.com`, http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: `web-${i}`, port: { name: 'http' } } } }] } }] },
      },
      {
        apiVersion: 'apps/v1',
        kind: 'StatefulSet',
        metadata: meta(`db-${i}`),
        spec: {
          serviceName: `db-${i}`,
          selector: { matchLabels: labels },
          template: template(),
          volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
        },
      },
      { apiVersion: 'batch/v1', kind: 'Job', metadata: meta(`once-${i}`), spec: { template: template('Never') } },
      { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: meta(`reader-${i}`), rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get'] }] },
    );
  }
  return out.slice(0, n);
}

/** Runs in the child: one engine, two passes over the objects, figures as JSON on stdout. */
function child(version, n, batch, gogc, memoryLimitMiB) {
  const { ExactEngine } = require(path.join(LIB, 'validate'));
  const list = objects(n);
  const started = performance.now();
  const engine = ExactEngine.open(version, { batchSize: batch, ...(gogc ? { gogc } : {}), ...(memoryLimitMiB ? { memoryLimitMiB } : {}) });
  const timings = engine.waitUntilReady();
  const ready = performance.now() - started;
  const firstCallStart = performance.now();
  engine.validateSync(list.slice(0, 1));
  const firstCall = performance.now() - firstCallStart;
  const passes = [];
  for (let pass = 0; pass < 2; pass++) {
    const cpu = process.cpuUsage();
    const wall = performance.now();
    const verdicts = engine.validateSync(list);
    const wallMs = performance.now() - wall;
    const used = process.cpuUsage(cpu);
    const invalid = verdicts.filter((verdict) => verdict.status !== 'valid').length;
    if (invalid > 0) throw new Error(`${invalid} of the benchmark's objects are invalid: ${JSON.stringify(verdicts.find((v) => v.status !== 'valid'))}`);
    passes.push({ wallMs, cpuMs: (used.user + used.system) / 1000 });
  }
  const status = fs.readFileSync('/proc/self/status', 'utf8');
  const peakKiB = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
  engine.close();
  process.stdout.write(JSON.stringify({ ready, timings, firstCall, passes, peakMiB: peakKiB / 1024 }));
}

function main() {
  const { values } = parseArgs({
    options: {
      n: { type: 'string', default: '5000' },
      batch: { type: 'string', default: '500' },
      version: { type: 'string', multiple: true },
      child: { type: 'boolean', default: false },
      gogc: { type: 'string' },
      'memory-limit': { type: 'string' },
    },
  });
  const n = Number(values.n);
  const batch = Number(values.batch);
  const versions = values.version ?? ['1.36', '1.27'];
  const gogc = values.gogc === undefined ? undefined : Number(values.gogc);
  const memoryLimit = values['memory-limit'] === undefined ? undefined : Number(values['memory-limit']);
  if (values.child) return child(versions[0], n, batch, gogc, memoryLimit);
  const tuning = [...(gogc ? ['--gogc', String(gogc)] : []), ...(memoryLimit ? ['--memory-limit', String(memoryLimit)] : [])];
  const dir = path.join(REPO, 'lib', 'exact-engine');
  const rows = [];
  for (const version of versions) {
    const manifest = path.join(dir, `kubernetes-${version}.json`);
    if (!fs.existsSync(manifest)) {
      process.stdout.write(`Kubernetes ${version}: not built (bash src/validate/exact/engine/build.sh ${version})\n`);
      continue;
    }
    const build = JSON.parse(fs.readFileSync(manifest, 'utf8'));
    const brotli = fs.statSync(path.join(dir, `kubernetes-${version}.wasm.br`)).size;
    const run = spawnSync(process.execPath, [__filename, '--child', '--n', String(n), '--batch', String(batch), '--version', version, ...tuning], { encoding: 'utf8', timeout: 900_000 });
    if (run.status !== 0) throw new Error(`the ${version} run failed:\n${run.stderr}`);
    const figures = JSON.parse(run.stdout);
    rows.push({ version, build, brotli, figures });
    let native = '';
    const nativeBinary = path.join(dir, `kubernetes-${version}-native`);
    if (fs.existsSync(nativeBinary)) {
      const input = path.join(os.tmpdir(), `shipshape-exact-bench-${process.pid}.json`);
      fs.writeFileSync(input, JSON.stringify(objects(n)));
      const before = performance.now();
      const result = spawnSync('/bin/sh', ['-c', `"${nativeBinary}" < "${input}" > /dev/null`], { timeout: 300_000 });
      const wall = performance.now() - before;
      fs.rmSync(input);
      if (result.status === 0) native = `native build: ${(n / (wall / 1000)).toFixed(0)} objects/s wall (process start included)`;
    }
    const mb = (bytes) => (bytes / 1e6).toFixed(1);
    const [first, second] = figures.passes;
    process.stdout.write(
      [
        `Kubernetes ${version} (${build.kubernetesModule}, ${build.goVersion}): ${mb(build.rawBytes)} MB WebAssembly, ${mb(brotli)} MB brotli in the package`,
        `  start-up: ready in ${(figures.ready / 1000).toFixed(2)} s (stream-decompress + compile ${(figures.timings.compileMs / 1000).toFixed(2)} s, Go start-up ${(figures.timings.startMs / 1000).toFixed(2)} s); first call ${figures.firstCall.toFixed(0)} ms`,
        `  ${n} objects, batches of ${batch}: first pass ${(n / (first.wallMs / 1000)).toFixed(0)} objects/s wall, ${(n / (first.cpuMs / 1000)).toFixed(0)} per CPU-second; ` +
          `second pass ${(n / (second.wallMs / 1000)).toFixed(0)} objects/s wall, ${(n / (second.cpuMs / 1000)).toFixed(0)} per CPU-second`,
        `  peak RSS of the process: ${figures.peakMiB.toFixed(0)} MiB`,
        ...(native === '' ? [] : [`  ${native}`]),
        '',
      ].join('\n'),
    );
  }
  const yamlFile = path.join(os.tmpdir(), `shipshape-exact-bench-${process.pid}.yaml`);
  fs.writeFileSync(yamlFile, objects(n).map((object) => JSON.stringify(object)).join('\n---\n'));
  try {
    for (const exact of [false, true]) {
      const args = [path.join(LIB, 'cli', 'main.js'), 'validate', '--no-policies', '--no-references', '--kubernetes-version', versions.join(','), ...(exact ? ['--exact'] : []), yamlFile];
      const before = performance.now();
      const run = spawnSync(process.execPath, args, { encoding: 'utf8', timeout: 900_000 });
      const seconds = (performance.now() - before) / 1000;
      process.stdout.write(`shipshape validate${exact ? ' --exact' : '        '} of ${n} objects (${versions.join(', ')}): ${seconds.toFixed(1)} s wall, exit ${run.status}\n`);
    }
  } finally {
    fs.rmSync(yamlFile, { force: true });
  }
  process.stdout.write(`\nMachine: ${os.cpus().length} cores, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} (figures per CPU-second are less sensitive to load)\n`);
}

main();
