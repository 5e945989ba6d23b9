'use strict';
/**
 * Benchmark of the validation layer (a script that prints figures, not a timed test).
 *
 *   npm run build && node bench/validate.js [objects]      (default 10000)
 *
 * Generates a mixed set of objects (apps of Namespace, ConfigMap, Secret, Deployment, Service, Ingress,
 * StatefulSet, headless Service, PodDisruptionBudget and HorizontalPodAutoscaler), then reports:
 *  - per layer (schema incl. API-server rules / references / policies / all): objects per second on the
 *    first (cold: schemas load, code is not yet optimised) and a warm run, in a fresh process each, with
 *    its peak RSS (which includes the generated objects themselves);
 *  - `shipshape validate` of the same objects as one YAML file: wall time and peak RSS (GNU time).
 */
const { execFileSync, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const REPO = path.resolve(__dirname, '..');
const LIB = path.join(REPO, 'lib', 'src');

function container(name, image, port) {
  return {
    name,
    image,
    ports: [{ containerPort: port, name: 'http' }],
    resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } },
    readinessProbe: { httpGet: { path: '/healthz', port: 'http' } },
    livenessProbe: { httpGet: { path: '/healthz', port: 'http' } },
    securityContext: { runAsNonRoot: true, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true },
    env: [{ name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } }],
    envFrom: [{ configMapRef: { name: 'config' } }],
  };
}

/** One app of 10 objects in namespace `ns`. */
function app(ns) {
  const meta = (name, labels) => ({ name, namespace: ns, ...(labels ? { labels } : {}) });
  const workload = (kind, name, replicas, extra) => ({
    apiVersion: 'apps/v1',
    kind,
    metadata: meta(name, { app: name }),
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      ...extra,
      template: {
        metadata: { labels: { app: name } },
        spec: {
          topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: { app: name } } }],
          containers: [container(name, kind === 'StatefulSet' ? 'postgres:16.1' : 'nginx:1.27.0', 8080)],
        },
      },
    },
  });
  const service = (name, headless) => ({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: meta(name),
    spec: { ...(headless ? { clusterIP: 'None' } : {}), selector: { app: headless ? 'db' : 'web' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
  });
  const pdb = (name) => ({ apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: meta(name), spec: { maxUnavailable: 1, selector: { matchLabels: { app: name } } } });
  return [
    // shipshape's default Pod Security labels, so that every workload is checked against two levels.
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns, labels: { 'pod-security.kubernetes.io/enforce': 'baseline', 'pod-security.kubernetes.io/warn': 'restricted' } } },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta('config'), data: { LOG_LEVEL: 'info', 'app.yaml': 'a: 1\nb: 2\n' } },
    { apiVersion: 'v1', kind: 'Secret', metadata: meta('db'), type: 'Opaque', data: { password: Buffer.from(`pw-${ns}`).toString('base64') } },
    workload('Deployment', 'web', 3),
    service('web', false),
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: meta('web'),
      spec: { rules: [{ host: `${ns}.example.com`, http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } }] } }] },
    },
    workload('StatefulSet', 'db', 1, { serviceName: 'db' }),
    service('db', true),
    pdb('web'),
    {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: meta('web'),
      spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 3, maxReplicas: 9, metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }] },
    },
  ];
}

function generate(count) {
  const objects = [];
  for (let i = 0; objects.length < count; i++) objects.push(...app(`app-${i}`));
  return objects.slice(0, count);
}

/**
 * Child mode: time one layer in a fresh process and print JSON. The schema layer is timed through
 * the public API (with the other layers off); references and policies are timed by calling their
 * modules directly on prepared entries, including the object index they build.
 */
function runLayer(layer, count) {
  const { validateManifests } = require(path.join(LIB, 'validate'));
  const { toEntry } = require(path.join(LIB, 'validate', 'private', 'object-entry'));
  const { ObjectIndex } = require(path.join(LIB, 'validate', 'private', 'object-index'));
  const { checkReferences } = require(path.join(LIB, 'validate', 'references'));
  const { checkPolicies } = require(path.join(LIB, 'validate', 'policies'));
  const { checkPodSecurity } = require(path.join(LIB, 'validate', 'pod-security'));
  const manifests = generate(count).map((object) => ({ object }));
  const entries = manifests.map(toEntry);
  let findings = 0;
  const sink = () => {
    findings += 1;
  };
  const run = {
    schema: () => validateManifests(manifests, { references: false, policies: false }),
    references: () => checkReferences(entries, new ObjectIndex(entries), { existingNamespaces: new Set() }, sink),
    policies: () => checkPolicies(entries, new ObjectIndex(entries), sink),
    podSecurity: () => checkPodSecurity(entries, new ObjectIndex(entries), ['1.27', '1.36'], sink),
    all: () => validateManifests(manifests),
  }[layer];
  let cpuSeconds = 0;
  const time = () => {
    const start = process.hrtime.bigint();
    const cpuStart = process.cpuUsage();
    const report = run();
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    const cpu = process.cpuUsage(cpuStart);
    cpuSeconds = (cpu.user + cpu.system) / 1e6;
    if (report && report.problems.some((problem) => problem.severity === 'error')) throw new Error(`benchmark objects are invalid: ${report.problems[0].message}`);
    return seconds;
  };
  const cold = time();
  const coldCpu = cpuSeconds;
  const warm = Math.min(time(), time());
  process.stdout.write(JSON.stringify({ layer, cold, coldCpu, warm, maxRssMiB: process.resourceUsage().maxRSS / 1024 }));
}

