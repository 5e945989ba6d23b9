/**
 * Issue 8's "done when": the whole WordPress-style application, written by a new user in a fresh project
 * against the packed package and only shipshape's constructs (no cdk8s-plus, no raw ApiObject), is
 * synthesized with that project's `shipshape synth`, checked, and applied to the test cluster in one pass;
 * a second apply changes nothing. Skipped like the cluster suite when Go or kubectl is missing.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO, tempDir } from '../helpers/cli';
import { findObject, Obj, parseYaml } from '../helpers/manifests';
import { kubectl } from './cli-runner';
import { assertClusterTools, BUILD_TIMEOUT_MS, buildHarness, describeCluster, START_TIMEOUT_MS, startCluster, TestCluster } from './harness';

const INSTALL_TIMEOUT_MS = 300_000;

/**
 * The consumer's program, as a user new to shipshape writes it from the README: one definition, two
 * environments (dev gets a development Secret, prod uses the Secret that exists in the cluster).
 */
const CONSUMER_MAIN = `
import {
  App, AppChart, Capability, ConfigMap, CronJob, DaemonSet, Deployment, Duration, EnvValue, Environment, Ingress, ISecret,
  Job, NetworkPeer, NetworkPolicy, PersistentVolumeClaim, PodSecurityLevel, Role, Secret, SecretValue, Service,
  ServiceAccount, Size, StatefulSet, Toleration, Volume,
} from 'shipshape';

export const app = new App();

for (const name of ['dev', 'prod']) {
  const environment = new Environment(app, name);
  const site = new AppChart(environment, 'wordpress', { networkIsolation: true });

  // MySQL, with the development Secret where the environment allows one, else the Secret the cluster holds.
  const credentials: ISecret = site.allowsDevelopmentSecrets
    ? new Secret(site, 'MysqlCredentials', {
      data: {
        'root-password': SecretValue.fromEnv('WP_MYSQL_ROOT_PASSWORD', { developmentValue: 'dev-root-not-a-secret' }),
        password: SecretValue.fromEnv('WP_MYSQL_PASSWORD', { developmentValue: 'dev-only-not-a-secret' }),
      },
    })
    : Secret.fromSecretName(site, 'mysql-credentials', { keys: ['root-password', 'password'] });
  const mysql = new StatefulSet(site, 'Mysql', {
    containers: [{
      image: 'mysql:8.4.3',
      ports: [{ number: 3306, name: 'mysql' }],
      env: {
        MYSQL_ROOT_PASSWORD: EnvValue.fromSecret(credentials, 'root-password'),
        MYSQL_PASSWORD: EnvValue.fromSecret(credentials, 'password'),
        MYSQL_USER: EnvValue.fromValue('wordpress'),
        MYSQL_DATABASE: EnvValue.fromValue('wordpress'),
      },
    }],
    volumeClaimTemplates: [{ name: 'data', size: Size.gibibytes(name === 'prod' ? 50 : 5), mountPath: '/var/lib/mysql' }],
  });

  // Redis, the object cache: its image runs as uid 999, so it meets the restricted level.
  const redis = new Deployment(site, 'Redis', {
    replicas: 1,
    securityContext: { runAsNonRoot: true, runAsUser: 999, runAsGroup: 999 },
    containers: [{
      image: 'redis:7.4.1',
      ports: [{ number: 6379, name: 'redis' }],
      securityContext: { readOnlyRootFilesystem: true, capabilities: { drop: [Capability.ALL] } },
    }],
  });
  const cache = new Service(site, 'RedisService', { name: 'redis', selects: redis });

  // WordPress, reading its settings and its password.
  const settings = new ConfigMap(site, 'Settings', {
    data: { WORDPRESS_DB_HOST: mysql.service.name, WORDPRESS_DB_USER: 'wordpress', WORDPRESS_DB_NAME: 'wordpress', WP_REDIS_HOST: cache.name },
  });
  const account = new ServiceAccount(site, 'Account', { name: 'wordpress' });
  new Role(site, 'ReadSettings').allowRead(settings).bind(account);
  const wordpress = new Deployment(site, 'Wordpress', {
    serviceAccount: account,
    containers: [{
      image: 'wordpress:6.6.2-apache',
      ports: [{ number: 80, name: 'http' }],
      envFrom: [settings],
      env: { WORDPRESS_DB_PASSWORD: EnvValue.fromSecret(credentials, 'password') },
    }],
  });
  const web = new Service(site, 'WordpressService', { name: 'wordpress', selects: wordpress, ports: [{ port: 80, targetPort: 'http' }] });
  new Ingress(site, 'Ingress', { className: 'nginx', rules: [{ host: name === 'prod' ? 'blog.example.com' : name + '.blog.example.com', service: web }] });

  // The schema migration and the nightly backup.
  const migrate = new Job(site, 'Migrate', {
    backoffLimit: 2,
    containers: [{
      image: 'wordpress:cli-2.11.0',
      command: ['wp', 'core', 'update-db'],
      envFrom: [settings],
      env: { WORDPRESS_DB_PASSWORD: EnvValue.fromSecret(credentials, 'password') },
    }],
  });
  const dumps = new PersistentVolumeClaim(site, 'Dumps', { size: Size.gibibytes(20) });
  const backup = new CronJob(site, 'Backup', {
    schedule: '0 3 * * *',
    timeZone: 'Etc/UTC',
    activeDeadline: Duration.hours(1),
    containers: [{
      image: 'mysql:8.4.3',
      command: ['/bin/sh', '-c', 'mysqldump --host=' + mysql.service.name + ' --user=root --password="$MYSQL_ROOT_PASSWORD" --all-databases > /backup/dump-$(date -u +%FT%H%M%SZ).sql'],
      env: { MYSQL_ROOT_PASSWORD: EnvValue.fromSecret(credentials, 'root-password') },
      mounts: [{ path: '/backup', volume: Volume.fromPersistentVolumeClaim(dumps) }],
    }],
  });

  // The namespace is isolated: only the web tier (WordPress and its jobs) reaches MySQL, only WordPress reaches Redis.
  new NetworkPolicy(site, 'MysqlClients', { selects: mysql }).allowFrom(wordpress, 'mysql').allowFrom(migrate, 'mysql').allowFrom(backup, 'mysql');
  new NetworkPolicy(site, 'RedisClients', { selects: redis }).allowFrom(wordpress, 'redis');
  new NetworkPolicy(site, 'WebTraffic', { selects: wordpress }).allowFrom(NetworkPeer.namespace('ingress-nginx'), 'http');

  // The log shipper on every node reads the host's logs: a host path needs a privileged namespace of its own.
  const logging = new AppChart(environment, 'logging', { namespaceProps: { podSecurity: PodSecurityLevel.PRIVILEGED } });
  new DaemonSet(logging, 'LogShipper', {
    containers: [{ image: 'fluent/fluent-bit:3.1.9', mounts: [{ path: '/var/log', volume: Volume.fromHostPath('varlog', '/var/log'), readOnly: true }] }],
    tolerations: [Toleration.everything()],
  });
}
`;

