import { App, Testing } from 'cdk8s';
import { AppChart, Deployment, Environment, Job, LifecycleHook, Probe, Secret, SecretType, SecretValue, ServiceAccount, StatefulSet, synthesize, Volume } from '../../../src';
import { expectValidationError } from '../../helpers/errors';
import { findObject } from '../../helpers/find';

function newChart(): AppChart {
  return new AppChart(new App(), 'shop');
}

describe('Workload', () => {
  test('init containers run before the others and must be named', () => {
    const chart = newChart();
    const web = new Deployment(chart, 'Web', {
      initContainers: [{ name: 'migrate', image: 'migrate:4.17.0', args: ['up'] }],
      containers: [{ image: 'nginx:1.27' }],
    });
    web.addInitContainer({ name: 'warm', image: 'busybox:1.36' });
    const pod = findObject(Testing.synth(chart), 'Deployment', 'web').spec.template.spec;
    expect(pod.initContainers.map((container: { name: string }) => container.name)).toEqual(['migrate', 'warm']);
    expect(pod.containers.map((container: { name: string }) => container.name)).toEqual(['main']);
  });

  test('containers added after construction reach the output', () => {
    const chart = newChart();
    const web = new Deployment(chart, 'Web');
    web.addContainer({ image: 'nginx:1.27' });
    web.addContainer({ name: 'sidecar', image: 'envoy:1.30.1', ports: [{ number: 9901 }] });
    expect(web.exposedPorts).toEqual([{ number: 9901 }]);
    expect(findObject(Testing.synth(chart), 'Deployment', 'web').spec.template.spec.containers.map((c: { name: string }) => c.name)).toEqual(['main', 'sidecar']);
  });

  test('volumes given in props are added to the pod even when nothing mounts them', () => {
    const chart = newChart();
    new StatefulSet(chart, 'Db', { containers: [{ image: 'mongo:7.0.14' }], volumes: [Volume.fromEmptyDir('spare')] });
    expect(findObject(Testing.synth(chart), 'StatefulSet', 'db').spec.template.spec.volumes).toEqual([{ name: 'spare', emptyDir: {} }]);
  });

  test('a workload exposes its kind and name for messages, and copies of its containers', () => {
    const web = new Deployment(newChart(), 'Web', { containers: [{ image: 'nginx:1.27' }] });
    expect(web.displayName).toBe('Deployment web');
    expect(web.path).toBe('shop/Web');
    (web.containers as unknown as unknown[]).pop();
    expect(web.containers).toHaveLength(1);
  });

  test('fails when a second container has no name', () => {
    expectValidationError(() => new Deployment(newChart(), 'Web', { containers: [{ image: 'nginx:1.27' }, { image: 'busybox:1.36' }] }), {
      problem: /is required for every container but the first/,
      path: 'shop/Web',
      field: 'containers[1].name',
      value: 'nothing',
      fix: /Name the container, e\.g\. "sidecar"\./,
    });
  });

  test('fails when an init container has no name', () => {
    expect(() => new Deployment(newChart(), 'Web', { initContainers: [{ image: 'busybox:1.36' }], containers: [{ image: 'nginx:1.27' }] })).toThrow(/initContainers\[0\]\.name: is required/);
  });

  test('fails when two containers of a pod share a name, init containers included', () => {
    expect(() => new Deployment(newChart(), 'Web', { initContainers: [{ name: 'main', image: 'busybox:1.36' }], containers: [{ image: 'nginx:1.27' }] })).toThrow(
      /Deployment 'shop\/Web': containers\[0\]\.name: is already used by another container of this pod, got "main"\. Give each container its own name\./,
    );
  });

  test('fails when skipped checks have no reason', () => {
    expect(() => new Deployment(newChart(), 'Web', { containers: [{ image: 'nginx:1.27' }], skipChecks: { 'policy/run-as-non-root': ' ' } })).toThrow(/needs a check id like 'policy\/latest-tag' and a non-empty reason/);
  });
});

const IDENTITY_CONTAINER = { image: 'nginx:1.27' };

function newIdentityChart() {
  const app = new App();
  return { app, chart: new AppChart(new Environment(app, 'dev'), 'shop') };
}

