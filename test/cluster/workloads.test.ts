/**
 * The workload kinds and pod features of issue 8 against the real kube-apiserver (test/cluster/main.go):
 * Job, CronJob and its manual runs, DaemonSet, ServiceAccount, scheduling, sidecars, lifecycle hooks, every
 * volume source and the autoscaler's behavior and metrics are applied in one pass; and the CronJob schedule
 * and time zone checks give the server's verdicts. Skipped like the cluster suite when Go or kubectl is missing.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dump } from 'js-yaml';
import {
  App,
  AppChart,
  ConfigMap,
  ContainerResourceField,
  CronJob,
  DaemonSet,
  DaemonSetUpdateStrategy,
  Deployment,
  DownwardApiField,
  Duration,
  Environment,
  Job,
  LifecycleHook,
  Metric,
  MetricTarget,
  NodeLabelQuery,
  PodSecurityLevel,
  ProjectedSource,
  ScalingPolicyType,
  Secret,
  SecretType,
  SecretValue,
  ServiceAccount,
  Size,
  StatefulSet,
  synthesizeToFolder,
  TaintEffect,
  Toleration,
  Topology,
  Volume,
} from '../../src';
import { buildApp, RESTORE_VARIABLE } from '../../charts/main';
import { cronScheduleProblem } from '../../src/manifest/cron-schedule';
import { installReferenceCrds, kubectl, withoutWarnings } from './cli-runner';
import { describeCluster, useCluster } from './harness';


/** An app with every new kind and pod feature, for Kubernetes 1.36 (native sidecars and sleep hooks need 1.29+). */
function workloadsApp(): App {
  const app = new App();
  const chart = new AppChart(new Environment(app, 'clustertest', { allowDevelopmentSecrets: true, defaults: { spreadAcrossZones: true } }), 'batch');
  const config = new ConfigMap(chart, 'Config', { data: { 'app.yaml': 'level: info' } });
  const registry = new Secret(chart, 'Registry', {
    type: SecretType.DOCKER_CONFIG_JSON,
    data: { '.dockerconfigjson': SecretValue.fromEnv('SHIPSHAPE_CLUSTER_TEST_DOCKER_CONFIG', { developmentValue: '{"auths":{}}' }) },
  });
  const account = new ServiceAccount(chart, 'Worker', { imagePullSecrets: [registry] });
  const resources = { requests: { memory: Size.mebibytes(64), ephemeralStorage: Size.mebibytes(256) }, limits: { memory: Size.mebibytes(128), ephemeralStorage: Size.gibibytes(1) } };

  const db = new StatefulSet(chart, 'Db', { containers: [{ image: 'mongo:7.0.14', ports: [{ number: 27017, name: 'mongodb' }] }] });
  const web = new Deployment(chart, 'Web', {
    serviceAccount: account,
    imagePullSecrets: [registry],
    priorityClassName: 'system-cluster-critical',
    tolerations: [Toleration.exists('dedicated', { effect: TaintEffect.NO_EXECUTE, tolerationPeriod: Duration.minutes(5) })],
    requiredNodes: [NodeLabelQuery.in('kubernetes.io/arch', ['amd64', 'arm64'])],
    sidecarContainers: [{ name: 'proxy', image: 'envoyproxy/envoy:v1.31.2', ports: [{ number: 9901, name: 'admin' }] }],
    containers: [{
      image: 'nginx:1.27.2',
      ports: [{ number: 8080, name: 'http' }],
      resources,
      lifecycle: { preStop: LifecycleHook.sleep(Duration.seconds(5)), postStart: LifecycleHook.httpGet('/warm') },
    }],
    autoscaling: {
      maxReplicas: 5,
      metrics: [Metric.pods('requests_per_second', MetricTarget.averageValue('100')), Metric.external('queue_depth', MetricTarget.value(30))],
      behavior: { scaleDown: { stabilizationWindow: Duration.minutes(10), policies: [{ type: ScalingPolicyType.PODS, value: 1, period: Duration.minutes(1) }] } },
    },
  });
  web.separateFrom(db, { topology: Topology.ZONE });
  web.colocateWith(db, { required: true });
  web.preferNodes([NodeLabelQuery.doesNotExist('spot')], { weight: 20 });
  const main = web.containers[0]!;
  main.mount('/etc/bundle', Volume.fromProjected('bundle', [
    ProjectedSource.configMap(config),
    ProjectedSource.downwardApi({ labels: DownwardApiField.labels() }),
    ProjectedSource.serviceAccountToken({ path: 'token', audience: 'vault', expiration: Duration.hours(1) }),
  ]), { readOnly: true });
  main.mount('/etc/podinfo', Volume.fromDownwardApi('podinfo', { name: DownwardApiField.podName(), memory: DownwardApiField.resource('main', ContainerResourceField.LIMITS_MEMORY) }));
  main.mount('/shared', Volume.fromNfs('shared', 'nfs.example.com', '/exports/shared'));
  main.mount('/mnt/secrets', Volume.fromCsi('secrets', 'secrets-store.csi.k8s.io', { readOnly: true, attributes: { secretProviderClass: 'vault' } }));
  main.mount('/scratch', Volume.fromEphemeral('scratch', { size: Size.gibibytes(5) }));

  const backup = new CronJob(chart, 'Backup', {
    schedule: '30 2 * * MON-FRI',
    timeZone: 'Europe/Berlin',
    startingDeadline: Duration.minutes(10),
    serviceAccount: account,
    backoffLimit: 2,
    activeDeadline: Duration.hours(1),
    containers: [{ image: 'mongo:7.0.14', command: ['mongodump', '--archive=/tmp/dump.gz'], resources }],
  });
  backup.createJob(chart, 'BackupNow');
  new Job(chart, 'Migrate', {
    completions: 3,
    parallelism: 3,
    indexed: true,
    ttlAfterFinished: Duration.hours(1),
    containers: [{ image: 'migrate/migrate:v4.17.0', args: ['up'], resources }],
  });
  // A host path needs a privileged namespace (baseline refuses its pods): the node agent gets a chart of its own.
  const agents = new AppChart(chart.environment!, 'agents', { namespaceProps: { podSecurity: PodSecurityLevel.PRIVILEGED } });
  const agent = new DaemonSet(agents, 'LogShipper', {
    updateStrategy: DaemonSetUpdateStrategy.rollingUpdate({ maxUnavailable: 0, maxSurge: 1 }),
    containers: [{ image: 'fluent/fluent-bit:3.1.9', resources }],
  });
  agent.tolerate(Toleration.everything());
  agent.containers[0]!.mount('/var/log', Volume.fromHostPath('varlog', '/var/log'), { readOnly: true });
  // A node monitoring agent in the node's network and process namespaces (the server defaults its hostPort).
  new DaemonSet(agents, 'NodeExporter', {
    hostNetwork: true,
    hostPID: true,
    skipChecks: { 'policy/host-network': 'reads the node\'s network statistics', 'policy/host-pid': 'reads the node\'s processes' },
    securityContext: { sysctls: [{ name: 'kernel.shm_rmid_forced', value: '1' }] },
    containers: [{ image: 'prom/node-exporter:v1.8.2', ports: [{ number: 9100, name: 'metrics' }], resources }],
  });
  return app;
}