/** What the consumer's program may import: shipshape and nothing else (no cdk8s-plus, no ApiObject). */
function importsOf(source: string): string[] {
  return [...source.matchAll(/from '([^']+)'/g)].map((match) => match[1]!);
}

function run(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = process.env): string {
  return execFileSync(command, args, { cwd, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: INSTALL_TIMEOUT_MS });
}

// Not useCluster(): here the Go build runs while npm packs and installs, in one beforeAll.
describeCluster('the WordPress-style application from the packed package', () => {
  let cluster: TestCluster | undefined;
  let consumer = '';
  let packDir = '';
  let synthOutput = '';
  const dist = (environment: string, file: string): string => join(consumer, 'dist', environment, file);
  const read = (environment: string, file: string): Obj[] => parseYaml(readFileSync(dist(environment, file), 'utf8'));

  beforeAll(async () => {
    assertClusterTools();
    // The Go build runs while npm packs and installs.
    const built = buildHarness(BUILD_TIMEOUT_MS);
    built.catch(() => undefined);
    packDir = tempDir('shipshape-wp-pack-');
    const packed = JSON.parse(run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', packDir], REPO)) as Array<{ filename: string }>;
    consumer = tempDir('shipshape-wp-consumer-');
    writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'blog', version: '1.0.0', private: true }));
    run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', join(packDir, packed[0]!.filename)], consumer);
    writeFileSync(join(consumer, 'main.ts'), CONSUMER_MAIN);
    writeFileSync(
      join(consumer, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { strict: true, module: 'commonjs', target: 'ES2022', noEmit: true, skipLibCheck: false, types: [] }, files: ['main.ts'] }),
    );
    // A strict type check of the consumer against the shipped declarations, then its own `shipshape synth`.
    run(process.execPath, [join(REPO, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', consumer], consumer);
    const env = { ...process.env };
    for (const key of Object.keys(env)) if (key.startsWith('WP_')) delete env[key];
    const synth = spawnSync(join(consumer, 'node_modules', '.bin', 'shipshape'), ['synth', '--app', 'main.ts'], { cwd: consumer, env, encoding: 'utf8', timeout: 120_000 });
    synthOutput = `exit ${synth.status}\n${synth.stdout}${synth.stderr}`;
    await built;
    cluster = await startCluster(START_TIMEOUT_MS);
  }, BUILD_TIMEOUT_MS + START_TIMEOUT_MS + INSTALL_TIMEOUT_MS);

  afterAll(async () => {
    await cluster?.stop();
    for (const dir of [consumer, packDir]) if (dir) rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  test('the program imports only shipshape and synthesizes every part without an error', () => {
    expect(importsOf(CONSUMER_MAIN)).toEqual(['shipshape']);
    expect(CONSUMER_MAIN).not.toMatch(/ApiObject|JsonPatch|cdk8s-plus|require\(/);
    expect(synthOutput).toMatch(/^exit 0\n/);
    expect(synthOutput).toMatch(/Synthesized 49 objects into 5 files \(1 of them Secrets files/);
    expect(synthOutput).toMatch(/^0 errors, \d+ warnings in 49 resources\.$/m);
    const kinds = (environment: string, file: string): string[] => read(environment, file).map((object) => `${object.kind}/${object.metadata.name}`).sort();
    expect(kinds('dev', 'wordpress.k8s.yaml')).toEqual([
      'ConfigMap/settings', 'CronJob/backup', 'Deployment/redis', 'Deployment/wordpress', 'Ingress/ingress', 'Job/migrate',
      'Namespace/wordpress-dev', 'NetworkPolicy/default-deny-egress', 'NetworkPolicy/default-deny-ingress', 'NetworkPolicy/mysql-clients',
      'NetworkPolicy/redis-clients', 'NetworkPolicy/web-traffic', 'PersistentVolumeClaim/dumps', 'PodDisruptionBudget/mysql',
      'PodDisruptionBudget/wordpress', 'Role/read-settings', 'RoleBinding/read-settings-binding', 'Service/mysql-headless', 'Service/redis',
      'Service/wordpress', 'ServiceAccount/wordpress', 'StatefulSet/mysql',
    ]);
    expect(kinds('dev', 'wordpress.secrets.k8s.yaml')).toEqual(['Secret/mysql-credentials']);
    expect(kinds('dev', 'logging.k8s.yaml')).toEqual(['DaemonSet/log-shipper', 'Namespace/logging-dev']);
    // prod uses the Secret the cluster holds: nothing to write, and the workloads say it is external.
    expect(() => statSync(dist('prod', 'wordpress.secrets.k8s.yaml'))).toThrow(/ENOENT/);
    expect(findObject(read('prod', 'wordpress.k8s.yaml'), 'StatefulSet', 'mysql').metadata.annotations!['validate.shipshape.io/external']).toContain('Secret/mysql-credentials');
  });

  test('the output keeps shipshape\'s defaults and wires every reference by object', () => {
    const objects = read('dev', 'wordpress.k8s.yaml');
    const templateLabels = (kind: string, name: string): Record<string, string> => {
      const object = findObject(objects, kind, name);
      return (kind === 'CronJob' ? object.spec.jobTemplate.spec.template : object.spec.template).metadata.labels;
    };
    const wordpress = findObject(objects, 'Deployment', 'wordpress');
    const pod = wordpress.spec.template;
    expect(pod.metadata.labels).toMatchObject({ 'app.kubernetes.io/part-of': 'wordpress', 'shipshape.io/environment': 'dev' });
    expect(pod.metadata.annotations['shipshape.io/config-hash']).toMatch(/^[0-9a-f]{16}$/);
    expect(pod.spec.serviceAccountName).toBe('wordpress');
    expect(pod.spec.containers[0].imagePullPolicy).not.toBe('Always');
    expect(pod.spec.containers[0].envFrom).toEqual([{ configMapRef: { name: 'settings' } }]);
    expect(findObject(objects, 'ConfigMap', 'settings').data).toMatchObject({ WORDPRESS_DB_HOST: 'mysql-headless', WP_REDIS_HOST: 'redis' });

    const mysql = findObject(objects, 'StatefulSet', 'mysql');
    expect(mysql.spec.serviceName).toBe('mysql-headless');
    expect(mysql.spec.volumeClaimTemplates.map((claim: Obj) => [claim.metadata.name, claim.spec.resources.requests.storage])).toEqual([['data', '5Gi']]);
    expect(mysql.spec.template.spec.containers[0].env.find((e: Obj) => e.name === 'MYSQL_ROOT_PASSWORD').valueFrom).toEqual({ secretKeyRef: { name: 'mysql-credentials', key: 'root-password' } });

    const backup = findObject(objects, 'CronJob', 'backup');
    expect(backup.spec).toMatchObject({ schedule: '0 3 * * *', timeZone: 'Etc/UTC', concurrencyPolicy: 'Forbid' });
    expect(backup.spec.jobTemplate.spec.template.spec.restartPolicy).toBe('Never');
    expect(backup.spec.jobTemplate.spec.template.spec.volumes).toEqual([{ name: 'dumps', persistentVolumeClaim: { claimName: 'dumps' } }]);
    expect(backup.spec.jobTemplate.spec.template.spec.containers[0].volumeMounts).toEqual([{ mountPath: '/backup', name: 'dumps' }]);
    expect(findObject(objects, 'Job', 'migrate').spec).toMatchObject({ backoffLimit: 2, template: { spec: { restartPolicy: 'Never' } } });

    // The Role reads exactly the one ConfigMap, and is bound to the ServiceAccount.
    expect(findObject(objects, 'Role', 'read-settings').rules).toEqual([{ apiGroups: [''], resources: ['configmaps'], resourceNames: ['settings'], verbs: ['get', 'list', 'watch'] }]);
    expect(findObject(objects, 'RoleBinding', 'read-settings-binding').subjects).toEqual([{ kind: 'ServiceAccount', name: 'wordpress', namespace: 'wordpress-dev' }]);

    // Network policies select the pods of the workloads they name: MySQL from the web tier only, Redis from WordPress only.
    const sources = (policy: string): Array<Record<string, string>> =>
      findObject(objects, 'NetworkPolicy', policy).spec.ingress.flatMap((rule: Obj) => rule.from.map((peer: Obj) => peer.podSelector.matchLabels));
    const selected = (policy: string): Record<string, string> => findObject(objects, 'NetworkPolicy', policy).spec.podSelector.matchLabels;
    const selects = (labels: Record<string, string>, kind: string, name: string): boolean =>
      Object.entries(labels).every(([key, value]) => templateLabels(kind, name)[key] === value);
    expect(selects(selected('mysql-clients'), 'StatefulSet', 'mysql')).toBe(true);
    expect(sources('mysql-clients').map((labels) => [['Deployment', 'wordpress'], ['Job', 'migrate'], ['CronJob', 'backup']].findIndex(([k, n]) => selects(labels, k!, n!)))).toEqual([0, 1, 2]);
    expect(selects(sources('mysql-clients')[0]!, 'Deployment', 'redis')).toBe(false);
    expect(selects(selected('redis-clients'), 'Deployment', 'redis')).toBe(true);
    expect(sources('redis-clients')).toHaveLength(1);
    expect(selects(sources('redis-clients')[0]!, 'Deployment', 'wordpress')).toBe(true);
    expect(findObject(objects, 'NetworkPolicy', 'default-deny-ingress').spec).toEqual({ podSelector: {}, policyTypes: ['Ingress'] });

    // Redis drops every capability and runs as a user: it would pass a restricted namespace.
    const redis = findObject(objects, 'Deployment', 'redis').spec.template.spec;
    expect(redis.containers[0].securityContext.capabilities).toEqual({ drop: ['ALL'] });
    expect(redis.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 999, seccompProfile: { type: 'RuntimeDefault' } });

    // The log shipper: a host path, in a namespace that enforces privileged.
    const logging = read('dev', 'logging.k8s.yaml');
    expect(findObject(logging, 'Namespace', 'logging-dev').metadata.labels!['pod-security.kubernetes.io/enforce']).toBe('privileged');
    expect(findObject(objects, 'Namespace', 'wordpress-dev').metadata.labels!['pod-security.kubernetes.io/enforce']).toBe('baseline');
    expect(findObject(logging, 'DaemonSet', 'log-shipper').spec.template.spec.volumes).toEqual([{ name: 'varlog', hostPath: { path: '/var/log' } }]);

    // Secret values only in the git-ignored Secrets file, written for the owner alone.
    for (const file of ['wordpress.k8s.yaml', 'logging.k8s.yaml']) expect(readFileSync(dist('dev', file), 'utf8')).not.toMatch(/not-a-secret|ZGV2LW/);
    expect(statSync(dist('dev', 'wordpress.secrets.k8s.yaml')).mode & 0o777).toBe(0o600);
  });

  test('every environment applies in one pass, a second apply changes nothing, and the account can do only what its Role grants', () => {
    const kubeconfig = cluster!.kubeconfig;
    const shipshape = (args: readonly string[]): { code: number | null; stdout: string; stderr: string } => {
      const result = spawnSync(join(consumer, 'node_modules', '.bin', 'shipshape'), args, {
        cwd: consumer, encoding: 'utf8', timeout: 180_000, env: { ...process.env, KUBECONFIG: kubeconfig },
      });
      return { code: result.status, stdout: result.stdout, stderr: result.stderr };
    };
    const namespaces = ['wordpress-dev', 'logging-dev', 'wordpress-prod', 'logging-prod'];
    const kinds = 'configmaps,secrets,services,serviceaccounts,roles,rolebindings,networkpolicies,persistentvolumeclaims,deployments,statefulsets,daemonsets,jobs,cronjobs,poddisruptionbudgets,ingresses';
    const versions = (): string[] => namespaces.flatMap((namespace) => {
      const result = kubectl(['get', kinds, `--namespace=${namespace}`, '--output=jsonpath={range .items[*]}{.kind}/{.metadata.name}={.metadata.resourceVersion}{"\\n"}{end}'], kubeconfig);
      expect(result.code).toBe(0);
      return result.stdout.trim().split('\n').filter(Boolean).map((line) => `${namespace}:${line}`);
    }).sort();

    for (const environment of ['dev', 'prod']) {
      const files = environment === 'dev' ? ['wordpress.k8s.yaml', 'wordpress.secrets.k8s.yaml', 'logging.k8s.yaml'] : ['wordpress.k8s.yaml', 'logging.k8s.yaml'];
      const count = files.reduce((sum, file) => sum + read(environment, file).length, 0);
      const applied = shipshape(['apply', '--dir', join(consumer, 'dist', environment)]);
      expect({ code: applied.code, stderr: applied.stderr.split('\n').filter((line) => line.trim() && !/^warning:/i.test(line.trim())) }).toEqual({ code: 0, stderr: [] });
      expect(applied.stdout).toContain(`${count} applied, 0 pruned.`);
      // Every object the files declare is in the cluster.
      for (const file of files) expect(kubectl(['get', `--filename=${dist(environment, file)}`, '--output=name'], kubeconfig).code).toBe(0);
    }

    // The harness runs no PersistentVolume controller. kube-apiserver stores a new claim with an empty status
    // (its PrepareForCreate clears it; reads show the defaulted phase), so the first update of any kind writes
    // the defaulted phase once. In a real cluster the controller writes the claim's phase (Pending or Bound) right
    // after creation; the test does what it does, so that the second apply is compared with a settled claim.
    for (const environment of ['dev', 'prod']) {
      const patched = kubectl(['patch', 'persistentvolumeclaim/dumps', `--namespace=wordpress-${environment}`, '--subresource=status', '--type=merge', '--patch={"status":{"phase":"Pending"}}'], kubeconfig);
      expect(patched.code).toBe(0);
    }
    const before = versions();
    expect(before.length).toBeGreaterThan(40);
    for (const environment of ['dev', 'prod']) {
      expect(shipshape(['apply', '--dir', join(consumer, 'dist', environment)]).code).toBe(0);
      expect(shipshape(['diff', '--dir', join(consumer, 'dist', environment)])).toMatchObject({ code: 0, stdout: '' });
    }
    expect(versions()).toEqual(before);

    const can = (verb: string, resource: string): string =>
      kubectl(['auth', 'can-i', verb, resource, '--namespace=wordpress-dev', '--as=system:serviceaccount:wordpress-dev:wordpress'], kubeconfig).stdout.trim();
    expect([can('get', 'configmaps/settings'), can('get', 'configmaps/other'), can('get', 'secrets/mysql-credentials'), can('list', 'pods')]).toEqual(['yes', 'no', 'no', 'no']);
  }, 600_000);
});