describe('workload identity: service account, token and image pull secrets', () => {
  test('a workload takes its ServiceAccount as an object and follows the account on the token', () => {
    const { app, chart } = newIdentityChart();
    const quiet = new ServiceAccount(chart, 'Quiet');
    const operator = new ServiceAccount(chart, 'Operator', { automountToken: true });
    new Deployment(chart, 'Web', { containers: [IDENTITY_CONTAINER], serviceAccount: quiet });
    new Deployment(chart, 'Controller', { containers: [IDENTITY_CONTAINER], serviceAccount: operator });
    const output = synthesize(app).manifests;
    expect(findObject(output, 'Deployment', 'web').spec.template.spec).toMatchObject({ serviceAccountName: 'quiet', automountServiceAccountToken: false });
    expect(findObject(output, 'Deployment', 'controller').spec.template.spec).toMatchObject({ serviceAccountName: 'operator', automountServiceAccountToken: true });
  });

  test('the workload can override the account on the token, and serviceAccountName still works', () => {
    const { app, chart } = newIdentityChart();
    const operator = new ServiceAccount(chart, 'Operator', { automountToken: true });
    new Deployment(chart, 'Web', { containers: [IDENTITY_CONTAINER], serviceAccount: operator, automountServiceAccountToken: false });
    new Deployment(chart, 'Legacy', { containers: [IDENTITY_CONTAINER], serviceAccountName: 'legacy-account', automountServiceAccountToken: true });
    new Deployment(chart, 'Plain', { containers: [IDENTITY_CONTAINER] });
    const output = synthesize(app, { validation: { references: false } }).manifests;
    expect(findObject(output, 'Deployment', 'web').spec.template.spec).toMatchObject({ serviceAccountName: 'operator', automountServiceAccountToken: false });
    expect(findObject(output, 'Deployment', 'legacy').spec.template.spec).toMatchObject({ serviceAccountName: 'legacy-account', automountServiceAccountToken: true });
    const plain = findObject(output, 'Deployment', 'plain').spec.template.spec;
    expect(plain).not.toHaveProperty('serviceAccountName');
    expect(plain.automountServiceAccountToken).toBe(false);
  });

  test('image pull secrets come from docker-config Secrets on the pod and on the ServiceAccount', () => {
    const { app, chart } = newIdentityChart();
    const registry = new Secret(chart, 'Registry', {
      type: SecretType.DOCKER_CONFIG_JSON,
      data: { '.dockerconfigjson': SecretValue.fromEnv('SHIPSHAPE_TEST_DOCKER_CONFIG', { developmentValue: '{"auths":{}}' }) },
    });
    const mirror = Secret.fromSecretName(chart, 'mirror-credentials', { type: SecretType.DOCKER_CONFIG_JSON });
    const unknownType = Secret.fromSecretName(chart, 'platform-pull');
    const account = new ServiceAccount(chart, 'Builder', { imagePullSecrets: [registry, unknownType] });
    new Job(chart, 'Build', { containers: [IDENTITY_CONTAINER], serviceAccount: account, imagePullSecrets: [registry, mirror] });
    const output = synthesize(app).manifests;
    const job = findObject(output, 'Job', 'build');
    expect(job.spec.template.spec.imagePullSecrets).toEqual([{ name: 'registry' }, { name: 'mirror-credentials' }]);
    expect(job.metadata.annotations?.['validate.shipshape.io/external']).toBe('Secret/mirror-credentials');
    const builder = findObject(output, 'ServiceAccount', 'builder');
    expect(builder.imagePullSecrets).toEqual([{ name: 'registry' }, { name: 'platform-pull' }]);
    expect(builder.metadata.annotations?.['validate.shipshape.io/external']).toBe('Secret/platform-pull');
  });

  test('fails when an image pull secret is not a docker-config Secret', () => {
    const { chart } = newIdentityChart();
    const tls = Secret.fromSecretName(chart, 'web-tls', { type: SecretType.TLS });
    expectValidationError(() => new Deployment(chart, 'Web', { containers: [IDENTITY_CONTAINER], imagePullSecrets: [tls] }), {
      problem: /is not a docker-config Secret/,
      path: 'dev/shop/Web',
      field: 'imagePullSecrets[0]',
      value: '"web-tls (kubernetes.io/tls)"',
      fix: /SecretType\.DOCKER_CONFIG_JSON/,
    });
    expect(() => new ServiceAccount(chart, 'Bot', { imagePullSecrets: [tls] })).toThrow(/ServiceAccount 'dev\/shop\/Bot': imagePullSecrets\[0\]: is not a docker-config Secret/);
  });

  test('fails when an image pull secret is listed twice', () => {
    const { chart } = newIdentityChart();
    const pull = Secret.fromSecretName(chart, 'pull', { type: SecretType.DOCKER_CONFIG_JSON });
    expect(() => new Deployment(chart, 'Web', { containers: [IDENTITY_CONTAINER], imagePullSecrets: [pull, pull] })).toThrow(/imagePullSecrets\[1\]: is listed twice, got "pull"/);
  });

  test('fails when both serviceAccount and serviceAccountName are given', () => {
    const { chart } = newIdentityChart();
    const account = new ServiceAccount(chart, 'Web');
    expectValidationError(() => new Deployment(chart, 'Web2', { containers: [IDENTITY_CONTAINER], serviceAccount: account, serviceAccountName: 'other' }), {
      problem: /cannot be combined with serviceAccount/,
      path: 'dev/shop/Web2',
      field: 'serviceAccountName',
      value: '"other"',
      fix: /Give only serviceAccount/,
    });
  });

  test('fails when the ServiceAccount lives in another namespace', () => {
    const app = new App();
    const account = new ServiceAccount(new AppChart(app, 'platform'), 'Deployer');
    expect(() => new Deployment(Testing.chart(), 'Web', { containers: [IDENTITY_CONTAINER], serviceAccount: account })).not.toThrow();
    expect(() => new Deployment(new AppChart(app, 'shop'), 'Web', { containers: [IDENTITY_CONTAINER], serviceAccount: account })).toThrow(
      /serviceAccount: lives in namespace "platform", but the pods run in "shop", got "platform\/Deployer"\. Create the ServiceAccount in the same chart/,
    );
  });
});

