/**
 * A team that applies one app with kubectl 1.27 (CI pinned to an old client) and with a later kubectl (a laptop)
 * in turn, on a real API server. kubectl 1.27 and 1.28 read an ApplySet parent's member types only from
 * `contains-group-resources`; 1.29 and later write `contains-group-kinds` and drop the other. Each must prune
 * what the other applied, and an ApplySet no longer synthesized is pruned with its members whichever kubectl
 * wrote it last. Skipped like the other cluster suites, and when no kubectl 1.27 build is beside the kubectl on PATH.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, realpathSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { kubectl, RunResult } from './cli-runner';
import { describeCluster, useCluster } from './harness';
import { runMain } from '../helpers/cli';

const REPO = resolve(__dirname, '../..');

/** kubectl 1.27 beside the kubectl on PATH (this machine keeps 1.27 to 1.33 builds there), if any. */
function kubectl127(): string | undefined {
  const found = spawnSync('sh', ['-c', 'command -v kubectl'], { encoding: 'utf8' }).stdout.trim();
  if (found === '') return undefined;
  const binary = join(dirname(realpathSync(found)), 'kubectl.1.27');
  return existsSync(binary) ? binary : undefined;
}

const OLD_KUBECTL = kubectl127();

describeCluster('ApplySets applied by kubectl 1.27 and a later kubectl in turn (kube-apiserver 1.36 on loopback)', () => {
  const harness = useCluster({ workPrefix: 'shipshape-kubectl-versions-' });

  /** A checkout of package `team` whose charts (Namespace `<chart>-dev` each) hold these ConfigMaps and ServiceAccounts. */
  const checkout = (folder: string, charts: Record<string, { configMaps: readonly string[]; serviceAccounts?: readonly string[] }>): string => {
    const dir = join(harness.work, folder);
    mkdirSync(join(dir, 'charts'), { recursive: true });
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'team', private: true }));
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

  (OLD_KUBECTL === undefined ? test.skip : test)('each kubectl prunes what the other applied, and an abandoned ApplySet is pruned with its members whichever wrote it', async () => {
    const old = OLD_KUBECTL as string;
    const ok = (result: RunResult): RunResult => {
      expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
      return result;
    };
    // The later kubectl writes the parent; kubectl 1.27 applies next and prunes the ServiceAccount it removed.
    ok(await apply(checkout('v1', { web: { configMaps: ['a'], serviceAccounts: ['s1'] } }), undefined));
    expect(parentAnnotations('web-dev')).toEqual(['applyset.kubernetes.io/contains-group-kinds']);
    expect(ok(await apply(checkout('v2', { web: { configMaps: ['a'] } }), old)).stdout).toContain('pruned      serviceaccount/s1 in web-dev');
    expect(names('serviceaccounts', 'web-dev')).toEqual([]);
    expect(parentAnnotations('web-dev')).toEqual(['applyset.kubernetes.io/contains-group-resources']);

    // kubectl 1.27 writes the parent; the later kubectl prunes what it applied.
    ok(await apply(checkout('v3', { web: { configMaps: ['a'], serviceAccounts: ['s2'] } }), old));
    expect(ok(await apply(checkout('v4', { web: { configMaps: ['a'] } }), undefined)).stdout).toContain('pruned      serviceaccount/s2 in web-dev');
    expect(names('serviceaccounts', 'web-dev')).toEqual([]);

    // A second chart, last applied by kubectl 1.27, then dropped: its ApplySet goes with its members, with either kubectl.
    for (const [round, [writer, pruner]] of [[old, undefined], [undefined, old]].entries()) {
      ok(await apply(checkout(`v5-${round}`, { web: { configMaps: ['a'] }, [`extra${round}`]: { configMaps: ['b', 'c'] } }), writer));
      expect(names('configmaps', `extra${round}-dev`)).toEqual(['b', 'c']);
      const dropped = ok(await apply(checkout(`v6-${round}`, { web: { configMaps: ['a'] } }), pruner));
      expect(dropped.stdout).toContain(`pruned      namespace/extra${round}-dev`);
      expect(names('configmaps', `extra${round}-dev`)).toEqual([]);
      expect(kubectl(['get', 'secrets', `--namespace=extra${round}-dev`, '--selector=applyset.kubernetes.io/id', '--output=name'], harness.kubeconfig).stdout).toBe('');
    }
  });
});
