/**
 * Access control and network isolation on the real API server (test/cluster/main.go runs RBAC authorization):
 * a chart with Roles, ClusterRoles, bindings, NetworkPolicies, a budget, an ExternalName Service and an Ingress
 * default backend is applied, and `kubectl auth can-i --as=<service account>` proves that the bound account can
 * do exactly what was granted and nothing else. Skipped like the cluster suite when Go or kubectl is missing.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ApiResource, App, AppChart, ClusterRole, ConfigMap, Cpu, Deployment, Environment, Identity, Ingress, NetworkPeer, NetworkPolicy, NonResourceVerb,
  QuotaScope, Role, Secret, SecretType, SecretValue, Service, ServiceAccount, Size, synthesizeToFolder,
} from '../../src';
import { KNOWN_RESOURCES } from '../../src/constructs/private/api-resources';
import { validateYaml } from '../../src/validate';
import { kubectl } from './cli-runner';
import { describeCluster, useCluster } from './harness';

const NAMESPACE = 'access-clustertest';
const ACCOUNT = `system:serviceaccount:${NAMESPACE}:app`;
const BYSTANDER = `system:serviceaccount:${NAMESPACE}:bystander`;

/** The chart under test, written only with shipshape's constructs. */
function buildApp(): App {
  const app = new App();
  const chart = new AppChart(new Environment(app, 'clustertest', { allowDevelopmentSecrets: true }), 'access', {
    networkIsolation: true,
    budget: {
      quota: { requests: { cpu: Cpu.units(4), memory: Size.gibibytes(8) }, objects: { pods: 20, loadBalancers: 0, other: { 'jobs.batch': 5 } } },
      limits: {
        container: { defaultRequests: { cpu: Cpu.millis(100), memory: Size.mebibytes(64) }, defaultLimits: { cpu: Cpu.millis(500), memory: Size.mebibytes(256) }, max: { cpu: Cpu.units(2) } },
        persistentVolumeClaim: { max: Size.gibibytes(50) },
      },
    },
  });
  const account = new ServiceAccount(chart, 'App');
  new ServiceAccount(chart, 'Bystander');
  const token = new Secret(chart, 'Token', { type: SecretType.OPAQUE, data: { token: SecretValue.fromEnv('ACCESS_TEST_TOKEN', { developmentValue: 'not-a-secret' }) } });
  new Secret(chart, 'Other', { data: { x: SecretValue.fromEnv('ACCESS_TEST_OTHER', { developmentValue: 'not-a-secret' }) } });
  const settings = new ConfigMap(chart, 'Settings', { data: { mode: 'test' } });
  new Role(chart, 'AppRole', { name: 'app' })
    .allowRead(token, 'pods')
    .allowWrite(settings)
    .allow(['create'], 'jobs.batch')
    .bind(account, Identity.group('access-testers'));
  new ClusterRole(chart, 'NodeReader', { name: 'system:access-clustertest:node-reader' })
    .allowRead(ApiResource.NODES)
    .allowNonResourceUrls([NonResourceVerb.GET], '/metrics')
    .bind(account);

  const web = new Deployment(chart, 'Web', {
    replicas: 1,
    skipChecks: { 'policy/run-as-non-root': 'a test image', 'policy/read-only-root-filesystem': 'a test image' },
    containers: [{ image: 'nginx:1.27.0', ports: [{ number: 8080, name: 'http' }] }],
  });
  const db = new Deployment(chart, 'Db', {
    replicas: 1,
    skipChecks: { 'policy/run-as-non-root': 'a test image', 'policy/read-only-root-filesystem': 'a test image' },
    containers: [{ image: 'redis:7.2.5', ports: [{ number: 6379, name: 'redis' }] }],
  });
  new NetworkPolicy(chart, 'DbClients', { selects: db }).allowFrom(web, 'redis');
  new NetworkPolicy(chart, 'WebOut', { selects: web }).allowTo(NetworkPeer.ipBlock('203.0.113.0/24'), 443).allowFrom(NetworkPeer.namespace('ingress-nginx'), 'http');
  const service = new Service(chart, 'WebService', { selects: web, ports: [{ port: 80, targetPort: 'http' }] });
  new Service(chart, 'Payments', { externalName: 'payments.example.com' });
  new Ingress(chart, 'Fallback', { defaultBackend: { service } });
  return app;
}

