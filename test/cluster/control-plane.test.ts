/**
 * The control-plane suite: shipshape's output on a cluster where things run. kube-controller-manager
 * and kube-scheduler (1.36.3) act on it, kwok keeps six simulated nodes in three zones Ready and
 * reports their pods' status, and the harness provisions volumes. No container runs: this proves
 * what the control plane does with the output (rollouts, healing, placement, disruption budgets,
 * volumes, scaling) and what `shipshape apply --wait` makes of it.
 * Skipped, with a message, when Go or kubectl is missing, unless SHIPSHAPE_REQUIRE_CLUSTER=1 (CI).
 */
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { runSynth } from '../../src/cli/commands/synth';
import { listEnvironments } from '../../src/deploy/environments';
import { installReferenceCrds, kubectl, RunResult, shipshape, withoutWarnings } from './cli-runner';
import { describeCluster, useCluster } from './harness';

const REPO = resolve(__dirname, '../..');
/** How long one step may take to converge on a busy 2-core machine; steps usually take seconds. */
const CONVERGE_MS = 90_000;
const STEP_TIMEOUT_MS = 3 * CONVERGE_MS;

interface PodView {
  readonly name: string;
  readonly uid: string;
  readonly node: string;
  readonly ready: boolean;
  readonly deleting: boolean;
  readonly labels: Readonly<Record<string, string>>;
  readonly claims: readonly string[];
}

