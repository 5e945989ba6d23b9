/**
 * The cluster suite: shipshape's output applied to a real kube-apiserver (test/cluster/main.go).
 * Skipped, with a message, when Go or kubectl is missing, unless SHIPSHAPE_REQUIRE_CLUSTER=1
 * (CI), where that is a failure.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadAll } from 'js-yaml';
import { runSynth } from '../../src/cli/commands/synth';
import { listEnvironments } from '../../src/deploy/environments';
import { loadManifests } from '../../src/deploy/load';
import { installReferenceCrds, kubectl, shipshape, withoutWarnings } from './cli-runner';
import { describeCluster, useCluster } from './harness';
import { SERVER_DOES_NOT_ENFORCE } from './server-enforcement';
import { validateYaml } from '../../src/validate';

const REPO = resolve(__dirname, '../..');
describeCluster('cluster suite (kube-apiserver 1.36 on loopback)', () => {
  const timings: Record<string, number> = {};
  const suiteStarted = Date.now();
  const harness = useCluster({ workPrefix: 'shipshape-cluster-suite-' });

  beforeAll(() => {
    timings.buildMs = harness.buildMs;
    timings.startMs = harness.cluster.startupMs;
  });

  // Declared after useCluster's afterAll, so it runs after the cluster has stopped.
  afterAll(() => {
    timings.suiteMs = Date.now() - suiteStarted;
    process.stderr.write(`cluster suite timings: ${JSON.stringify(timings)}\n`);
  });

  const resourceVersions = (namespace: string): Record<string, string> => {
    const result = kubectl(['get', 'configmaps,secrets,services,deployments,statefulsets,poddisruptionbudgets,horizontalpodautoscalers,ingresses',
      `--namespace=${namespace}`, '--output=jsonpath={range .items[*]}{.kind}/{.metadata.name}={.metadata.resourceVersion}{"\\n"}{end}'], harness.kubeconfig);
    expect(result.stderr).toBe('');
    return Object.fromEntries(result.stdout.trim().split('\n').filter(Boolean).map((line) => line.split('=') as [string, string]));
  };

  describe('the reference charts', () => {
    let outputDir = '';

    beforeAll(async () => {
      outputDir = join(harness.work, 'dist');
      // The platform installs cert-manager's CRD; the app's Certificates (staging, prod) need it.
      installReferenceCrds(harness.kubeconfig);
      const io = { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, cwd: REPO, env: process.env, interactive: false };
      await runSynth({ output: outputDir, quiet: true }, io);
    });

    test('every environment is accepted by a server-side dry run, then applied in one pass, object for object', async () => {
      const environments = listEnvironments(outputDir);
      expect(environments.length).toBeGreaterThan(0);
      for (const environment of environments) {
        const synthesized = loadManifests(environment.files, REPO).length;
        // Before the apply, the server can dry-run only what does not need a missing Namespace.
        const dryRun = await shipshape(['apply', '--dry-run', '--dir', environment.dir], harness.kubeconfig, REPO);
        expect(dryRun).toMatchObject({ code: 0, stderr: '' });

        const applied = await shipshape(['apply', '--dir', environment.dir], harness.kubeconfig, REPO);
        expect(withoutWarnings(applied.stderr)).toBe('');
        expect(applied.code).toBe(0);
        expect(applied.stdout.match(/^ {2}applied /gm)).toHaveLength(synthesized);
        expect(applied.stdout).toContain(`${synthesized} applied, 0 pruned.`);

        // Now that the Namespaces exist, every file on its own passes the server's dry run with plain kubectl.
        // (With shipshape's field manager: a second manager conflicts on a StatefulSet's volumeClaimTemplates,
        // an atomic list the server fills with defaults, even when it applies the same values.)
        for (const file of environment.files) {
          const check = kubectl(['apply', '--server-side', '--field-manager=shipshape', '--dry-run=server', `--filename=${file}`], harness.kubeconfig);
          expect({ file, code: check.code, stderr: withoutWarnings(check.stderr) }).toEqual({ file, code: 0, stderr: '' });
          expect(kubectl(['get', `--filename=${file}`, '--output=name'], harness.kubeconfig).code).toBe(0);
        }
      }
    });

    test('applying the same output again changes nothing, and diff reports no difference', async () => {
      for (const environment of listEnvironments(outputDir)) {
        const namespaces = new Set(loadManifests(environment.files, REPO).map((m) => m.object.metadata.namespace).filter(Boolean) as string[]);
        const before = [...namespaces].map(resourceVersions);
        const again = await shipshape(['apply', '--dir', environment.dir], harness.kubeconfig, REPO);
        expect(again.code).toBe(0);
        expect([...namespaces].map(resourceVersions)).toEqual(before);

        // shipshape diff runs kubectl diff --server-side per ApplySet, with the member label apply adds.
        const diff = await shipshape(['diff', '--dir', environment.dir], harness.kubeconfig, REPO);
        expect(diff).toMatchObject({ code: 0, stdout: '' });
      }
    });
  });

  describe('a chart that changes', () => {
    const environment = 'clustertest';
    const namespace = 'small-clustertest';
    let output = '';
    const writeApp = (name: string, options: { replicas: number; greeting: string; extra: boolean }): string => {
      const file = join(harness.work, `${name}.ts`);
      writeFileSync(file, smallApp(options));
      return file;
    };
    const synthAnd = (command: 'diff' | 'apply', app: string): Promise<{ code: number; stdout: string; stderr: string }> =>
      // The app files are versions of one app in a folder without package.json: the app is named explicitly.
      shipshape([command, '--app', app, '--output', output, '--environment', environment, '--app-name', 'small'], harness.kubeconfig, REPO);
    const templateHash = (): string =>
      kubectl(['get', 'deployment/web', `--namespace=${namespace}`, "--output=jsonpath={.spec.template.metadata.annotations['shipshape\\.io/config-hash']}"], harness.kubeconfig).stdout;

    beforeAll(() => {
      output = join(harness.work, 'small-dist');
    });

    test('shipshape diff shows exactly a replica and ConfigMap change, and apply rolls the pod template', async () => {
      const first = await synthAnd('apply', writeApp('app-v1', { replicas: 2, greeting: 'hello', extra: true }));
      expect(first.code).toBe(0);
      expect(await synthAnd('diff', writeApp('app-v1-again', { replicas: 2, greeting: 'hello', extra: true }))).toMatchObject({ code: 0, stdout: '' });
      const hashBefore = templateHash();
      expect(hashBefore).toMatch(/^[0-9a-f]+$/);

      const changed = writeApp('app-v2', { replicas: 3, greeting: 'hi', extra: true });
      const diff = await synthAnd('diff', changed);
      expect(diff.code).toBe(1);
      const changes = diff.stdout
        .split('\n')
        .filter((line) => /^[+-]/.test(line) && !/^(\+\+\+|---) /.test(line))
        .filter((line) => !/^[+-]\s+generation: \d+$/.test(line))
        .map((line) => line.replace(/[0-9a-f]{16}$/, '<hash>').replace(/\s+/g, ' '))
        .sort();
      expect(changes).toEqual([
        '+ shipshape.io/config-hash: <hash>',
        '+ greeting: hi',
        '+ replicas: 3',
        '- shipshape.io/config-hash: <hash>',
        '- greeting: hello',
        '- replicas: 2',
      ].sort());

      const applied = await synthAnd('apply', changed);
      expect(applied.code).toBe(0);
      const hashAfter = templateHash();
      expect(hashAfter).not.toBe(hashBefore);
      const synthesized = readFileSync(join(output, environment, 'small.k8s.yaml'), 'utf8');
      expect(synthesized).toContain(`shipshape.io/config-hash: ${hashAfter}`);
      expect(kubectl(['get', 'deployment/web', `--namespace=${namespace}`, '--output=jsonpath={.spec.replicas}'], harness.kubeconfig).stdout).toBe('3');
    });

    test('removing an object prunes it and touches nothing else, not even objects shipshape did not create', async () => {
      expect((await synthAnd('apply', writeApp('app-v2-again', { replicas: 3, greeting: 'hi', extra: true }))).code).toBe(0);
      expect(kubectl(['create', 'configmap', 'outsider', `--namespace=${namespace}`, '--from-literal=kept=yes'], harness.kubeconfig).code).toBe(0);
      const before = resourceVersions(namespace);
      const otherEnvironments = ['mongo-dev', 'mongo-staging', 'mongo-prod'].map(resourceVersions);

      const result = await synthAnd('apply', writeApp('app-v3', { replicas: 3, greeting: 'hi', extra: false }));
      expect(result.code).toBe(0);
      expect(result.stdout.match(/^ {2}pruned .*$/gm)).toEqual(['  pruned      configmap/extra in small-clustertest']);

      const after = resourceVersions(namespace);
      const { ['ConfigMap/extra']: removed, ...kept } = before;
      expect(removed).toBeDefined();
      expect(after).toEqual(kept);
      expect(after['ConfigMap/outsider']).toBeDefined();
      expect(['mongo-dev', 'mongo-staging', 'mongo-prod'].map(resourceVersions)).toEqual(otherEnvironments);
    });

    test('a rejected object is reported with its file and the server\'s reason, and nothing is pruned', async () => {
      const dir = join(harness.work, 'broken', environment);
      const source = readFileSync(join(output, environment, 'small.k8s.yaml'), 'utf8');
      mkdirSync(dir, { recursive: true });
      // The Service is dropped (apply would prune it) and one ConfigMap gets a name the server refuses.
      const documents = source.split(/^---$/m).filter((doc) => !/kind: Service\n/.test(doc));
      writeFileSync(join(dir, 'small.k8s.yaml'), [...documents, `\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: Not_Valid\n  namespace: ${namespace}\n`].join('---'));
      const result = await shipshape(['apply', '--dir', dir, '--app-name', 'small'], harness.kubeconfig, REPO);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/ConfigMap small-clustertest\/Not_Valid \(.*small\.k8s\.yaml\): ConfigMap "Not_Valid" is invalid: metadata\.name/);
      expect(result.stderr).toContain('not pruned');
      expect(kubectl(['get', 'service/service', `--namespace=${namespace}`], harness.kubeconfig).code).toBe(0);
    });
  });

  describe('the offline validator and the server', () => {
    const corpus = join(REPO, 'test/validate/corpus');
    const files = (kind: 'valid' | 'broken'): string[] =>
      readdirSync(join(corpus, kind)).filter((name) => name.endsWith('.yaml')).sort().map((name) => join(corpus, kind, name));

    /** Creates the file's own Namespaces for real, then dry-runs the whole file. */
    const serverAccepts = (file: string): { accepted: boolean; message: string } => {
      const namespaces = namespacesIn(file);
      if (namespaces.length > 0) {
        const created = kubectl(['apply', '--server-side', '--filename=-'], harness.kubeconfig, namespaces.map((n) => JSON.stringify(n)).join('\n'));
        expect(created.stderr).toBe('');
      }
      const result = kubectl(['apply', '--server-side', '--dry-run=server', `--filename=${file}`], harness.kubeconfig);
      return { accepted: result.code === 0, message: result.stderr.trim() };
    };

    test('every broken manifest whose rule the server enforces is rejected, and the others are recorded', () => {
      const disagreements: string[] = [];
      for (const file of files('broken')) {
        const rule = /^# expect: (\S+)/m.exec(readFileSync(file, 'utf8'))?.[1] ?? '(no expect line)';
        const key = file.slice(corpus.length + 1);
        const recorded = key in SERVER_DOES_NOT_ENFORCE ? SERVER_DOES_NOT_ENFORCE[key] : SERVER_DOES_NOT_ENFORCE[`${rule.split('/')[0]}/*`];
        const { accepted, message } = serverAccepts(file);
        if (accepted && (recorded === undefined || recorded === null)) disagreements.push(`${file}: the server accepts it, but the validator reports ${rule}; fix the validator or record why`);
        if (!accepted && recorded !== undefined && recorded !== null) disagreements.push(`${file}: recorded as not enforced (${recorded}), but the server rejects it: ${message}`);
      }
      expect(disagreements).toEqual([]);
    });

    test('the port definition warnings are the server\'s own, word for word', () => {
      const container = (name: string, ports: object[]) => ({ name, image: 'nginx:1.27.0', ports });
      const pod = JSON.stringify({
        apiVersion: 'v1', kind: 'Pod', metadata: { name: 'ports', namespace: 'default' },
        spec: {
          initContainers: [container('init', [{ containerPort: 8080 }])],
          containers: [
            container('a', [{ containerPort: 8080 }, { containerPort: 80, hostPort: 80, hostIP: '127.0.0.1' }, { containerPort: 9000, hostIP: '127.0.0.2' }]),
            container('b', [{ containerPort: 80 }, { containerPort: 443, hostPort: 443, hostIP: '127.0.0.1' }]),
            container('c', [{ containerPort: 443, hostPort: 443 }]),
          ],
        },
      });
      const server = kubectl(['apply', '--server-side', '--dry-run=server', '--filename=-'], harness.kubeconfig, pod);
      expect({ code: server.code, errors: server.stderr.split('\n').filter((line) => !line.startsWith('Warning: ') && line !== '') }).toEqual({ code: 0, errors: [] });
      const serverWarnings = server.stderr.split('\n').filter((line) => line.startsWith('Warning: ')).map((line) => line.slice('Warning: '.length).replace(/: \{.*\}$/, ''));
      const ours = validateYaml([{ file: 'pod.json', text: pod }], { policies: false, kubernetesVersions: ['1.36'] }).problems
        .filter((problem) => problem.ruleId === 'api/duplicate-port' || problem.ruleId === 'api/host-ip-without-host-port')
        .map((problem) => problem.message.replace(/ \(the API server warns.*$/, '').replace(/ sets hostIP \S+ without a hostPort, which does nothing$/, ': hostIP set without hostPort'));
      expect(ours.sort()).toEqual(serverWarnings.sort());
      expect(ours).toHaveLength(4);

      // Within one container, the same port and protocol twice is refused by server-side apply, and by us.
      const twice = JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'twice', namespace: 'default' }, spec: { containers: [container('a', [{ containerPort: 80 }, { containerPort: 80, name: 'again' }])] } });
      expect(kubectl(['apply', '--server-side', '--dry-run=server', '--filename=-'], harness.kubeconfig, twice).stderr).toMatch(/duplicate entries for key \[containerPort=80,protocol="TCP"\]/);
      expect(validateYaml([{ file: 'twice.json', text: twice }], { policies: false, kubernetesVersions: ['1.36'] }).problems.filter((problem) => problem.severity === 'error').map((problem) => [problem.ruleId, problem.fieldPath]))
        .toEqual([['api/duplicate-port-key', 'spec.containers[0].ports[1]']]);
    });

    test('every valid manifest is accepted by the server', () => {
      // After the broken ones: these create Namespaces (e.g. shop) that a broken file expects to be missing.
      for (const file of files('valid')) {
        expect({ file, ...serverAccepts(file) }).toEqual({ file, accepted: true, message: '' });
      }
    });
  });
});

