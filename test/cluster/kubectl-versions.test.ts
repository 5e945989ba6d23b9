/**
 * A team that applies one app with kubectl 1.27 (CI pinned to an old client) and with a later kubectl (a laptop)
 * in turn, on a real API server. kubectl 1.27 and 1.28 read an ApplySet parent's member types only from
 * `contains-group-resources`; 1.29 and later write `contains-group-kinds` and drop the other. Each must prune
 * what the other applied, and an ApplySet no longer synthesized is pruned with its members whichever kubectl
 * wrote it last (kubectl 1.27 and 1.28 each). Skipped like the other cluster suites; a kubectl build missing beside the
 * kubectl on PATH skips its case.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, realpathSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { kubectl, RunResult } from './cli-runner';
import { describeCluster, useCluster } from './harness';
import { runMain } from '../helpers/cli';

const REPO = resolve(__dirname, '../..');

/** kubectl 1.<minor> beside the kubectl on PATH (this machine keeps 1.27 to 1.33 builds there), if any. */
function kubectlBeside(minor: number): string | undefined {
  const found = spawnSync('sh', ['-c', 'command -v kubectl'], { encoding: 'utf8' }).stdout.trim();
  if (found === '') return undefined;
  const binary = join(dirname(realpathSync(found)), `kubectl.1.${minor}`);
  return existsSync(binary) ? binary : undefined;
}

const OLD_KUBECTL = kubectlBeside(27);
/** The old kubectls here (1.27 and 1.28 read only contains-group-resources), as [minor, path]. */
const OLD_KUBECTLS = [27, 28].flatMap((minor): Array<[number, string]> => {
  const binary = kubectlBeside(minor);
  return binary === undefined ? [] : [[minor, binary]];
});