describeCluster('control-plane suite (controllers, scheduler and kwok nodes on loopback)', () => {
  let referenceDist = '';
  const timings: Record<string, number> = {};
  const suiteStarted = Date.now();
  // Controllers, scheduler and the simulated nodes start too: 120 s rather than 90 s to become ready.
  const harness = useCluster({ workPrefix: 'shipshape-control-plane-', start: { controlPlane: true }, startTimeoutMs: 120_000 });

  // The suite's own set-up, once the cluster runs: like the cluster suite's reference charts, within 60 s.

  beforeAll(async () => {
    timings.buildMs = harness.buildMs;
    timings.startMs = harness.cluster.startupMs;
    referenceDist = join(harness.work, 'dist');
    // The platform installs cert-manager's CRD; the app's Certificates (staging, prod) need it.
    installReferenceCrds(harness.kubeconfig);
    const io = { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, cwd: REPO, env: process.env, interactive: false };
    await runSynth({ output: referenceDist, quiet: true }, io);
  }, 60_000);

  // Declared after useCluster's afterAll, so it runs after the cluster has stopped.
  afterAll(() => {
    timings.suiteMs = Date.now() - suiteStarted;
    process.stderr.write(`control-plane suite timings: ${JSON.stringify(timings)}\n`);
  });

  const k = (args: readonly string[], input?: string): RunResult => kubectl(args, harness.kubeconfig, input);
  const jsonOf = <T>(args: readonly string[]): T => {
    const result = k([...args, '--output=json']);
    if (result.code !== 0) throw new Error(`kubectl ${args.join(' ')}: ${result.stderr}`);
    return JSON.parse(result.stdout) as T;
  };
  const pods = (namespace: string, selector: string): PodView[] =>
    jsonOf<{ items: any[] }>(['get', 'pods', `--namespace=${namespace}`, `--selector=${selector}`]).items.map((pod) => ({
      name: pod.metadata.name,
      uid: pod.metadata.uid,
      node: pod.spec.nodeName ?? '',
      ready: (pod.status.conditions ?? []).some((c: any) => c.type === 'Ready' && c.status === 'True'),
      deleting: pod.metadata.deletionTimestamp !== undefined,
      labels: pod.metadata.labels ?? {},
      claims: (pod.spec.volumes ?? []).flatMap((v: any) => (v.persistentVolumeClaim ? [v.persistentVolumeClaim.claimName] : [])),
    }));
  const zoneOf = (node: string): string => harness.cluster.nodes.find((n) => n.name === node)?.zone ?? '?';
  /** Polls until check returns a value (not undefined), at most CONVERGE_MS; the last failure is in the error. */
  const eventually = async <T>(what: string, check: () => T | undefined): Promise<T> => {
    const deadline = Date.now() + CONVERGE_MS;
    for (;;) {
      const value = check();
      if (value !== undefined) return value;
      if (Date.now() > deadline) throw new Error(`${what}: not within ${CONVERGE_MS / 1000}s`);
      await new Promise((done) => setTimeout(done, 500));
    }
  };
  const apply = (dir: string, wait = '3m'): Promise<RunResult> => shipshape(['apply', `--wait=${wait}`, '--dir', dir], harness.kubeconfig, REPO);

  describe('the reference app', () => {
    test('every environment rolls out with apply --wait, and then every pod is Ready and status agrees', async () => {
      const environments = listEnvironments(referenceDist);
      expect(environments.map((e) => e.name).sort()).toEqual(['dev', 'prod', 'staging']);
      for (const environment of environments) {
        const result = await apply(environment.dir);
        expect({ environment: environment.name, code: result.code, stderr: withoutWarnings(result.stderr) }).toEqual({ environment: environment.name, code: 0, stderr: '' });
        expect(result.stdout).toMatch(/Rolled out in \d+s: \d+ objects ready\./);
        expect(result.stdout).toContain(`ready   StatefulSet mongo-${environment.name}/mongodb: 1/1 replicas ready at revision`);
        expect(result.stdout).toMatch(new RegExp(`ready {3}Service mongo-${environment.name}/mongo-express: \\d+ ready endpoints?`));

        const all = pods(`mongo-${environment.name}`, 'app.kubernetes.io/name');
        expect(all.length).toBeGreaterThanOrEqual(2);
        expect(all.filter((pod) => !pod.ready || pod.node === '')).toEqual([]);

        const status = await shipshape(['status', '--dir', environment.dir], harness.kubeconfig, REPO);
        expect(status.code).toBe(0);
        expect(status.stdout).toMatch(new RegExp(`Environment '${environment.name}': (\\d+) of \\1 objects ready\\.`));
      }
      // prod autoscales the web UI (3..6): the Deployment is applied without replicas, and the real
      // HorizontalPodAutoscaler controller brings it to its minimum before apply --wait returns.
      expect(k(['get', 'deployment/mongo-express', '--namespace=mongo-prod', '--output=jsonpath={.spec.replicas}']).stdout).toBe('3');
      expect(pods('mongo-prod', 'app.kubernetes.io/name=mongo-express').filter((pod) => pod.ready)).toHaveLength(3);
    }, 3 * STEP_TIMEOUT_MS);

    test('a deleted web pod is replaced by the Deployment controller and the workload is Ready again', async () => {
      const selector = 'app.kubernetes.io/name=mongo-express';
      const before = pods('mongo-staging', selector);
      expect(before.filter((pod) => pod.ready)).toHaveLength(2);
      const victim = before[0] as PodView;
      expect(k(['delete', 'pod', victim.name, '--namespace=mongo-staging', '--wait=false']).code).toBe(0);

      const after = await eventually('two Ready web pods again, the deleted one gone', () => {
        const now = pods('mongo-staging', selector).filter((pod) => !pod.deleting);
        return now.length === 2 && now.every((pod) => pod.ready) && !now.some((pod) => pod.uid === victim.uid) ? now : undefined;
      });
      expect(after.map((pod) => pod.name)).not.toContain(victim.name);
      const status = await shipshape(['status', '--dir', join(referenceDist, 'staging')], harness.kubeconfig, REPO);
      expect(status.stdout).toContain('ready   Deployment mongo-staging/mongo-express: 2/2 replicas available');
    }, STEP_TIMEOUT_MS);

    test('the replicas of a Deployment sit on different nodes, placed by the scheduler from the spread defaults', () => {
      const web = pods('mongo-prod', 'app.kubernetes.io/name=mongo-express').filter((pod) => !pod.deleting);
      expect(web).toHaveLength(3);
      expect(new Set(web.map((pod) => pod.node)).size).toBe(3);
      const template = jsonOf<any>(['get', 'deployment/mongo-express', '--namespace=mongo-prod']).spec.template.spec;
      expect(template.topologySpreadConstraints).toEqual([expect.objectContaining({ topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway' })]);
    });

    test('evictions through the Eviction API, as kubectl drain sends them, are refused once the disruption budget is used up', async () => {
      const namespace = 'mongo-prod';
      const selector = 'app.kubernetes.io/name=mongo-express';
      await eventually('the disruption controller allows one disruption', () =>
        jsonOf<any>(['get', 'pdb/mongo-express', `--namespace=${namespace}`]).status?.disruptionsAllowed === 1 ? true : undefined);
      // Cordon every node, as a drain does to the nodes it empties: evicted pods' replacements
      // cannot start elsewhere, so the budget stays used up while the next eviction is tried.
      const nodes = harness.cluster.nodes.map((node) => node.name);
      expect(k(['cordon', ...nodes]).code).toBe(0);
      try {
        const [first, second] = pods(namespace, selector).filter((pod) => pod.ready);
        expect(evict(namespace, (first as PodView).name)).toMatchObject({ code: 0 });
        const refused = evict(namespace, (second as PodView).name);
        expect(refused.code).not.toBe(0);
        expect(refused.stderr).toMatch(/Cannot evict pod as it would violate the pod's disruption budget/);
        expect(pods(namespace, selector).some((pod) => pod.name === (second as PodView).name && !pod.deleting)).toBe(true);
      } finally {
        expect(k(['uncordon', ...nodes]).code).toBe(0);
      }
      await eventually('three Ready web pods again after the maintenance', () =>
        pods(namespace, selector).filter((pod) => pod.ready && !pod.deleting).length === 3 ? true : undefined);
    }, STEP_TIMEOUT_MS);

    test('mongodb-0 gets its claim bound, and keeps its name and claim when it is deleted', async () => {
      const namespace = 'mongo-dev';
      const claim = jsonOf<any>(['get', 'pvc/data-mongodb-0', `--namespace=${namespace}`]);
      expect(claim.status.phase).toBe('Bound');
      const volume = jsonOf<any>(['get', `pv/${claim.spec.volumeName}`]);
      expect(volume.spec.claimRef).toMatchObject({ name: 'data-mongodb-0', namespace, uid: claim.metadata.uid });
      const [before] = pods(namespace, 'app.kubernetes.io/name=mongodb');
      expect(before).toMatchObject({ name: 'mongodb-0', ready: true, claims: ['data-mongodb-0'] });
      // The volume is pinned to the node the scheduler chose for the pod (WaitForFirstConsumer).
      expect(volume.spec.nodeAffinity.required.nodeSelectorTerms[0].matchExpressions[0].values).toEqual([(before as PodView).node]);

      expect(k(['delete', 'pod', 'mongodb-0', `--namespace=${namespace}`, '--wait=false']).code).toBe(0);
      const after = await eventually('a new Ready mongodb-0', () => {
        const [pod] = pods(namespace, 'app.kubernetes.io/name=mongodb').filter((p) => !p.deleting);
        return pod !== undefined && pod.uid !== (before as PodView).uid && pod.ready ? pod : undefined;
      });
      expect(after).toMatchObject({ name: 'mongodb-0', claims: ['data-mongodb-0'], node: (before as PodView).node });
      const claimAfter = jsonOf<any>(['get', 'pvc/data-mongodb-0', `--namespace=${namespace}`]);
      expect({ uid: claimAfter.metadata.uid, volume: claimAfter.spec.volumeName, phase: claimAfter.status.phase }).toEqual({ uid: claim.metadata.uid, volume: claim.spec.volumeName, phase: 'Bound' });
    }, STEP_TIMEOUT_MS);

    test('re-applying leaves an autoscaled Deployment\'s replica count to its autoscaler', async () => {
      // What the autoscaler would do under load: scale within its range (4 of 3..6).
      expect(k(['scale', 'deployment/mongo-express', '--namespace=mongo-prod', '--replicas=4']).code).toBe(0);
      const again = await apply(join(referenceDist, 'prod'));
      expect(again.code).toBe(0);
      expect(k(['get', 'deployment/mongo-express', '--namespace=mongo-prod', '--output=jsonpath={.spec.replicas}']).stdout).toBe('4');
      expect(pods('mongo-prod', 'app.kubernetes.io/name=mongo-express').filter((pod) => pod.ready && !pod.deleting)).toHaveLength(4);
      const managers = jsonOf<any>(['get', 'deployment/mongo-express', '--namespace=mongo-prod', '--show-managed-fields']).metadata.managedFields as any[];
      const shipshapeFields = JSON.stringify(managers.filter((entry) => entry.manager === 'shipshape' && entry.operation === 'Apply'));
      expect(shipshapeFields).not.toContain('"f:replicas"');
    }, STEP_TIMEOUT_MS);
  });

  describe('an app that changes', () => {
    const namespace = 'small-controlplane';
    const deploy = async (name: string, options: SmallAppOptions, wait = '3m'): Promise<RunResult> => {
      const file = join(harness.work, `${name}.ts`);
      writeFileSync(file, smallApp(options));
      // One app, whichever file holds its current version: its name (which names its ApplySets) stays the same.
      return shipshape(['apply', `--wait=${wait}`, '--app', file, '--app-name', 'small', '--output', join(harness.work, 'small-dist'), '--environment', 'controlplane'], harness.kubeconfig, REPO);
    };
    const webPods = (): PodView[] => pods(namespace, 'app.kubernetes.io/name=web').filter((pod) => !pod.deleting);
    const replicaSets = (): Array<{ name: string; hash: string; replicas: number }> =>
      jsonOf<{ items: any[] }>(['get', 'replicasets', `--namespace=${namespace}`]).items.map((set) => ({
        name: set.metadata.name, hash: set.metadata.labels['pod-template-hash'], replicas: set.spec.replicas,
      }));

    test('replicas asked to spread over zones land in different zones', async () => {
      const result = await deploy('zones', { replicas: 3, greeting: 'hello', spreadZones: true });
      expect(result.code).toBe(0);
      const placed = webPods();
      expect(placed.filter((pod) => pod.ready)).toHaveLength(3);
      expect(new Set(placed.map((pod) => zoneOf(pod.node))).size).toBe(3);
      expect(new Set(placed.map((pod) => pod.node)).size).toBe(3);
    }, STEP_TIMEOUT_MS);

    test('changing a ConfigMap value creates a new ReplicaSet that replaces every pod', async () => {
      const before = { pods: webPods(), sets: replicaSets() };
      const result = await deploy('greeting', { replicas: 3, greeting: 'hi', spreadZones: true });
      expect(result.code).toBe(0);
      const sets = replicaSets();
      const added = sets.filter((set) => !before.sets.some((old) => old.name === set.name));
      expect(added).toHaveLength(1);
      expect(sets.filter((set) => set.replicas > 0)).toEqual([expect.objectContaining({ name: (added[0] as { name: string }).name, replicas: 3 })]);
      const after = await eventually('only new pods left', () => {
        const now = webPods();
        return now.length === 3 ? now : undefined;
      });
      expect(after.every((pod) => pod.ready && pod.labels['pod-template-hash'] === (added[0] as { hash: string }).hash)).toBe(true);
      expect(after.filter((pod) => before.pods.some((old) => old.uid === pod.uid))).toEqual([]);
    }, STEP_TIMEOUT_MS);

    test('changing replicas scales up and down', async () => {
      expect((await deploy('up', { replicas: 5, greeting: 'hi', spreadZones: true })).code).toBe(0);
      expect(webPods().filter((pod) => pod.ready)).toHaveLength(5);
      expect((await deploy('down', { replicas: 2, greeting: 'hi', spreadZones: true })).code).toBe(0);
      // apply --wait returns once the Deployment counts 2; the pods it removed may still be going.
      await eventually('two web pods', () => (webPods().length === 2 ? true : undefined));
      expect(webPods().every((pod) => pod.ready)).toBe(true);
    }, STEP_TIMEOUT_MS);

    test('an image that can never be pulled makes apply --wait exit 1 within its timeout, naming the workload and the reason', async () => {
      const started = Date.now();
      const result = await deploy('broken', { replicas: 2, greeting: 'hi', spreadZones: true, image: 'registry.invalid/shop/web:1.0.0' }, '25s');
      const elapsed = Date.now() - started;
      expect(result.code).toBe(1);
      expect(elapsed).toBeLessThan(25_000 + 45_000);
      expect(result.stderr).toContain('Not rolled out after 25s: ');
      expect(result.stderr).toMatch(/waiting Deployment small-controlplane\/web: .*pods failing: ImagePullBackOff/);
      expect(result.stderr).toMatch(/condition Progressing=True/);
      expect(result.stderr).toMatch(/pod web-[a-z0-9]+-[a-z0-9]+ on node-[a-c]\d: container web waiting: ImagePullBackOff: Back-off pulling image "registry\.invalid\/shop\/web:1\.0\.0"/);
      expect(result.stderr).toMatch(/event \d+s ago Normal Scheduled Pod\/web-/);
      // The old pods keep serving: the rolling update never takes more than the budget allows.
      expect(webPods().filter((pod) => pod.ready).length).toBeGreaterThanOrEqual(1);
      const status = await shipshape(['status', '--dir', join(harness.work, 'small-dist', 'controlplane')], harness.kubeconfig, REPO);
      expect(status.code).toBe(1);
      expect(status.stdout).toMatch(/waiting Deployment small-controlplane\/web: .*ImagePullBackOff/);
    }, STEP_TIMEOUT_MS);
  });

  /** Posts an Eviction for a pod, as `kubectl drain` does. */
  function evict(namespace: string, pod: string): RunResult {
    const eviction = { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: pod, namespace } };
    return k(['create', '--raw', `/api/v1/namespaces/${namespace}/pods/${pod}/eviction`, '--filename=-'], JSON.stringify(eviction));
  }
});

interface SmallAppOptions {
  readonly replicas: number;
  readonly greeting: string;
  readonly spreadZones: boolean;
  readonly image?: string;
}

/** A small app built from the public API; spreading over zones goes through the JSON-patch escape hatch. */
function smallApp(options: SmallAppOptions): string {
  return `import { App, AppChart, ConfigMap, Deployment, EnvValue, Environment, JsonPatch, Service } from ${JSON.stringify(join(REPO, 'src'))};

export function buildApp(): App {
  const app = new App();
  const environment = new Environment(app, 'controlplane');
  const chart = new AppChart(environment, 'small');
  const config = new ConfigMap(chart, 'Config', { data: { greeting: ${JSON.stringify(options.greeting)} } });
  const web = new Deployment(chart, 'Web', {
    replicas: ${options.replicas},
    skipChecks: {
      'policy/run-as-non-root': 'a test image',
      'policy/read-only-root-filesystem': 'a test image',
    },
    containers: [{
      name: 'web',
      image: ${JSON.stringify(options.image ?? 'nginx:1.27.0')},
      ports: [{ number: 8080, name: 'http' }],
      env: { GREETING: EnvValue.fromConfigMap(config, 'greeting') },
    }],
  });
  ${options.spreadZones ? `web.apiObject.addJsonPatch(JsonPatch.add('/spec/template/spec/topologySpreadConstraints/-', {
    maxSkew: 1,
    topologyKey: 'topology.kubernetes.io/zone',
    whenUnsatisfiable: 'DoNotSchedule',
    labelSelector: { matchLabels: { 'app.kubernetes.io/name': 'web' } },
  }));` : ''}
  new Service(chart, 'Service', { selects: web, ports: [{ port: 80, targetPort: 'http' }] });
  return app;
}
`;
}