describe('native sidecars and init containers', () => {
  function build(): { app: App; web: Deployment } {
    const app = new App();
    const web = new Deployment(new AppChart(app, 'shop'), 'Web', {
      containers: [{ image: 'nginx:1.27' }],
      initContainers: [{ name: 'migrate', image: 'migrate/migrate:v4.17.0', ports: [{ number: 5000 }] }],
      sidecarContainers: [{ name: 'proxy', image: 'envoyproxy/envoy:v1.31.2', ports: [{ number: 9901, name: 'admin' }] }],
    });
    return { app, web };
  }

  test('sidecars are init containers with restartPolicy Always, started before the other init containers, and keep their probes', () => {
    const { app, web } = build();
    web.addSidecarContainer({ name: 'logs', image: 'fluent/fluent-bit:3.1.9' });
    const pod = findObject(synthesize(app, { validation: { kubernetesVersions: ['1.36'] } }).manifests, 'Deployment', 'web').spec.template.spec;
    expect(pod.initContainers.map((container: any) => [container.name, container.restartPolicy])).toEqual([
      ['proxy', 'Always'],
      ['migrate', undefined],
      ['logs', 'Always'],
    ]);
    expect(pod.initContainers[0].readinessProbe).toEqual({ tcpSocket: { port: 'admin' } });
    // A regular init container runs to completion: no default probes, which the API server would refuse.
    expect(pod.initContainers[1]).not.toHaveProperty('readinessProbe');
    expect(pod.initContainers[1]).not.toHaveProperty('startupProbe');
    expect(web.containers.map((container) => container.name)).toEqual(['main']);
  });

  test('validation refuses native sidecars when a target Kubernetes version is older than 1.29', () => {
    const { app } = build();
    expect(() => synthesize(app)).toThrow(/api\/native-sidecar-version[\s\S]*need Kubernetes 1\.29 or later; 1\.27 drops the field/);
  });

  test('fails when an init container has a probe or a lifecycle hook', () => {
    const { web } = build();
    expect(() => web.addInitContainer({ name: 'seed', image: 'busybox:1.36', ports: [{ number: 80 }], readiness: Probe.tcpSocket() })).toThrow(
      /Deployment 'shop\/Web': initContainers\[2\]\.readiness: is not allowed on an init container, which runs to completion, got "a probe"\. Remove the probe, or add the container with addSidecarContainer\(\)/,
    );
    expect(() => web.addInitContainer({ name: 'seed', image: 'busybox:1.36', lifecycle: { preStop: LifecycleHook.exec(['true']) } })).toThrow(
      /initContainers\[2\]\.lifecycle\.preStop: is not allowed on an init container/,
    );
  });
});