describeCluster('ApplySets applied by kubectl 1.27 and a later kubectl in turn (kube-apiserver 1.36 on loopback)', () => {
  const harness = useCluster({ workPrefix: 'shipshape-kubectl-versions-' });

  /** A checkout of package `team` (or another) whose charts (Namespace `<chart>-dev` each) hold these ConfigMaps and ServiceAccounts. */
  const checkout = (folder: string, charts: Record<string, { configMaps: readonly string[]; serviceAccounts?: readonly string[] }>, pkg = 'team'): string => {
    const dir = join(harness.work, folder);
    mkdirSync(join(dir, 'charts'), { recursive: true });
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: pkg, private: true }));
    const body = Object.entries(charts).map(([chart, contents], index) => [
      `  const c${index} = new AppChart(env, ${JSON.stringify(chart)});`,
      ...contents.configMaps.map((name) => `  new ConfigMap(c${index}, ${JSON.stringify(name)}, { name: ${JSON.stringify(name)}, data: { a: 'b' } });`),
      ...(contents.serviceAccounts ?? []).map((name) => `  new ServiceAccount(c${index}, ${JSON.stringify(name)}, { name: ${JSON.stringify(name)} });`),
    ].join('\n'));
    writeFileSync(join(dir, 'charts', 'main.ts'), `import { App, AppChart, ConfigMap, Environment, ServiceAccount } from ${JSON.stringify(join(REPO, 'src'))};

export function buildApp(): App {
  const app = new App();
  const env = new Environment(app, 'dev');
${body.join('\n')}
  return app;
}
`);
    return dir;
  };
  /** `shipshape apply` of a checkout with the given kubectl (undefined: the one on PATH). */
  const apply = (dir: string, binary: string | undefined): Promise<RunResult> => runMain(['apply', '--app', 'charts/main.ts', '--output', 'dist'], {
    cwd: dir,
    env: { ...process.env, KUBECONFIG: harness.kubeconfig, ...(binary === undefined ? {} : { SHIPSHAPE_KUBECTL: binary }) },
  });
  const names = (resource: string, namespace: string): string[] =>
    kubectl(['get', resource, `--namespace=${namespace}`, '--selector=applyset.kubernetes.io/part-of', '--output=jsonpath={.items[*].metadata.name}'], harness.kubeconfig).stdout.split(' ').filter(Boolean);
  const parentAnnotations = (namespace: string): string[] => {
    const text = kubectl(['get', 'secrets', `--namespace=${namespace}`, '--selector=applyset.kubernetes.io/id', '--output=jsonpath={.items[0].metadata.annotations}'], harness.kubeconfig).stdout;
    return Object.keys(JSON.parse(text) as Record<string, string>).filter((key) => key.startsWith('applyset.kubernetes.io/contains-')).sort();
  };

  (OLD_KUBECTLS.length === 0 ? test.skip.each([[27, '']]) : test.each(OLD_KUBECTLS))('kubectl 1.%i and the one on PATH: each prunes what the other applied, and an abandoned ApplySet is pruned with its members whichever wrote it', async (minor, old) => {
    const web = `web${minor}`;
    const extra = `extra${minor}-`;
    const pkg = `team${minor}`;
    const ok = (result: RunResult): RunResult => {
      expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
      return result;
    };
    // The later kubectl writes the parent; kubectl 1.27 applies next and prunes the ServiceAccount it removed.
    ok(await apply(checkout(`${web}-1`, { [web]: { configMaps: ['a'], serviceAccounts: ['s1'] } }, pkg), undefined));
    expect(parentAnnotations(`${web}-dev`)).toEqual(['applyset.kubernetes.io/contains-group-kinds']);
    expect(ok(await apply(checkout(`${web}-2`, { [web]: { configMaps: ['a'] } }, pkg), old)).stdout).toContain(`pruned      serviceaccount/s1 in ${web}-dev`);
    expect(names('serviceaccounts', `${web}-dev`)).toEqual([]);
    expect(parentAnnotations(`${web}-dev`)).toEqual(['applyset.kubernetes.io/contains-group-resources']);

    // kubectl 1.27 writes the parent; the later kubectl prunes what it applied.
    ok(await apply(checkout(`${web}-3`, { [web]: { configMaps: ['a'], serviceAccounts: ['s2'] } }, pkg), old));
    expect(ok(await apply(checkout(`${web}-4`, { [web]: { configMaps: ['a'] } }, pkg), undefined)).stdout).toContain(`pruned      serviceaccount/s2 in ${web}-dev`);
    expect(names('serviceaccounts', `${web}-dev`)).toEqual([]);

    // A second chart, last applied by kubectl 1.27, then dropped: its ApplySet goes with its members, with either kubectl.
    for (const [round, [writer, pruner]] of [[old, undefined], [undefined, old]].entries()) {
      ok(await apply(checkout(`${web}-5-${round}`, { [web]: { configMaps: ['a'] }, [`${extra}${round}`]: { configMaps: ['b', 'c'] } }, pkg), writer));
      expect(names('configmaps', `${extra}${round}-dev`)).toEqual(['b', 'c']);
      const dropped = ok(await apply(checkout(`${web}-6-${round}`, { [web]: { configMaps: ['a'] } }, pkg), pruner));
      expect(dropped.stdout).toContain(`pruned      namespace/${extra}${round}-dev`);
      expect(names('configmaps', `${extra}${round}-dev`)).toEqual([]);
      expect(kubectl(['get', 'secrets', `--namespace=${extra}${round}-dev`, '--selector=applyset.kubernetes.io/id', '--output=name'], harness.kubeconfig).stdout).toBe('');
    }
  });

  (OLD_KUBECTL === undefined ? test.skip : test)('kubectl 1.27 applies with an aggregated API down, and its dry run reports a parent it cannot read as not checked', async () => {
    const old = OLD_KUBECTL as string;
    // The later kubectl writes the parent (group-kinds only), so kubectl 1.27 needs the server's discovery.
    const first = await apply(checkout('w1', { down: { configMaps: ['a'], serviceAccounts: ['s'] } }), undefined);
    expect({ code: first.code, stderr: first.stderr }).toEqual({ code: 0, stderr: '' });

    const dryRun = await runMain(['apply', '--app', 'charts/main.ts', '--output', 'dist', '--dry-run'], {
      cwd: checkout('w2', { down: { configMaps: ['a'] } }),
      env: { ...process.env, KUBECONFIG: harness.kubeconfig, SHIPSHAPE_KUBECTL: old },
    });
    expect(dryRun.code).toBe(0);
    expect(dryRun.stdout).toMatch(/ConfigMap down-dev\/a.*kubectl 1\.27 cannot read its ApplySet parent, last written by kubectl 1\.29 or later, in a dry run/);
    expect(names('serviceaccounts', 'down-dev')).toEqual(['s']);

    // metrics-server registered but not running: discovery of its group fails, every other group is listed.
    const apiService = {
      apiVersion: 'apiregistration.k8s.io/v1', kind: 'APIService', metadata: { name: 'v1beta1.metrics.k8s.io' },
      spec: { group: 'metrics.k8s.io', version: 'v1beta1', groupPriorityMinimum: 100, versionPriority: 100, insecureSkipTLSVerify: true, service: { name: 'metrics-server', namespace: 'kube-system' } },
    };
    expect(kubectl(['apply', '--server-side', '--filename=-'], harness.kubeconfig, JSON.stringify(apiService)).code).toBe(0);
    try {
      const applied = await apply(checkout('w3', { down: { configMaps: ['a'] } }), old);
      expect({ code: applied.code, stdout: applied.stdout }).toEqual({ code: 0, stdout: expect.stringContaining('pruned      serviceaccount/s in down-dev') });
      expect(names('serviceaccounts', 'down-dev')).toEqual([]);
    } finally {
      kubectl(['delete', 'apiservice', 'v1beta1.metrics.k8s.io', '--wait=false'], harness.kubeconfig);
    }
  });
});