describeCluster('workload kinds on kube-apiserver 1.36', () => {
  const harness = useCluster({ workPrefix: 'shipshape-workloads-' });

  test('every new kind and pod feature is applied in one pass, then passes a server-side dry run unchanged', () => {
    const output = join(harness.work, 'dist');
    const result = synthesizeToFolder(workloadsApp(), output, { validation: { kubernetesVersions: ['1.36'] } });
    const kinds = new Set(result.manifests.map((manifest) => manifest.object.kind));
    for (const kind of ['Job', 'CronJob', 'DaemonSet', 'ServiceAccount', 'HorizontalPodAutoscaler', 'Deployment']) expect(kinds).toContain(kind);
    const dir = join(output, 'clustertest');
    const applied = kubectl(['apply', '--server-side', '--field-manager=shipshape', `--filename=${dir}`], harness.kubeconfig);
    expect({ code: applied.code, stderr: withoutWarnings(applied.stderr) }).toEqual({ code: 0, stderr: '' });
    expect(applied.stdout.trim().split('\n')).toHaveLength(result.manifests.length);
    const again = kubectl(['apply', '--server-side', '--field-manager=shipshape', '--dry-run=server', `--filename=${dir}`], harness.kubeconfig);
    expect({ code: again.code, stderr: withoutWarnings(again.stderr) }).toEqual({ code: 0, stderr: '' });
    // The server kept what the constructs wrote.
    const sidecar = kubectl(['get', 'deployment/web', '--namespace=batch-clustertest', '--output=jsonpath={.spec.template.spec.initContainers[0].restartPolicy}'], harness.kubeconfig);
    expect(sidecar.stdout).toBe('Always');
    const manual = kubectl(['get', 'job/backup-now', '--namespace=batch-clustertest', "--output=jsonpath={.metadata.annotations['cronjob\\.kubernetes\\.io/instantiate']}"], harness.kubeconfig);
    expect(manual.stdout).toBe('manual');
  });

  test('the reference app with a restore asked for (its drill) is applied in one pass, restore Job included', () => {
    const output = join(harness.work, 'restore-dist');
    const result = synthesizeToFolder(buildApp({ [RESTORE_VARIABLE]: 'prod:latest' }), output);
    // The platform installs cert-manager's CRD; prod's Certificate needs it.
    installReferenceCrds(harness.kubeconfig);
    expect(result.manifests.filter((manifest) => manifest.object.kind === 'Job').map((manifest) => manifest.object.metadata.name)).toEqual(['mongo-restore-latest']);
    const applied = kubectl(['apply', '--server-side', '--field-manager=shipshape', `--filename=${join(output, 'prod')}`], harness.kubeconfig);
    expect({ code: applied.code, stderr: withoutWarnings(applied.stderr) }).toEqual({ code: 0, stderr: '' });
    expect(applied.stdout).toContain('job.batch/mongo-restore-latest serverside-applied');
    const suspended = kubectl(['get', 'cronjob/mongo-backup', '--namespace=mongo-prod', '--output=jsonpath={.spec.suspend}'], harness.kubeconfig);
    expect(suspended.stdout).toBe('true');
  });

  test('the API server agrees with cronScheduleProblem on every schedule and with the CronJob time zone checks', () => {
    const schedules = [
      '0 2 * * *', '*/15 * * * *', '5-55/10 9-17 * * MON-FRI', '0 0 * JAN,jul SUN', '0 12 ? * ?', '7/5 * * * *', '1,,2 * * * *', '*-9 * * * *',
      '@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly', '@every 1h30m',
      '', '0 2 * *', '0 0 2 * * *', '60 * * * *', '0 24 * * *', '0 0 0 * *', '0 0 * 13 *', '0 0 * * 7', '0 0 * * SUNDAY', 'x * * * *',
      '10-5 * * * *', '1-2-3 * * * *', '*/5/2 * * * *', '*/0 * * * *', '@fortnightly', '@every soon', ' @daily', 'TZ=UTC 0 2 * * *', 'CRON_TZ=UTC 0 2 * * *',
    ];
    const verdicts = serverVerdicts(schedules.map((schedule) => ({ schedule })), harness.kubeconfig);
    const disagreements = schedules
      .map((schedule, index) => ({ schedule, ours: cronScheduleProblem(schedule) === undefined, server: verdicts[index] }))
      .filter(({ ours, server }) => ours !== server);
    expect(disagreements).toEqual([]);
  });

  test('the API server accepts the time zones the CronJob construct accepts, and refuses the ones it refuses', () => {
    const accepted = ['Etc/UTC', 'Europe/Berlin', 'America/Argentina/Buenos_Aires', 'UTC'];
    const refused = ['Mars/Olympus', 'Local', 'europe/berlin'];
    const verdicts = serverVerdicts([...accepted, ...refused].map((timeZone) => ({ schedule: '@daily', timeZone })), harness.kubeconfig);
    expect(verdicts).toEqual([...accepted.map(() => true), ...refused.map(() => false)]);
    for (const timeZone of accepted) expect(() => new CronJob(new AppChart(new App(), 'tz'), 'Job', { schedule: '@daily', timeZone, containers: [{ image: 'busybox:1.36' }] })).not.toThrow();
    for (const timeZone of refused) expect(() => new CronJob(new AppChart(new App(), 'tz'), 'Job', { schedule: '@daily', timeZone, containers: [{ image: 'busybox:1.36' }] })).toThrow(/timeZone/);
  });

  /** Dry-runs one CronJob per spec in the default namespace; true where the server accepted it. */
  function serverVerdicts(specs: ReadonlyArray<{ schedule: string; timeZone?: string }>, config: string): boolean[] {
    const documents = specs.map((spec, index) => ({
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: `probe-${index}`, namespace: 'default' },
      spec: { ...spec, jobTemplate: { spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'main', image: 'busybox:1.36' }] } } } } },
    }));
    const file = join(harness.work, `cronjobs-${Date.now()}.yaml`);
    writeFileSync(file, documents.map((document) => dump(document)).join('---\n'));
    const result = kubectl(['apply', '--server-side', '--dry-run=server', `--filename=${file}`, '--output=name'], config);
    const accepted = new Set(result.stdout.split('\n').map((line) => line.trim().replace(/^cronjob\.batch\//, '')).filter(Boolean));
    return specs.map((_, index) => accepted.has(`probe-${index}`));
  }
});

