/**
 * ApplySet safety on a real API server: two apps with the same environment names, in different and in
 * the same Namespaces, never prune each other; an object or parent of another app is refused, not taken
 * over; parents of earlier versions (named after the environment only) are migrated without pruning;
 * a rejected Secret never rolls the workload that uses it.
 * Skipped, with a message, when Go or kubectl is missing, unless SHIPSHAPE_REQUIRE_CLUSTER=1.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, realpathSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { applySetId, legacyParentNames, parentNames } from '../../src/deploy/applyset';
import { kubectlScalar } from '../../src/manifest/kubectl-scalars';
import { MAX_ANNOTATION_BYTES, MAX_CONFIG_DATA_BYTES } from '../../src/validate/size-limits';
import { validateManifests } from '../../src/validate';
import type { KubeObject } from '../../src/manifest/kube-object';
import { MEASURED } from '../validate/kubectl-scalar-table';
import { kubectl, shipshape } from './cli-runner';
import { describeCluster, useCluster } from './harness';

const REPO = resolve(__dirname, '../..');

/** Options of a small app: a chart with ConfigMaps and, optionally, a Deployment using a Secret. */
interface AppOptions {
  readonly chart: string;
  readonly environment?: string;
  readonly namespace?: string;
  readonly createNamespace?: boolean;
  readonly configMaps: readonly string[];
  readonly secret?: { readonly variable: string; readonly immutable: boolean };
}

function appSource(options: AppOptions): string {
  const chartProps = [
    options.namespace === undefined ? '' : `namespace: ${JSON.stringify(options.namespace)}`,
    options.createNamespace === false ? 'createNamespace: false' : '',
  ].filter(Boolean).join(', ');
  const secret = options.secret === undefined ? '' : `
  const secret = new Secret(chart, 'Token', { immutable: ${options.secret.immutable}, data: { token: SecretValue.fromEnv(${JSON.stringify(options.secret.variable)}) } });
  new Deployment(chart, 'Web', {
    replicas: 1,
    skipChecks: { 'policy/run-as-non-root': 'a test image', 'policy/read-only-root-filesystem': 'a test image' },
    containers: [{ name: 'web', image: 'nginx:1.27.0', ports: [{ number: 8080, name: 'http' }], env: { TOKEN: EnvValue.fromSecret(secret, 'token') } }],
  });`;
  return `import { App, AppChart, ConfigMap, Deployment, EnvValue, Environment, Secret, SecretValue } from ${JSON.stringify(join(REPO, 'src'))};

export function buildApp(): App {
  const app = new App();
  const chart = new AppChart(new Environment(app, ${JSON.stringify(options.environment ?? 'dev')}), ${JSON.stringify(options.chart)}${chartProps ? `, { ${chartProps} }` : ''});
${options.configMaps.map((name) => `  new ConfigMap(chart, ${JSON.stringify(name)}, { name: ${JSON.stringify(name)}, data: { owner: ${JSON.stringify(options.chart)} } });`).join('\n')}${secret}
  return app;
}
`;
}