/** The Namespace objects a file declares (also inside a List), to create before a dry run. */
function namespacesIn(file: string): object[] {
  let documents: unknown[];
  try {
    documents = loadAll(readFileSync(file, 'utf8'));
  } catch {
    return [];
  }
  const objects = documents.flatMap((doc: any) => (doc?.kind === 'List' ? (doc.items ?? []) : [doc]));
  return objects.filter((doc: any) => doc?.kind === 'Namespace');
}

/** A small app built from the public API, the way a user writes one. */
function smallApp(options: { replicas: number; greeting: string; extra: boolean }): string {
  return `import { App, AppChart, ConfigMap, Deployment, EnvValue, Environment, Service } from ${JSON.stringify(join(REPO, 'src'))};

export function buildApp(): App {
  const app = new App();
  const environment = new Environment(app, 'clustertest');
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
      image: 'nginx:1.27.0',
      ports: [{ number: 8080, name: 'http' }],
      env: { GREETING: EnvValue.fromConfigMap(config, 'greeting') },
    }],
  });
  new Service(chart, 'Service', { selects: web, ports: [{ port: 80, targetPort: 'http' }] });
  ${options.extra ? "new ConfigMap(chart, 'Extra', { data: { x: '1' } });" : ''}
  return app;
}
`;
}
