/**
 * The apply lock on a real API server: two applies of one app and environment never run together (exactly
 * one proceeds, the other names the holder and changes nothing), a held lock is waited for with
 * --lock-timeout and broken with --force-unlock, an expired lease is taken over, of two runs racing for an
 * expired lease exactly one wins, and the lock is released after success, failure and SIGTERM (while waiting for
 * the lock, while kubectl apply runs, which is ended and waited for, and during --wait). A user
 * without the Lease permission is told what to grant, and applies with --no-lock. Skipped like the other
 * cluster suites.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { ApplyLock, LOCK_LABEL, LOCK_NAMESPACE, lockScopes, microTime } from '../../src/deploy/apply-lock';
import { parentNames } from '../../src/deploy/applyset';
import { ApplyLockError } from '../../src/deploy/errors';
import { Kubectl } from '../../src/deploy/kubectl';
import { kubectl, RunResult, shipshape } from './cli-runner';
import { describeCluster, useCluster } from './harness';

const REPO = resolve(__dirname, '../..');

interface AppOptions {
  /** The chart id, which names its Namespace `<chart>-dev`. @default - the package name */
  readonly chart?: string;
  readonly configMaps: readonly string[];
  /** A Deployment that never rolls out on the API-server-only cluster (no controllers), for `--wait`. */
  readonly deployment?: boolean;
  /** The value every ConfigMap carries, to tell versions apart. */
  readonly version?: string;
}

function appSource(name: string, options: AppOptions): string {
  const deployment = options.deployment !== true ? '' : `
  new Deployment(chart, 'Web', {
    replicas: 1,
    skipChecks: { 'policy/run-as-non-root': 'a test image', 'policy/read-only-root-filesystem': 'a test image' },
    containers: [{ name: 'web', image: 'nginx:1.27.0', ports: [{ number: 8080, name: 'http' }] }],
  });`;
  return `import { App, AppChart, ConfigMap, Deployment, Environment } from ${JSON.stringify(join(REPO, 'src'))};

export function buildApp(): App {
  const app = new App();
  const chart = new AppChart(new Environment(app, 'dev'), ${JSON.stringify(options.chart ?? name)});
${options.configMaps.map((map) => `  new ConfigMap(chart, ${JSON.stringify(map)}, { name: ${JSON.stringify(map)}, data: { version: ${JSON.stringify(options.version ?? 'v1')} } });`).join('\n')}${deployment}
  return app;
}
`;
}

/** Resolves with the child's exit code (or signal), or rejects after the timeout. */
function exitOf(child: ChildProcess, timeoutMs: number): Promise<number | NodeJS.Signals> {
  return new Promise((resolveExit, reject) => {
    const timer = setTimeout(() => reject(new Error(`the process did not exit within ${timeoutMs} ms`)), timeoutMs);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      resolveExit(code ?? signal ?? 'SIGKILL');
    });
  });
}