describeCluster('access control and network isolation on kube-apiserver 1.36', () => {
  const harness = useCluster({ workPrefix: 'shipshape-access-' });

  const canI = (as: string, ...args: string[]): boolean => {
    const result = kubectl(['auth', 'can-i', ...args, `--namespace=${NAMESPACE}`, `--as=${as}`], harness.kubeconfig);
    if (result.code > 1) throw new Error(`kubectl auth can-i ${args.join(' ')} failed: ${result.stderr}`);
    return result.stdout.trim() === 'yes';
  };

  /** What `kubectl auth can-i --list` says an account may do in the namespace, one normalized line per rule. */
  const rulesOf = (as: string): string[] => {
    const result = kubectl(['auth', 'can-i', '--list', `--namespace=${NAMESPACE}`, `--as=${as}`], harness.kubeconfig);
    expect(result.code).toBe(0);
    return result.stdout.trim().split('\n').slice(1).map((line) => line.trim().replace(/\s+/g, ' ')).sort();
  };

  test('the chart is accepted by a server-side dry run, then applied in one pass', () => {
    const output = join(harness.work, 'dist');
    const result = synthesizeToFolder(buildApp(), output);
    const files = result.files.map((file) => join(output, file.path));
    for (const args of [['--dry-run=server'], []]) {
      // The dry run cannot create the Namespace, so it checks everything else in a Namespace created for it.
      if (args.length > 0) expect(kubectl(['create', 'namespace', NAMESPACE], harness.kubeconfig).code).toBe(0);
      for (const file of files) {
        const applied = kubectl(['apply', '--server-side', '--field-manager=shipshape', ...args, `--filename=${file}`], harness.kubeconfig);
        expect({ file, code: applied.code, stderr: applied.stderr.split('\n').filter((line) => line && !/^Warning:/.test(line)).join('\n') }).toEqual({ file, code: 0, stderr: '' });
      }
    }
    // Applied again, nothing changes: what shipshape writes is what the server stores.
    for (const file of files) {
      expect({ file, ...kubectl(['diff', '--server-side', '--field-manager=shipshape', `--filename=${file}`], harness.kubeconfig) }).toMatchObject({ file, code: 0, stdout: '' });
    }
    expect(kubectl(['get', 'networkpolicies,resourcequotas,limitranges,roles,rolebindings', `--namespace=${NAMESPACE}`, '--output=name'], harness.kubeconfig).stdout.trim().split('\n').sort()).toEqual([
      'limitrange/limits',
      'networkpolicy.networking.k8s.io/db-clients',
      'networkpolicy.networking.k8s.io/default-deny-egress',
      'networkpolicy.networking.k8s.io/default-deny-ingress',
      'networkpolicy.networking.k8s.io/web-out',
      'resourcequota/quota',
      'role.rbac.authorization.k8s.io/app',
      'rolebinding.rbac.authorization.k8s.io/app-binding',
    ]);
  });

  test('the bound account can do what was granted: the one Secret, pods, the one ConfigMap, creating Jobs, nodes and /metrics', () => {
    expect(canI(ACCOUNT, 'get', 'secrets/token')).toBe(true);
    expect(canI(ACCOUNT, 'watch', 'secrets/token')).toBe(true);
    expect(canI(ACCOUNT, 'list', 'pods')).toBe(true);
    expect(canI(ACCOUNT, 'patch', 'configmaps/settings')).toBe(true);
    expect(canI(ACCOUNT, 'delete', 'configmaps/settings')).toBe(true);
    expect(canI(ACCOUNT, 'create', 'jobs.batch')).toBe(true);
    expect(canI(ACCOUNT, 'get', 'nodes')).toBe(true);
    expect(canI(ACCOUNT, 'get', '/metrics')).toBe(true);
  });

  test('and nothing else: other Secrets, listing Secrets, other verbs, other objects, other namespaces', () => {
    expect(canI(ACCOUNT, 'get', 'secrets/other')).toBe(false);
    expect(canI(ACCOUNT, 'list', 'secrets')).toBe(false);
    expect(canI(ACCOUNT, 'update', 'secrets/token')).toBe(false);
    expect(canI(ACCOUNT, 'delete', 'pods')).toBe(false);
    expect(canI(ACCOUNT, 'get', 'configmaps/settings')).toBe(false);
    expect(canI(ACCOUNT, 'update', 'configmaps/other')).toBe(false);
    expect(canI(ACCOUNT, 'create', 'configmaps')).toBe(false);
    expect(canI(ACCOUNT, 'delete', 'jobs.batch')).toBe(false);
    expect(canI(ACCOUNT, 'create', 'deployments.apps')).toBe(false);
    expect(canI(ACCOUNT, 'delete', 'nodes')).toBe(false);
    expect(canI(ACCOUNT, 'post', '/metrics')).toBe(false);
    const elsewhere = kubectl(['auth', 'can-i', 'list', 'pods', '--namespace=default', `--as=${ACCOUNT}`], harness.kubeconfig);
    expect(elsewhere.stdout.trim()).toBe('no');
    expect(canI(BYSTANDER, 'get', 'secrets/token')).toBe(false);
    expect(canI('jane', '--as-group=access-testers', 'get', 'secrets/token')).toBe(true);
    expect(canI('jane', 'get', 'secrets/token')).toBe(false);
    expect(canI(BYSTANDER, 'list', 'pods')).toBe(false);
  });

  test('everything the account may do beyond what every account may do is exactly the grants', () => {
    const baseline = new Set(rulesOf(BYSTANDER));
    const granted = rulesOf(ACCOUNT).filter((rule) => !baseline.has(rule));
    expect(granted).toEqual([
      '[/metrics] [] [get]',
      'configmaps [] [settings] [delete patch update]',
      'jobs.batch [] [] [create]',
      'nodes [] [] [get list watch]',
      'pods [] [] [get list watch]',
      'secrets [] [token] [get list watch]',
    ]);
  });

  test('the LimitRange fills in the resources of a container that sets none, as the API server admits it', () => {
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'bare', namespace: NAMESPACE }, spec: { containers: [{ name: 'main', image: 'busybox:1.36' }] } };
    const file = join(harness.work, 'bare-pod.json');
    writeFileSync(file, JSON.stringify(pod));
    const created = kubectl(['create', '--dry-run=server', '--output=json', `--filename=${file}`], harness.kubeconfig);
    expect(created.stderr.split('\n').filter((line) => line && !/^Warning:/.test(line))).toEqual([]);
    expect(JSON.parse(created.stdout).spec.containers[0].resources).toEqual({ requests: { cpu: '100m', memory: '64Mi' }, limits: { cpu: '500m', memory: '256Mi' } });
  });

  test('the server refuses what ResourceQuota refuses at construction: a scope with resources it cannot count', () => {
    const quota = { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'bad', namespace: NAMESPACE }, spec: { hard: { 'requests.storage': '1Gi' }, scopes: [QuotaScope.NOT_TERMINATING] } };
    const result = kubectl(['create', '--dry-run=server', '--filename=-'], harness.kubeconfig, JSON.stringify(quota));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/unsupported scope applied to resource/);
    const fine = { ...quota, metadata: { name: 'fine', namespace: NAMESPACE }, spec: { hard: { pods: '3', 'limits.cpu': '2' }, scopes: [QuotaScope.TERMINATING] } };
    expect(kubectl(['create', '--dry-run=server', '--filename=-'], harness.kubeconfig, JSON.stringify(fine)).code).toBe(0);
  });

  test('the validator and the server agree on which pods a namespace\'s LimitRange and ResourceQuota refuse', () => {
    const budget = 'budget-clustertest';
    const setup = [
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: budget } },
      { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'quota', namespace: budget }, spec: { hard: { 'requests.cpu': '2', 'limits.memory': '1Gi' } } },
      { apiVersion: 'v1', kind: 'LimitRange', metadata: { name: 'limits', namespace: budget }, spec: { limits: [{ type: 'Container', max: { memory: '512Mi' }, min: { memory: '32Mi' }, maxLimitRequestRatio: { memory: '2' } }] } },
    ];
    for (const object of setup) expect(kubectl(['apply', '--server-side', '--filename=-'], harness.kubeconfig, JSON.stringify(object)).stderr).toBe('');
    // The quota controller, which this cluster does not run, would fill in the status that quota admission needs.
    const status = { status: { hard: { 'requests.cpu': '2', 'limits.memory': '1Gi' }, used: { 'requests.cpu': '0', 'limits.memory': '0' } } };
    expect(kubectl(['patch', 'resourcequota/quota', `--namespace=${budget}`, '--subresource=status', '--type=merge', `--patch=${JSON.stringify(status)}`], harness.kubeconfig).code).toBe(0);
    const cases: Record<string, object> = {
      'within-bounds': { requests: { cpu: '100m', memory: '64Mi' }, limits: { cpu: '500m', memory: '128Mi' } },
      'request-from-limit': { limits: { cpu: '500m', memory: '64Mi' } },
      'above-max': { requests: { cpu: '100m', memory: '600Mi' }, limits: { memory: '1Gi' } },
      'ratio-too-high': { requests: { cpu: '100m', memory: '32Mi' }, limits: { cpu: '500m', memory: '128Mi' } },
      'no-memory-limit-so-max-and-ratio-too-high': { requests: { cpu: '100m', memory: '64Mi' } },
      'no-cpu-request-for-the-quota': { requests: { memory: '64Mi' }, limits: { memory: '64Mi' } },
      'nothing-at-all': {},
    };
    const verdicts = Object.entries(cases).map(([name, resources]) => {
      const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: budget }, spec: { containers: [{ name: 'main', image: 'busybox:1.36', resources }] } };
      const server = kubectl(['create', '--dry-run=server', '--filename=-'], harness.kubeconfig, JSON.stringify(pod));
      const report = validateYaml([{ file: `${name}.yaml`, text: [...setup, pod].map((object) => JSON.stringify(object)).join('\n---\n') }], { kubernetesVersions: ['1.36'] });
      const ours = report.problems.filter((problem) => problem.severity === 'error' && problem.ruleId.startsWith('admission/')).map((problem) => problem.message);
      return { name, serverRefuses: server.code !== 0, validatorRefuses: ours.length > 0, server: server.stderr.trim(), ours };
    });
    const disagreements = verdicts.filter((verdict) => verdict.serverRefuses !== verdict.validatorRefuses);
    expect(disagreements).toEqual([]);
    expect(verdicts.filter((verdict) => verdict.serverRefuses).map((verdict) => verdict.name)).toEqual(['above-max', 'ratio-too-high', 'no-memory-limit-so-max-and-ratio-too-high', 'no-cpu-request-for-the-quota', 'nothing-at-all']);
  });

  test('every resource in the table that Roles check grants against is served as the table says', () => {
    const result = kubectl(['api-resources', '--output=wide', '--no-headers'], harness.kubeconfig);
    expect(result.code).toBe(0);
    const served = new Map<string, string>();
    for (const line of result.stdout.trim().split('\n')) {
      const columns = line.trim().split(/\s+/);
      // NAME [SHORTNAMES] APIVERSION NAMESPACED KIND VERBS [CATEGORIES]
      const apiIndex = columns.findIndex((column, index) => index > 0 && /^(v\d|[a-z0-9.-]+\/v\d)/.test(column));
      const [name, apiVersion, namespaced, kind, verbs] = [columns[0], columns[apiIndex], columns[apiIndex + 1], columns[apiIndex + 2], columns[apiIndex + 3]];
      const group = apiVersion!.includes('/') ? apiVersion!.slice(0, apiVersion!.indexOf('/')) : '';
      served.set(`${group}/${name}`, `${kind} ${namespaced} ${verbs!.split(',').sort().join(',')}`);
    }
    const mismatches = KNOWN_RESOURCES.map((known) => ({ key: `${known.group}/${known.resource}`, ours: `${known.kind} ${known.namespaced} ${[...known.verbs].sort().join(',')}` }))
      .filter(({ key, ours }) => served.get(key) !== ours)
      .map(({ key, ours }) => `${key}: table says ${ours}, server says ${served.get(key) ?? 'not served'}`);
    expect(mismatches).toEqual([]);
    expect(KNOWN_RESOURCES.length).toBe(served.size);
  });
});