describeCluster('ApplySet safety (kube-apiserver 1.36 on loopback)', () => {
  const harness = useCluster({ workPrefix: 'shipshape-applyset-safety-' });

  /**
   * A project folder with a package.json (which names the app) and its entry file charts/main.ts. A new
   * version of an app is a new checkout (`folder`) of the same package: the app id stays, and the entry
   * file is not one this process has loaded already.
   */
  const project = (name: string, options: AppOptions, folder = name): string => {
    const dir = join(harness.work, folder);
    mkdirSync(join(dir, 'charts'), { recursive: true });
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, private: true }));
    writeFileSync(join(dir, 'charts', 'main.ts'), appSource(options));
    return dir;
  };
  const apply = (dir: string, extra: readonly string[] = [], env: Record<string, string> = {}): ReturnType<typeof shipshape> => {
    const saved = { ...process.env };
    Object.assign(process.env, env);
    return shipshape(['apply', '--app', 'charts/main.ts', '--output', 'dist', ...extra], harness.kubeconfig, dir).finally(() => {
      for (const key of Object.keys(env)) {
        if (saved[key] === undefined) delete process.env[key];
        else process.env[key] = saved[key];
      }
    });
  };
  /** `Kind/name=resourceVersion` of the Namespace and every ConfigMap, Secret and Deployment in it. */
  const state = (namespace: string): Record<string, string> => {
    const objects = kubectl(['get', 'configmaps,secrets,deployments', `--namespace=${namespace}`,
      '--output=jsonpath={range .items[*]}{.kind}/{.metadata.name}={.metadata.resourceVersion}{"\\n"}{end}'], harness.kubeconfig);
    const ns = kubectl(['get', `namespace/${namespace}`, '--ignore-not-found', '--output=jsonpath={.kind}/{.metadata.name}={.metadata.resourceVersion}{.metadata.deletionTimestamp}'], harness.kubeconfig);
    return Object.fromEntries(`${ns.stdout}\n${objects.stdout}`.split('\n').filter(Boolean).map((line) => line.split('=') as [string, string]));
  };
  const prunedLines = (stdout: string): string[] => stdout.match(/^ {2}pruned .*$/gm) ?? [];

  test('two apps with the same environment name in different Namespaces never prune each other', async () => {
    const shop = project('shop', { chart: 'shop', configMaps: ['shop-a', 'shop-b'] });
    const blog = project('blog', { chart: 'blog', configMaps: ['blog-a'] });
    const first = await apply(shop);
    expect(first.stderr).toBe('');
    expect(first.stdout).toContain('3 applied, 0 pruned.');
    const shopBefore = state('shop-dev');

    // Before app ids, this second apply pruned the shop's Namespace and everything in it.
    const second = await apply(blog);
    expect(second.stderr).toBe('');
    expect(second.stdout).toContain('2 applied, 0 pruned.');
    expect(state('shop-dev')).toEqual(shopBefore);

    const blogBefore = state('blog-dev');
    const again = await apply(shop);
    expect(again.stdout).toContain('3 applied, 0 pruned.');
    expect(state('blog-dev')).toEqual(blogBefore);

    // Each app still prunes what it removed, and only that.
    const removed = await apply(project('shop', { chart: 'shop', configMaps: ['shop-a'] }, 'shop-v2'));
    expect(removed.code).toBe(0);
    expect(prunedLines(removed.stdout)).toEqual(['  pruned      configmap/shop-b in shop-dev']);
    expect(state('blog-dev')).toEqual(blogBefore);

    // The parents are the apps' own: one per Namespace, one for cluster-scoped objects, each naming its app.
    const parents = kubectl(['get', 'secrets', '--all-namespaces', '--selector=applyset.kubernetes.io/id',
      "--output=jsonpath={range .items[*]}{.metadata.namespace}/{.metadata.name} {.metadata.annotations.shipshape\\.io/app}{'\\n'}{end}"], harness.kubeconfig);
    const shopNames = parentNames({ app: 'shop/charts/main', environment: 'dev' });
    const blogNames = parentNames({ app: 'blog/charts/main', environment: 'dev' });
    expect(parents.stdout.split('\n').filter(Boolean).sort()).toEqual([
      `blog-dev/${blogNames.namespaced} blog/charts/main`,
      `default/${blogNames.cluster} blog/charts/main`,
      `default/${shopNames.cluster} shop/charts/main`,
      `shop-dev/${shopNames.namespaced} shop/charts/main`,
    ].sort());
  });

  test('two apps in the same Namespace prune only their own objects', async () => {
    const owner = project('owner', { chart: 'owner', namespace: 'shared-dev', configMaps: ['owner-a', 'owner-b'] });
    const guest = project('guest', { chart: 'guest', namespace: 'shared-dev', createNamespace: false, configMaps: ['guest-a', 'guest-b'] });
    expect((await apply(owner)).stdout).toContain('3 applied, 0 pruned.');
    expect((await apply(guest)).stdout).toContain('2 applied, 0 pruned.');
    const before = state('shared-dev');
    for (const name of ['guest-a', 'guest-b', 'owner-a', 'owner-b']) expect(before[`ConfigMap/${name}`]).toBeDefined();

    const guestAgain = await apply(project('guest', { chart: 'guest', namespace: 'shared-dev', createNamespace: false, configMaps: ['guest-a'] }, 'guest-v2'));
    expect(prunedLines(guestAgain.stdout)).toEqual(['  pruned      configmap/guest-b in shared-dev']);
    const ownerAgain = await apply(project('owner', { chart: 'owner', namespace: 'shared-dev', configMaps: ['owner-a'] }, 'owner-v2'));
    expect(prunedLines(ownerAgain.stdout)).toEqual(['  pruned      configmap/owner-b in shared-dev']);
    const after = state('shared-dev');
    expect(after['ConfigMap/guest-a']).toBe(before['ConfigMap/guest-a']);
    expect(after['ConfigMap/owner-a']).toBe(before['ConfigMap/owner-a']);
    expect(after['ConfigMap/guest-b']).toBeUndefined();
  });

  test('an object of another app is refused with exit 2 before anything is applied, and nothing changes', async () => {
    // The squatter creates the same Namespace (cluster-scoped) and a ConfigMap of the same name as 'shop'.
    const squatter = project('squatter', { chart: 'shop', configMaps: ['shop-a', 'squatter-only'] });
    const before = state('shop-dev');
    const result = await apply(squatter);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/refusing to apply \(nothing was applied or pruned\)/);
    expect(result.stderr).toMatch(/Namespace shop-dev belongs to ApplySet default\/shipshape-shop-charts-main-dev-[0-9a-f]{10}-cluster of app "shop\/charts\/main", environment "dev"/);
    expect(result.stderr).toMatch(/ConfigMap shop-dev\/shop-a belongs to ApplySet shop-dev\/shipshape-shop-charts-main-dev-[0-9a-f]{10} of app "shop\/charts\/main"/);
    expect(result.stderr).toContain('--app-name');
    expect(state('shop-dev')).toEqual(before);

    // diff says the same instead of showing a takeover as a harmless change.
    const diff = await shipshape(['diff', '--app', 'charts/main.ts', '--output', 'dist'], harness.kubeconfig, squatter);
    expect(diff.code).toBe(2);
    expect(diff.stderr).toMatch(/ConfigMap shop-dev\/shop-a belongs to ApplySet/);
  });

  test('a parent Secret that records another app is refused, not reused', async () => {
    const dir = project('impostor', { chart: 'impostor', configMaps: ['impostor-a'] });
    const names = parentNames({ app: 'impostor/charts/main', environment: 'dev' });
    expect(kubectl(['create', 'secret', 'generic', names.cluster, '--namespace=default'], harness.kubeconfig).code).toBe(0);
    expect(kubectl(['label', `secret/${names.cluster}`, '--namespace=default', `applyset.kubernetes.io/id=${applySetId(names.cluster, 'default')}`], harness.kubeconfig).code).toBe(0);
    expect(kubectl(['annotate', `secret/${names.cluster}`, '--namespace=default', 'shipshape.io/app=someone/else', 'shipshape.io/environment=dev'], harness.kubeconfig).code).toBe(0);
    const result = await apply(dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`ApplySet parent Secret default/${names.cluster} belongs to app "someone/else", environment "dev"`);
    expect(kubectl(['get', 'namespace/impostor-dev', '--ignore-not-found', '--output=name'], harness.kubeconfig).stdout).toBe('');
  });

  test('parents of earlier versions (one per environment name, shared by all apps) are migrated without pruning', async () => {
    // What an earlier shipshape left: app 'legacy' and app 'neighbour', both with environment 'old',
    // in the ApplySets shipshape-old (per Namespace) and shipshape-old-cluster (in default).
    const legacy = legacyParentNames('old');
    const oldApply = (namespace: string, parent: string, objects: readonly object[]): void => {
      const stream = objects.map((object) => JSON.stringify(object)).join('\n');
      const result = kubectl(['apply', '--server-side', '--field-manager=shipshape', `--namespace=${namespace}`, `--applyset=${parent}`, '--prune', '--filename=-'], harness.kubeconfig, stream);
      expect(result.stderr).toBe('');
    };
    const namespace = (name: string): object => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
    const configMap = (ns: string, name: string): object => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: ns }, data: { owner: 'old' } });
    oldApply('default', legacy.cluster, [namespace('legacy-old'), namespace('neighbour-old')]);
    oldApply('legacy-old', legacy.namespaced, [configMap('legacy-old', 'kept'), configMap('legacy-old', 'dropped')]);
    oldApply('neighbour-old', legacy.namespaced, [configMap('neighbour-old', 'theirs')]);
    const neighbourBefore = state('neighbour-old');

    // The app now applies with app ids, without 'dropped', which may just as well be another app's.
    const dir = project('legacy', { chart: 'legacy', environment: 'old', configMaps: ['kept'] });
    const result = await apply(dir);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('2 applied, 0 pruned.');
    expect(state('neighbour-old')).toEqual(neighbourBefore);
    expect(kubectl(['get', 'configmap/dropped', '--namespace=legacy-old', '--output=name'], harness.kubeconfig).stdout.trim()).toBe('configmap/dropped');
    expect(result.stderr).toMatch(/the old ApplySet legacy-old\/shipshape-old .* still holds 1 object\(s\) that app 'legacy\/charts\/main' does not synthesize: ConfigMap\/dropped in legacy-old\. They may belong to another app, so they were not pruned\./);
    expect(result.stderr).toMatch(/the old ApplySet default\/shipshape-old-cluster .* Namespace\/neighbour-old\./);
    // The objects applied now belong to the app's own ApplySets.
    const names = parentNames({ app: 'legacy/charts/main', environment: 'old' });
    const label = (resource: string, ns?: string): string =>
      kubectl(['get', resource, ...(ns ? [`--namespace=${ns}`] : []), "--output=jsonpath={.metadata.labels['applyset\\.kubernetes\\.io/part-of']}"], harness.kubeconfig).stdout;
    expect(label('configmap/kept', 'legacy-old')).toBe(applySetId(names.namespaced, 'legacy-old'));
    expect(label('namespace/legacy-old')).toBe(applySetId(names.cluster, 'default'));

    // Once nothing is left in an old ApplySet, its parent is deleted; the one still holding others' objects stays.
    expect(kubectl(['delete', 'configmap/dropped', '--namespace=legacy-old'], harness.kubeconfig).code).toBe(0);
    const again = await apply(dir);
    expect(again.code).toBe(0);
    expect(kubectl(['get', `secret/${legacy.namespaced}`, '--namespace=legacy-old', '--ignore-not-found', '--output=name'], harness.kubeconfig).stdout).toBe('');
    expect(kubectl(['get', `secret/${legacy.namespaced}`, '--namespace=neighbour-old', '--output=name'], harness.kubeconfig).stdout.trim()).toBe(`secret/${legacy.namespaced}`);
    expect(kubectl(['get', `secret/${legacy.cluster}`, '--namespace=default', '--output=name'], harness.kubeconfig).stdout.trim()).toBe(`secret/${legacy.cluster}`);
    expect(state('neighbour-old')).toEqual(neighbourBefore);
  });

  test('a Secret the server rejects does not roll the Deployment that uses it', async () => {
    const dir = project('rotating', { chart: 'rotating', configMaps: [], secret: { variable: 'ROTATING_TOKEN', immutable: true } });
    const first = await apply(dir, [], { ROTATING_TOKEN: 'first-token-value' });
    expect(first.code).toBe(0);
    const hash = (): string =>
      kubectl(['get', 'deployment/web', '--namespace=rotating-dev', "--output=jsonpath={.spec.template.metadata.annotations['shipshape\\.io/config-hash']}"], harness.kubeconfig).stdout;
    const before = hash();
    const generation = kubectl(['get', 'deployment/web', '--namespace=rotating-dev', '--output=jsonpath={.metadata.generation}'], harness.kubeconfig).stdout;
    expect(before).toMatch(/^[0-9a-f]+$/);

    // An immutable Secret cannot change: the server rejects it, so the new hash must not reach the Deployment.
    const second = await apply(dir, [], { ROTATING_TOKEN: 'second-token-value' });
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(/Secret rotating-dev\/token .*immutable/i);
    expect(second.stderr).not.toContain('second-token-value');
    expect(hash()).toBe(before);
    expect(kubectl(['get', 'deployment/web', '--namespace=rotating-dev', '--output=jsonpath={.metadata.generation}'], harness.kubeconfig).stdout).toBe(generation);
  });

  test('every kubectl here (on PATH, and the 1.27 to 1.33 builds beside it) reads unquoted scalars as the table and kubectlScalar say', () => {
    const onPath = realpathSync(spawnSync('sh', ['-c', 'command -v kubectl'], { encoding: 'utf8' }).stdout.trim());
    const beside = readdirSync(dirname(onPath)).filter((name) => /^kubectl\.1\.\d+$/.test(name)).map((name) => join(dirname(onPath), name));
    const yaml = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: probe, namespace: default}\ndata:\n${MEASURED.map(([text], index) => `  k${index}: ${text}\n`).join('')}`;
    for (const binary of [onPath, ...beside]) {
      const result = spawnSync(binary, [`--kubeconfig=${harness.kubeconfig}`, 'create', '--dry-run=client', '--output=json', '--filename=-'], { input: yaml, encoding: 'utf8', timeout: 60_000 });
      expect({ binary, stderr: result.stderr.split('\n').filter((line) => !/version skew|WARNING/i.test(line)).join('\n') }).toEqual({ binary, stderr: '' });
      const data = (JSON.parse(result.stdout) as { data: Record<string, unknown> }).data;
      for (const [index, [text, measured]] of MEASURED.entries()) {
        expect({ binary, text, kubectl: data[`k${index}`] ?? null }).toEqual({ binary, text, kubectl: measured });
      }
    }
    for (const [text, measured] of MEASURED) {
      const scalar = kubectlScalar(text);
      const ours = scalar.kind === 'bool' || scalar.kind === 'number' ? scalar.value : scalar.kind === 'null' ? null : text;
      expect({ text, ours }).toEqual({ text, ours: measured });
    }
  });

  test('the size limits are where the server puts them: at the limit accepted, one byte over refused, by both', () => {
    const configMap = (bytes: number): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `size-${bytes}`, namespace: 'default' }, data: { a: 'x'.repeat(bytes) } });
    const secret = (bytes: number): KubeObject => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name: `size-${bytes}`, namespace: 'default' }, data: { a: Buffer.alloc(bytes, 1).toString('base64') } });
    const annotated = (bytes: number): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `annotated-${bytes}`, namespace: 'default', annotations: { 'example.com/a': 'x'.repeat(bytes - 'example.com/a'.length) } } });
    const cases = [
      configMap(MAX_CONFIG_DATA_BYTES), configMap(MAX_CONFIG_DATA_BYTES + 1),
      secret(MAX_CONFIG_DATA_BYTES), secret(MAX_CONFIG_DATA_BYTES + 1),
      annotated(MAX_ANNOTATION_BYTES), annotated(MAX_ANNOTATION_BYTES + 1),
    ];
    const verdicts = cases.map((object) => {
      const server = kubectl(['create', '--dry-run=server', '--output=name', '--filename=-'], harness.kubeconfig, JSON.stringify(object));
      const offline = validateManifests([{ object }], { policies: false, references: false });
      return { name: `${object.kind} ${object.metadata.name}`, server: server.code === 0, offline: !offline.problems.some((problem) => problem.severity === 'error') };
    });
    expect(verdicts.map((verdict) => [verdict.name, verdict.server])).toEqual([
      ['ConfigMap size-1048576', true], ['ConfigMap size-1048577', false],
      ['Secret size-1048576', true], ['Secret size-1048577', false],
      ['ConfigMap annotated-262144', true], ['ConfigMap annotated-262145', false],
    ]);
    for (const verdict of verdicts) expect({ name: verdict.name, offline: verdict.offline }).toEqual({ name: verdict.name, offline: verdict.server });
  });

  test('an object of a kind the server does not serve is reported as rejected; the ownership check does not stop at it', async () => {
    const dir = join(harness.work, 'unknown-kind', 'dev');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(harness.work, 'unknown-kind', '.shipshape-output'), '{"app":"unknown-kind/charts/main"}\n');
    writeFileSync(join(dir, 'app.k8s.yaml'), [
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: known\n  namespace: default\ndata:\n  a: "1"\n',
      'apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: gadget\n  namespace: default\n',
    ].join('---\n'));
    const result = await shipshape(['apply', '--dir', dir], harness.kubeconfig, REPO);
    expect(result.stderr).not.toContain('cannot read the objects');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/Widget default\/gadget .*(no matches for kind|resource mapping not found)/);
  });
});