describeCluster('the apply lock (kube-apiserver 1.36 on loopback)', () => {
  const harness = useCluster({ workPrefix: 'shipshape-apply-lock-' });

  /** A project (package `name`, entry charts/main.ts) synthesized into its dist/; `folder` is a new checkout. */
  const project = async (name: string, options: AppOptions, folder = name): Promise<string> => {
    const dir = join(harness.work, folder);
    mkdirSync(join(dir, 'charts'), { recursive: true });
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, private: true }));
    writeFileSync(join(dir, 'charts', 'main.ts'), appSource(name, options));
    const synth = await shipshape(['synth', '--app', 'charts/main.ts', '--output', 'dist', '-q'], harness.kubeconfig, dir);
    expect(synth.stderr).toBe('');
    return dir;
  };
  const apply = (dir: string, extra: readonly string[] = [], kubeconfig = harness.kubeconfig): Promise<RunResult> =>
    shipshape(['apply', '--no-synth', '--output', 'dist', ...extra], kubeconfig, dir);
  const lockLeases = (): string[] =>
    kubectl(['get', 'leases', `--namespace=${LOCK_NAMESPACE}`, `--selector=${LOCK_LABEL}`, '--output=name'], harness.kubeconfig).stdout.split('\n').filter(Boolean);
  const configMaps = (namespace: string): Record<string, string> => {
    const result = kubectl(['get', 'configmaps', `--namespace=${namespace}`, '--selector=applyset.kubernetes.io/part-of',
      '--output=jsonpath={range .items[*]}{.metadata.name}={.data.version}{"\\n"}{end}'], harness.kubeconfig);
    return Object.fromEntries(result.stdout.split('\n').filter(Boolean).map((line) => line.split('=') as [string, string]));
  };
  /** `shipshape apply --no-synth` in a process of its own (from the TypeScript sources), for signals. */
  const spawnApply = (dir: string, extra: readonly string[]) => {
    const child = spawn(process.execPath, [
      '-r', require.resolve('ts-node/register/transpile-only'), join(REPO, 'src', 'cli', 'main.ts'), 'apply', '--no-synth', '--output', 'dist', ...extra,
    ], {
      cwd: dir,
      env: { ...process.env, KUBECONFIG: harness.kubeconfig, SHIPSHAPE_NO_BUNDLE: '1', TS_NODE_PROJECT: join(REPO, 'tsconfig.json') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const run = {
      child,
      stdout: '',
      stderr: '',
      exited: exitOf(child, 150_000),
      /** Resolves once the condition holds; fails after 120 s or when the process exits first. */
      until: async (condition: () => boolean): Promise<void> => {
        const deadline = Date.now() + 120_000;
        while (!condition() && Date.now() < deadline && child.exitCode === null) await new Promise((r) => setTimeout(r, 200));
        if (!condition()) throw new Error(`the condition never held; stdout: ${run.stdout}\nstderr: ${run.stderr}`);
      },
    };
    child.stdout.on('data', (chunk: Buffer) => (run.stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (run.stderr += chunk.toString()));
    return run;
  };
  const runLease = (app: string): string => `lease.coordination.k8s.io/${parentNames({ app, environment: 'dev' }).namespaced}`;
  /**
   * A Lease as a run on another machine would have written it: its renewTime `renewedAgoMs` before this
   * machine's now (by that machine's clock, so any time), stored by the server now.
   */
  const foreignLease = (name: string, holder: string, renewedAgoMs: number, durationSeconds = 60): void => {
    const renewed = microTime(Date.now() - renewedAgoMs);
    const lease = {
      apiVersion: 'coordination.k8s.io/v1', kind: 'Lease',
      metadata: { name, namespace: LOCK_NAMESPACE, labels: { [LOCK_LABEL]: 'true' }, annotations: { 'shipshape.io/lock-scope': 'a test lease' } },
      spec: { holderIdentity: holder, leaseDurationSeconds: durationSeconds, acquireTime: renewed, renewTime: renewed, leaseTransitions: 0 },
    };
    const result = kubectl(['create', '--filename=-'], harness.kubeconfig, JSON.stringify(lease));
    expect(result.stderr).toBe('');
  };
  /** Waits until a foreignLease of one second has expired by the server's clock (whole seconds, plus one). */
  const outlive = (): Promise<void> => new Promise((r) => setTimeout(r, 3100));

  test('of two applies of one app and environment started together, exactly one proceeds; the other names the holder and changes nothing', async () => {
    // Two CI jobs of the same app: an older commit (a, b) and a newer one (a, c).
    const older = await project('twin', { configMaps: ['a', 'b'], version: 'old' }, 'twin-old');
    const newer = await project('twin', { configMaps: ['a', 'c'], version: 'new' }, 'twin-new');
    const results = await Promise.all([apply(older), apply(newer)]);
    expect(results.map((result) => result.code).sort()).toEqual([0, 2]);
    const winner = results.find((result) => result.code === 0) as RunResult;
    const loser = results.find((result) => result.code === 2) as RunResult;
    expect(loser.stderr).toMatch(/another apply is running, so nothing was applied or pruned:/);
    expect(loser.stderr).toMatch(/app "twin\/charts\/main", environment "dev" \(Lease default\/shipshape-twin-charts-main-dev-[0-9a-f]{10}\): held by "shipshape apply of twin\/charts\/main \(dev\) on [^,]+, pid \d+, run [0-9a-f]{8}", taken \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ \(\d+ s ago\), renewed .*, expires .* unless renewed/);
    expect(loser.stderr).toContain('--lock-timeout');
    expect(loser.stderr).toContain('--force-unlock');
    expect(loser.stderr).toMatch(/kubectl delete lease --namespace=default shipshape-twin-charts-main-dev-/);
    expect(loser.stdout).not.toMatch(/^ {2}(applied|pruned)/m);
    // What is in the cluster is exactly the winner's version: the loser applied and pruned nothing.
    const version = winner === results[0] ? 'old' : 'new';
    expect(configMaps('twin-dev')).toEqual(version === 'old' ? { a: 'old', b: 'old' } : { a: 'new', c: 'new' });
    expect(lockLeases()).toEqual([]);
  });

  test('of two apps that claim the same objects and apply together, exactly one applies and the other changes nothing', async () => {
    for (const round of [1, 2, 3]) {
      // Both create Namespace contested<round>-dev and ConfigMap shared in it, plus one ConfigMap of their own.
      const chart = `contested${round}`;
      const alpha = await project(`alpha${round}`, { chart, configMaps: ['shared', 'alpha-only'], version: 'alpha' });
      const beta = await project(`beta${round}`, { chart, configMaps: ['shared', 'beta-only'], version: 'beta' });
      const results = await Promise.all([apply(alpha), apply(beta)]);
      expect(results.map((result) => result.code).sort()).toEqual([0, 2]);
      const winner = results[0]?.code === 0 ? 'alpha' : 'beta';
      const loser = results.find((result) => result.code === 2) as RunResult;
      // Either it found the Namespace's lease held, or it took it after the winner was done and its
      // ownership check, run under the lock, saw the winner's objects.
      expect(loser.stderr).toMatch(new RegExp(
        `Namespace ${chart}-dev \\(Lease default/shipshape-lock-ns-${chart}-dev-[0-9a-f]{10}\\): held by "shipshape apply of ${winner}${round}/charts/main|` +
        `ConfigMap ${chart}-dev/shared belongs to ApplySet ${chart}-dev/shipshape-${winner}${round}-charts-main-dev-`,
      ));
      expect(loser.stdout).not.toMatch(/^ {2}(applied|pruned)/m);
      expect(configMaps(`${chart}-dev`)).toEqual({ shared: winner, [`${winner}-only`]: winner });
      const owner = kubectl(['get', 'configmap/shared', `--namespace=${chart}-dev`, '--output=jsonpath={.metadata.labels.applyset\\.kubernetes\\.io/part-of}'], harness.kubeconfig).stdout;
      const parent = kubectl(['get', 'secrets', `--namespace=${chart}-dev`, `--selector=applyset.kubernetes.io/id=${owner}`, '--output=jsonpath={.items[*].metadata.annotations.shipshape\\.io/app}'], harness.kubeconfig).stdout;
      expect(parent).toBe(`${winner}${round}/charts/main`);
    }
    expect(lockLeases()).toEqual([]);
  });

  test('a run fails at once while another holds the lock, and with --lock-timeout waits for it', async () => {
    const dir = await project('patient', { configMaps: ['p'] });
    const identity = { app: 'patient/charts/main', environment: 'dev' };
    const manifests = [{ object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'p', namespace: 'patient-dev' } } }];
    const other = await ApplyLock.acquire(new Kubectl({ kubeconfig: harness.kubeconfig, env: process.env }), { identity, scopes: lockScopes(identity, manifests) });
    try {
      const started = Date.now();
      const refused = await apply(dir);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain(`held by "${other.holder}"`);
      expect(Date.now() - started).toBeLessThan(20_000);
      expect(kubectl(['get', 'namespace/patient-dev', '--ignore-not-found', '--output=name'], harness.kubeconfig).stdout).toBe('');

      const waiting = apply(dir, ['--lock-timeout=40s']);
      await new Promise((resolveDelay) => setTimeout(resolveDelay, 3000));
      await other.release();
      const waited = await waiting;
      expect(waited.stderr).toMatch(/waiting up to 40 s for the lock: app "patient\/charts\/main", environment "dev" is held by "shipshape apply of patient/);
      expect(waited.code).toBe(0);
      expect(configMaps('patient-dev')).toEqual({ p: 'v1' });
    } finally {
      await other.release();
    }
    expect(lockLeases()).toEqual([]);
  });

  test('an expired lease is taken over, and a live one only with --force-unlock', async () => {
    const dir = await project('stale', { configMaps: ['s'] });
    const lease = parentNames({ app: 'stale/charts/main', environment: 'dev' }).namespaced;
    foreignLease(lease, 'a run that crashed', 2 * 60_000, 1);
    await outlive();
    const expired = await apply(dir);
    expect(expired.stderr).toBe('');
    expect(expired.code).toBe(0);
    expect(lockLeases()).toEqual([]);

    foreignLease(lease, 'a run on a machine that is gone', 1000);
    const held = await apply(dir);
    expect(held.code).toBe(2);
    expect(held.stderr).toContain('held by "a run on a machine that is gone"');
    const forced = await apply(dir, ['--force-unlock']);
    expect(forced.code).toBe(0);
    expect(forced.stderr).toMatch(/--force-unlock: took app "stale\/charts\/main", environment "dev" \(Lease default\/shipshape-stale-charts-main-dev-[0-9a-f]{10}\) from "a run on a machine that is gone"/);
    expect(lockLeases()).toEqual([]);
  });

  test('a lease is judged by the server\'s clock: a live run whose clock is an hour behind keeps its lock, a dead one whose clock was ahead loses it', async () => {
    const dir = await project('skewed', { configMaps: ['k'] });
    const lease = parentNames({ app: 'skewed/charts/main', environment: 'dev' }).namespaced;
    // Its renewTime says an hour ago, but the server stored it just now: it is alive.
    foreignLease(lease, 'a live run whose clock is an hour behind', 3_600_000);
    const held = await apply(dir);
    expect(held.code).toBe(2);
    expect(held.stderr).toContain('held by "a live run whose clock is an hour behind"');
    const expires = /expires \S+ \(in (\d+) s\) unless renewed/.exec(held.stderr);
    expect(Number(expires?.[1])).toBeGreaterThan(50);
    expect(Number(expires?.[1])).toBeLessThanOrEqual(62);
    expect(configMaps('skewed-dev')).toEqual({});
    kubectl(['delete', 'lease', lease, `--namespace=${LOCK_NAMESPACE}`], harness.kubeconfig);

    // Its renewTime says ten minutes from now, but the server stored its last renewal longer ago than its duration.
    foreignLease(lease, 'a dead run whose clock was ahead', -600_000, 1);
    await outlive();
    const taken = await apply(dir);
    expect(taken.stderr).toBe('');
    expect(taken.code).toBe(0);
    expect(configMaps('skewed-dev')).toEqual({ k: 'v1' });
    expect(lockLeases()).toEqual([]);
  });

  test('where admission refuses the clock probe, leases are judged by this machine\'s clock, as a notice says', async () => {
    const dir = await project('unclocked', { configMaps: ['u'] });
    const lease = parentNames({ app: 'unclocked/charts/main', environment: 'dev' }).namespaced;
    const policy = [
      {
        apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingAdmissionPolicy', metadata: { name: 'no-clock-probe' },
        spec: {
          failurePolicy: 'Fail',
          matchConstraints: { resourceRules: [{ apiGroups: ['coordination.k8s.io'], apiVersions: ['v1'], operations: ['CREATE'], resources: ['leases'] }] },
          validations: [{ expression: "!has(object.metadata.generateName) || object.metadata.generateName != 'shipshape-clock-'", message: 'no clock probes here' }],
        },
      },
      { apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingAdmissionPolicyBinding', metadata: { name: 'no-clock-probe' }, spec: { policyName: 'no-clock-probe', validationActions: ['Deny'] } },
    ];
    expect(kubectl(['apply', '--server-side', '--filename=-'], harness.kubeconfig, policy.map((object) => JSON.stringify(object)).join('\n')).code).toBe(0);
    try {
      // The policy takes effect once the server has loaded it.
      const probe = JSON.stringify({ apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { generateName: 'shipshape-clock-', namespace: LOCK_NAMESPACE } });
      const deadline = Date.now() + 30_000;
      while (kubectl(['create', '--dry-run=server', '--filename=-'], harness.kubeconfig, probe).code === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 300));
      foreignLease(lease, 'a run that crashed', 0, 1);
      await outlive();
      const taken = await apply(dir);
      expect(taken.code).toBe(0);
      expect(taken.stderr).toMatch(/^cannot read the API server's time \(.*no clock probes here.*\): leases held by other runs are judged by this machine's clock$/m);
      expect(configMaps('unclocked-dev')).toEqual({ u: 'v1' });
      expect(lockLeases()).toEqual([]);
    } finally {
      kubectl(['delete', 'validatingadmissionpolicybinding,validatingadmissionpolicy', 'no-clock-probe', '--wait=false'], harness.kubeconfig);
    }
  });

  test('of two runs racing to take over an expired lease, exactly one wins, every time', async () => {
    const identity = { app: 'racer', environment: 'dev' };
    const scopes = lockScopes(identity, []);
    const lease = scopes[0]?.lease ?? '';
    for (let round = 0; round < 5; round++) {
      foreignLease(lease, 'a run that crashed', 5 * 60_000, 1);
      await outlive();
      // Each run has its own kubectl processes: the server sees two clients racing.
      const outcomes = await Promise.allSettled([0, 1].map(() =>
        ApplyLock.acquire(new Kubectl({ kubeconfig: harness.kubeconfig, env: process.env }), { identity, scopes })));
      const winners = outcomes.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : []));
      const losers = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason as unknown] : []));
      expect(winners).toHaveLength(1);
      expect(losers).toHaveLength(1);
      const winner = winners[0] as ApplyLock;
      expect(losers[0]).toBeInstanceOf(ApplyLockError);
      expect((losers[0] as Error).message).toContain(`held by "${winner.holder}"`);
      const stored = JSON.parse(kubectl(['get', `lease/${lease}`, `--namespace=${LOCK_NAMESPACE}`, '--output=json'], harness.kubeconfig).stdout) as { spec: { holderIdentity: string; leaseTransitions: number } };
      expect(stored.spec).toMatchObject({ holderIdentity: winner.holder, leaseTransitions: 1 });
      await winner.release();
      expect(lockLeases()).toEqual([]);
    }
  });

  test('a held lock is renewed; a run whose lease was taken over finds out at its next renewal, and its release leaves the new holder\'s lease alone', async () => {
    const identity = { app: 'renewer', environment: 'dev' };
    const scopes = lockScopes(identity, []);
    const lease = scopes[0]?.lease ?? '';
    const read = (): { resourceVersion: string; holder: string; renewTime: string } => {
      const result = kubectl(['get', `lease/${lease}`, `--namespace=${LOCK_NAMESPACE}`, '--output=jsonpath={.metadata.resourceVersion} {.spec.holderIdentity} {.spec.renewTime}'], harness.kubeconfig).stdout;
      const parts = result.split(' ');
      return { resourceVersion: parts[0] ?? '', holder: parts.slice(1, -1).join(' '), renewTime: parts[parts.length - 1] ?? '' };
    };
    const first = await ApplyLock.acquire(new Kubectl({ kubeconfig: harness.kubeconfig, env: process.env }), { identity, scopes, renewIntervalMs: 500 });
    const second = await (async () => {
      try {
        const taken = read();
        const deadline = Date.now() + 20_000;
        while (read().renewTime === taken.renewTime && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
        const renewed = read();
        expect(renewed.holder).toBe(first.holder);
        expect(renewed.renewTime > taken.renewTime).toBe(true);
        expect(() => first.check()).not.toThrow();

        // Someone breaks the lock (--force-unlock, or it expired while this run was frozen).
        const breaker = await ApplyLock.acquire(new Kubectl({ kubeconfig: harness.kubeconfig, env: process.env }), { identity, scopes, force: true });
        const lostBy = Date.now() + 20_000;
        while (Date.now() < lostBy) {
          try {
            first.check();
          } catch {
            break;
          }
          await new Promise((r) => setTimeout(r, 200));
        }
        expect(() => first.check()).toThrow(/the apply lock was lost: app "renewer", environment "dev" \(Lease default\/shipshape-renewer-dev-[0-9a-f]{10}\) was taken over by someone else\. This run stopped before its next change/);
        return breaker;
      } finally {
        await first.release();
      }
    })();
    expect(read().holder).toBe(second.holder);
    await second.release();
    expect(lockLeases()).toEqual([]);
  });

  test('the lock is released after a refused apply and after one the server rejects', async () => {
    const owner = await project('keeper', { configMaps: ['kept'] });
    expect((await apply(owner)).code).toBe(0);
    // Another app claims the same Namespace and ConfigMap: refused under the lock, and the lock released.
    const claimant = await project('claimant', { chart: 'keeper', configMaps: ['kept'] });
    const refused = await apply(claimant);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/ConfigMap keeper-dev\/kept belongs to ApplySet/);
    expect(lockLeases()).toEqual([]);

    // An object in a Namespace that does not exist: the server rejects it.
    const dist = join(harness.work, 'rejected', 'dist', 'dev');
    mkdirSync(dist, { recursive: true });
    writeFileSync(join(dist, 'app.k8s.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: orphan\n  namespace: no-such-namespace\ndata:\n  a: b\n');
    const rejected = await shipshape(['apply', '--dir', dist, '--app-name', 'rejected'], harness.kubeconfig, harness.work);
    expect(rejected.code).toBe(1);
    expect(rejected.stderr).toMatch(/orphan/);
    expect(lockLeases()).toEqual([]);
  });

  test('SIGTERM during --wait ends the run and releases the lock; scope leases are given back before the wait', async () => {
    const dir = await project('waiter', { configMaps: ['w'], deployment: true });
    const run = spawnApply(dir, ['--wait=120s']);
    try {
      await run.until(() => /Waiting up to 120s/.test(run.stdout));
      // Ownership is settled: only the run lease of the app and environment is held during the wait.
      expect(lockLeases()).toEqual([runLease('waiter/charts/main')]);
      run.child.kill('SIGTERM');
      expect(await run.exited).toBe(143);
      expect(run.stderr).toContain('stopped by SIGTERM');
      expect(lockLeases()).toEqual([]);
    } finally {
      if (run.child.exitCode === null) run.child.kill('SIGKILL');
    }
  }, 180_000);

  /**
   * The kubectl processes that talk to this suite's cluster, other than the suite's own, by pid with their start time
   * (so that a reused pid is never mistaken for one of them), read from /proc: each names the kubeconfig in its
   * arguments or environment.
   */
  const clusterKubectls = (): Map<number, { startTime: string; args: string[] }> => {
    const found = new Map<number, { startTime: string; args: string[] }>();
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').filter(Boolean);
        if (!/^kubectl/.test(basename(args[0] ?? ''))) continue;
        const environment = readFileSync(`/proc/${entry}/environ`, 'utf8').split('\0');
        if (!args.some((arg) => arg.includes(harness.kubeconfig)) && !environment.includes(`KUBECONFIG=${harness.kubeconfig}`)) continue;
        // Fields after the command name, which is in parentheses: state is the 3rd field, the parent pid the 4th, starttime the 22nd.
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        // Zombies have ended; the suite's own kubectl runs (an in-process lock's renewals) are not the run's.
        if (fields[0] === 'Z' || Number(fields[1]) === process.pid) continue;
        found.set(Number(entry), { startTime: fields[19] ?? '', args });
      } catch {
        // The process ended while it was read, or is another user's.
      }
    }
    return found;
  };

  test('SIGTERM while kubectl apply runs ends kubectl and the run with 143, releases the lock and leaves no kubectl behind; a rerun applies everything', async () => {
    // Enough objects that kubectl is still applying when the first of them is reported.
    const names = Array.from({ length: 400 }, (_, index) => `m-${String(index).padStart(3, '0')}`);
    const dir = await project('stopped', { configMaps: names });
    const run = spawnApply(dir, []);
    let applying: Map<number, { startTime: string; args: string[] }>;
    try {
      await run.until(() => /applied +ConfigMap stopped-dev\/m-/.test(run.stdout));
      applying = clusterKubectls();
      expect([...applying.values()].filter(({ args }) => args.includes('apply') && args.includes('--prune'))).toHaveLength(1);
      run.child.kill('SIGTERM');
      expect(await run.exited).toBe(143);
    } finally {
      if (run.child.exitCode === null) run.child.kill('SIGKILL');
    }
    expect(run.stderr).toContain('shipshape apply: stopped by SIGTERM; the objects reported as applied were applied. Releasing the apply lock.');
    const reported = run.stdout.match(/applied +ConfigMap stopped-dev\/m-/g)?.length ?? 0;
    expect(reported).toBeLessThan(names.length);
    // kubectl was ended and waited for: none of the run's kubectl processes is left, nor any other for this cluster.
    const left = clusterKubectls();
    expect([...applying].filter(([pid, { startTime }]) => left.get(pid)?.startTime === startTime)).toEqual([]);
    expect([...left.values()].map(({ args }) => args.join(' '))).toEqual([]);
    expect(lockLeases()).toEqual([]);
    // What was reported as applied is in the cluster; the rerun applies the rest, under the lock, and releases it.
    expect(Object.keys(configMaps('stopped-dev')).length).toBeGreaterThanOrEqual(reported);
    const rerun = await apply(dir);
    expect(rerun.stderr).toBe('');
    expect(rerun.code).toBe(0);
    expect(rerun.stdout).toContain(`${names.length + 1} applied, 0 pruned.`);
    expect(Object.keys(configMaps('stopped-dev')).sort()).toEqual(names);
    expect(lockLeases()).toEqual([]);
  }, 300_000);

  test('SIGTERM while waiting for another run\'s lock ends the run at once and leaves that run\'s lease alone', async () => {
    const dir = await project('queued', { configMaps: ['q'] });
    const identity = { app: 'queued/charts/main', environment: 'dev' };
    const scopes = lockScopes(identity, [{ object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'q', namespace: 'queued-dev' } } }]);
    // The other run holds only the Namespace's lease: the waiting one takes its run lease, then gives it back.
    const other = await ApplyLock.acquire(new Kubectl({ kubeconfig: harness.kubeconfig, env: process.env }), { identity: { app: 'other', environment: 'dev' }, scopes: scopes.slice(1) });
    const run = spawnApply(dir, ['--lock-timeout=120s']);
    try {
      await run.until(() => /waiting up to 120 s for the lock: Namespace queued-dev is held by/.test(run.stderr));
      const signalled = Date.now();
      run.child.kill('SIGTERM');
      expect(await run.exited).toBe(143);
      expect(Date.now() - signalled).toBeLessThan(15_000);
      expect(lockLeases()).toEqual([`lease.coordination.k8s.io/${scopes[1]?.lease ?? ''}`]);
      expect(kubectl(['get', 'namespace/queued-dev', '--ignore-not-found', '--output=name'], harness.kubeconfig).stdout).toBe('');
    } finally {
      if (run.child.exitCode === null) run.child.kill('SIGKILL');
      await other.release();
    }
    expect(lockLeases()).toEqual([]);
  }, 180_000);

  /** A kubeconfig with the same credentials, impersonating `user`, who may do everything but touch Leases. */
  const kubeconfigWithoutLeases = (user: string): string => {
    const rules = [{ apiGroups: [''], resources: ['*'], verbs: ['*'] }, { apiGroups: ['apps'], resources: ['*'], verbs: ['*'] }];
    const grant = [
      { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: `no-leases-${user}` }, rules },
      { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: `no-leases-${user}` }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: `no-leases-${user}` }, subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: user }] },
    ];
    expect(kubectl(['create', '--filename=-'], harness.kubeconfig, JSON.stringify({ apiVersion: 'v1', kind: 'List', items: grant })).code).toBe(0);
    const config = JSON.parse(kubectl(['config', 'view', '--raw', '--flatten', '--output=json'], harness.kubeconfig).stdout) as { users: { user: Record<string, unknown> }[] };
    for (const entry of config.users) entry.user.as = user;
    const kubeconfig = join(harness.work, `${user}.kubeconfig`);
    writeFileSync(kubeconfig, JSON.stringify(config));
    expect(readFileSync(kubeconfig, 'utf8')).toContain(`"as":"${user}"`);
    return kubeconfig;
  };

  test('a user who may not manage Leases is told which permission is missing and how to grant it, and nothing is applied', async () => {
    const dir = await project('lockless', { configMaps: ['l'] });
    const kubeconfig = kubeconfigWithoutLeases('lockless');

    const result = await apply(dir, [], kubeconfig);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/cannot take the apply lock: .*User "lockless" cannot create resource "leases" in API group "coordination\.k8s\.io" in the namespace "default"/);
    expect(result.stderr).toContain('needs create, get, update and delete on leases (coordination.k8s.io) in Namespace \'default\'');
    expect(result.stderr).toContain('kubectl create role shipshape-apply-lock --namespace=default --verb=create,get,update,delete --resource=leases.coordination.k8s.io');
    expect(result.stderr).toContain('run with --no-lock');
    expect(kubectl(['get', 'namespace/lockless-dev', '--ignore-not-found', '--output=name'], harness.kubeconfig).stdout).toBe('');
  });

  test('with --no-lock, a user who may not manage Leases applies, warned once that concurrent applies are not prevented', async () => {
    const dir = await project('unlocked', { configMaps: ['u'] });
    const kubeconfig = kubeconfigWithoutLeases('unlocked');

    const result = await apply(dir, ['--no-lock'], kubeconfig);
    expect(result.stderr).toBe('warning: --no-lock: no apply lock is taken, so concurrent applies of the same app or Namespace are not prevented\n');
    expect(result.code).toBe(0);
    expect(configMaps('unlocked-dev')).toEqual({ u: 'v1' });
    expect(lockLeases()).toEqual([]);
  });
});