function main() {
  const count = Number(process.argv[2] ?? 10000);
  if (!fs.existsSync(path.join(LIB, 'validate', 'index.js'))) {
    console.error('Build first: npm run build');
    process.exit(2);
  }
  console.log(`Validation benchmark: ${count} objects, Node ${process.version}, ${os.cpus().length} CPUs\n`);
  const results = {};
  for (const layer of ['schema', 'references', 'policies', 'podSecurity', 'all']) {
    const output = execFileSync(process.execPath, [__filename, '--layer', layer, String(count)], { encoding: 'utf8' });
    results[layer] = JSON.parse(output);
  }
  const rows = [
    ['schema + API-server rules (1.27 and 1.36)', results.schema],
    ['references (incl. object index)', results.references],
    ['policies (incl. object index)', results.policies],
    ['Pod Security, 2 levels (incl. object index)', results.podSecurity],
    ['all layers (validateManifests)', results.all],
  ].map(([name, result]) => [name, result.cold, result.coldCpu, result.warm, result.maxRssMiB]);
  // CPU time is shown beside wall time because the machine is shared: wall time includes waiting for a core.
  console.log('layer                                       first run (wall, CPU)          warm run             peak RSS');
  for (const [name, cold, coldCpu, warm, rss] of rows) {
    const rate = (seconds) => `${(count / Math.max(seconds, 1e-9)).toFixed(0).padStart(8)} obj/s`;
    const ms = (seconds) => `${(seconds * 1000).toFixed(0).padStart(5)} ms`;
    console.log(`${name.padEnd(44)}${rate(cold)} ${ms(cold)} ${ms(coldCpu)}  ${rate(warm)} ${ms(warm)}  ${rss.toFixed(0).padStart(5)} MiB`);
  }

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shipshape-bench-validate-'));
  const file = path.join(dir, 'objects.yaml');
  const yaml = require('js-yaml');
  fs.writeFileSync(file, generate(count).map((object) => yaml.dump(object, { noRefs: true })).join('---\n'));
  const size = fs.statSync(file).size / 1048576;
  const rssFile = path.join(dir, 'rss');
  const command = [process.execPath, path.join(LIB, 'cli', 'main.js'), 'validate', file, '--output', 'json'];
  const haveTime = fs.existsSync('/usr/bin/time');
  const start = process.hrtime.bigint();
  const child = haveTime ? spawnSync('/usr/bin/time', ['-f', '%M %U %S', '-o', rssFile, ...command], { encoding: 'utf8', maxBuffer: 1 << 30 }) : spawnSync(command[0], command.slice(1), { encoding: 'utf8', maxBuffer: 1 << 30 });
  const wall = Number(process.hrtime.bigint() - start) / 1e9;
  const summary = JSON.parse(child.stdout).summary;
  const [maxRssKiB, user, system] = haveTime ? fs.readFileSync(rssFile, 'utf8').trim().split(/\s+/).map(Number) : [];
  const rss = haveTime ? `${(maxRssKiB / 1024).toFixed(0)} MiB, CPU ${(user + system).toFixed(2)} s` : 'n/a (no /usr/bin/time)';
  console.log(`\nshipshape validate of one ${size.toFixed(1)} MiB YAML file (${summary.resources} objects, YAML parsing included):`);
  console.log(`  wall ${wall.toFixed(2)} s, peak RSS ${rss}, exit ${child.status}, valid ${summary.valid}, invalid ${summary.invalid}`);
  console.log('  goal: under 2 s and 300 MiB on the 2-core machine');
  fs.rmSync(dir, { recursive: true, force: true });
}

if (process.argv[2] === "--gen") { const yaml = require("js-yaml"); fs.writeFileSync(process.argv[3], generate(10000).map((o) => yaml.dump(o, { noRefs: true })).join("---\n")); } else if (process.argv[2] === "--layer") runLayer(process.argv[3], Number(process.argv[4]));
else main();
