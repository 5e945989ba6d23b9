import { App, Duration, Size, Testing } from 'cdk8s';
import {
  AccessMode,
  AppChart,
  ConfigMap,
  ContainerResourceField,
  Cpu,
  Deployment,
  DownwardApiField,
  EmptyDirMedium,
  Environment,
  HostPathType,
  PersistentVolumeClaim,
  ProjectedSource,
  Secret,
  SecretValue,
  synthesize,
  Volume,
} from '../../../src';
import { expectValidationError } from '../../helpers/errors';
import { findObject } from '../../helpers/find';

function newChart(): { app: App; chart: AppChart } {
  const app = new App();
  return { app, chart: new AppChart(app, 'shop') };
}

describe('Volume', () => {
  test('renders emptyDir, ConfigMap, Secret, claim and hostPath volumes', () => {
    const { chart } = newChart();
    const config = new ConfigMap(chart, 'Config', { data: { 'app.yaml': 'a: 1', 'log.yaml': 'b: 2' } });
    const secret = new Secret(chart, 'Tls', { data: { 'tls.crt': SecretValue.fromEnv('SHIPSHAPE_TEST_VOLUME') } });
    const claim = new PersistentVolumeClaim(chart, 'Data', { size: Size.gibibytes(5) });
    expect(Volume.fromEmptyDir('scratch').toVolume()).toEqual({ name: 'scratch', emptyDir: { medium: undefined, sizeLimit: undefined } });
    expect(Volume.fromEmptyDir('cache', { medium: EmptyDirMedium.MEMORY, sizeLimit: Size.mebibytes(64) }).toVolume()).toEqual({
      name: 'cache',
      emptyDir: { medium: 'Memory', sizeLimit: '64Mi' },
    });
    expect(Volume.fromConfigMap(config, { items: { 'log.yaml': 'conf/log.yaml', 'app.yaml': 'conf/app.yaml' }, defaultMode: 0o440 }).toVolume()).toEqual({
      name: 'config',
      configMap: { name: 'config', items: [{ key: 'app.yaml', path: 'conf/app.yaml' }, { key: 'log.yaml', path: 'conf/log.yaml' }], defaultMode: 0o440, optional: undefined },
    });
    expect(Volume.fromSecret(secret, { name: 'certs', optional: true }).toVolume()).toEqual({
      name: 'certs',
      secret: { secretName: 'tls', items: undefined, defaultMode: undefined, optional: true },
    });
    expect(Volume.fromPersistentVolumeClaim(claim, { readOnly: true }).toVolume()).toEqual({ name: 'data', persistentVolumeClaim: { claimName: 'data', readOnly: true } });
    expect(Volume.fromHostPath('docker', '/var/run/docker.sock', { type: HostPathType.SOCKET }).toVolume()).toEqual({
      name: 'docker',
      hostPath: { path: '/var/run/docker.sock', type: 'Socket' },
    });
    expect(Volume.fromHostPath('logs', '/var/log').toVolume()).toEqual({ name: 'logs', hostPath: { path: '/var/log', type: undefined } });
  });

  test('mounted volumes reach the pod with readOnly and subPath, and valid output', () => {
    const { app, chart } = newChart();
    const config = new ConfigMap(chart, 'Config', { data: { 'nginx.conf': 'events {}' } });
    const claim = new PersistentVolumeClaim(chart, 'Data', { size: Size.gibibytes(1) });
    const web = new Deployment(chart, 'Web', { replicas: 1, containers: [{ image: 'nginx:1.27' }] });
    const container = web.containers[0]!;
    container.mount('/etc/nginx/nginx.conf', Volume.fromConfigMap(config), { readOnly: true, subPath: 'nginx.conf' });
    container.mount('/data', Volume.fromPersistentVolumeClaim(claim));
    container.mount('/tmp', Volume.fromEmptyDir('tmp'));
    const pod = findObject(synthesize(app).manifests, 'Deployment', 'web').spec.template.spec;
    expect(pod.containers[0].volumeMounts).toEqual([
      { mountPath: '/etc/nginx/nginx.conf', name: 'config', readOnly: true, subPath: 'nginx.conf' },
      { mountPath: '/data', name: 'data' },
      { mountPath: '/tmp', name: 'tmp' },
    ]);
    expect(pod.volumes.map((volume: { name: string }) => volume.name)).toEqual(['config', 'data', 'tmp']);
  });

  test('a volume mounted by several containers is added to the pod once', () => {
    const { chart } = newChart();
    const shared = Volume.fromEmptyDir('shared');
    const web = new Deployment(chart, 'Web', { containers: [{ image: 'nginx:1.27' }, { name: 'sidecar', image: 'busybox:1.36' }], volumes: [shared] });
    web.containers[0]!.mount('/shared', shared);
    web.containers[1]!.mount('/in', shared, { readOnly: true });
    web.containers[1]!.mount('/copy', Volume.fromEmptyDir('shared'));
    const pod = findObject(Testing.synth(chart), 'Deployment', 'web').spec.template.spec;
    expect(pod.volumes).toEqual([{ name: 'shared', emptyDir: {} }]);
  });

  test('a volume mounted into an init container is added to the pod', () => {
    const { chart } = newChart();
    const web = new Deployment(chart, 'Web', { containers: [{ image: 'nginx:1.27' }] });
    web.addInitContainer({ name: 'setup', image: 'busybox:1.36' }).mount('/work', Volume.fromEmptyDir('work'));
    expect(findObject(Testing.synth(chart), 'Deployment', 'web').spec.template.spec.volumes).toEqual([{ name: 'work', emptyDir: {} }]);
  });

  test('fails when two different volumes share a name', () => {
    const { chart } = newChart();
    const web = new Deployment(chart, 'Web', { containers: [{ image: 'nginx:1.27' }], volumes: [Volume.fromEmptyDir('data')] });
    expectValidationError(() => web.addVolume(Volume.fromHostPath('data', '/srv')), {
      problem: /is the name of another, different volume/,
      path: 'shop/Web',
      field: 'volumes',
      value: '"data"',
      fix: /Give each volume its own name/,
    });
  });

  test('fails at mount when a projected key does not exist in the ConfigMap', () => {
    const { chart } = newChart();
    const config = new ConfigMap(chart, 'Config', { data: { 'app.yaml': 'x' } });
    const container = new Deployment(chart, 'Web', { containers: [{ image: 'nginx:1.27' }] }).containers[0]!;
    expectValidationError(() => container.mount('/etc/app', Volume.fromConfigMap(config, { items: { 'app.yml': 'app.yml' } })), {
      problem: /names a key that ConfigMap 'config' does not have/,
      path: 'shop/Web',
      field: 'containers[0].mount.items',
      value: '"app.yml"',
      fix: /Use one of \["app.yaml"\]/,
    });
  });

  test('an optional projected volume may name keys that do not exist', () => {
    const { chart } = newChart();
    const config = new ConfigMap(chart, 'Config', { data: { 'app.yaml': 'x' } });
    const container = new Deployment(chart, 'Web', { containers: [{ image: 'nginx:1.27' }] }).containers[0]!;
    expect(() => container.mount('/etc/app', Volume.fromConfigMap(config, { items: { other: 'other' }, optional: true }))).not.toThrow();
  });
});

describe('Volume sources beyond the basics', () => {
  test('a projected volume combines ConfigMap and Secret keys, pod metadata and a service account token, and is valid', () => {
    const app = new App();
    const chart = new AppChart(new Environment(app, 'dev'), 'shop');
    const config = new ConfigMap(chart, 'Config', { data: { 'app.yaml': 'a: 1' } });
    const secret = new Secret(chart, 'Creds', { data: { token: SecretValue.fromEnv('SHIPSHAPE_TEST_PROJECTED', { developmentValue: 'x' }) } });
    const volume = Volume.fromProjected('bundle', [
      ProjectedSource.configMap(config, { items: { 'app.yaml': 'config/app.yaml' } }),
      ProjectedSource.secret(secret, { optional: true }),
      ProjectedSource.downwardApi({ labels: DownwardApiField.labels(), 'pod-name': DownwardApiField.podName() }),
      ProjectedSource.serviceAccountToken({ path: 'vault-token', audience: 'vault', expiration: Duration.hours(2) }),
    ], { defaultMode: 0o440 });
    expect(volume.configSources.map((source) => source.name)).toEqual(['config', 'creds']);
    expect(volume.configSource?.name).toBe('config');
    const web = new Deployment(chart, 'Web', { containers: [{ image: 'nginx:1.27' }] });
    web.containers[0]!.mount('/etc/bundle', volume, { readOnly: true });
    const pod = findObject(synthesize(app, { validation: { kubernetesVersions: ['1.36'] } }).manifests, 'Deployment', 'web').spec.template;
    expect(pod.spec.volumes).toEqual([{
      name: 'bundle',
      projected: {
        defaultMode: 0o440,
        sources: [
          { configMap: { name: 'config', items: [{ key: 'app.yaml', path: 'config/app.yaml' }] } },
          { secret: { name: 'creds', optional: true } },
          { downwardAPI: { items: [{ path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } }, { path: 'pod-name', fieldRef: { fieldPath: 'metadata.name' } }] } },
          { serviceAccountToken: { path: 'vault-token', audience: 'vault', expirationSeconds: 7200 } },
        ],
      },
    }]);
    // The projected ConfigMap and Secret count in the configuration hash.
    expect(pod.metadata.annotations['shipshape.io/config-hash']).toMatch(/^[0-9a-f]{16}$/);
  });

  test('a downward API volume writes pod facts and container resources', () => {
    const volume = Volume.fromDownwardApi('podinfo', {
      namespace: DownwardApiField.podNamespace(),
      uid: DownwardApiField.podUid(),
      annotations: DownwardApiField.annotations(),
      team: DownwardApiField.label('team'),
      owner: DownwardApiField.annotation('example.com/owner'),
      'cpu-limit': DownwardApiField.resource('main', ContainerResourceField.LIMITS_CPU, { divisor: Cpu.millis(1) }),
      'memory-request': DownwardApiField.resource('main', ContainerResourceField.REQUESTS_MEMORY, { divisor: Size.mebibytes(1) }),
      'disk-limit': DownwardApiField.resource('main', ContainerResourceField.LIMITS_EPHEMERAL_STORAGE),
    }, { defaultMode: 0o444 });
    expect(volume.toVolume()).toEqual({
      name: 'podinfo',
      downwardAPI: {
        defaultMode: 0o444,
        items: [
          { path: 'annotations', fieldRef: { fieldPath: 'metadata.annotations' } },
          { path: 'cpu-limit', resourceFieldRef: { containerName: 'main', resource: 'limits.cpu', divisor: '1m' } },
          { path: 'disk-limit', resourceFieldRef: { containerName: 'main', resource: 'limits.ephemeral-storage', divisor: undefined } },
          { path: 'memory-request', resourceFieldRef: { containerName: 'main', resource: 'requests.memory', divisor: '1Mi' } },
          { path: 'namespace', fieldRef: { fieldPath: 'metadata.namespace' } },
          { path: 'owner', fieldRef: { fieldPath: "metadata.annotations['example.com/owner']" } },
          { path: 'team', fieldRef: { fieldPath: "metadata.labels['team']" } },
          { path: 'uid', fieldRef: { fieldPath: 'metadata.uid' } },
        ],
      },
    });
  });

  test('NFS, CSI and generic ephemeral volumes render every option, and the pod is valid', () => {
    const { app, chart } = newChart();
    const driverSecret = Secret.fromSecretName(chart, 'vault-csi');
    const nfs = Volume.fromNfs('shared', 'nfs.example.com', '/exports/shared', { readOnly: true });
    const csi = Volume.fromCsi('secrets', 'secrets-store.csi.k8s.io', { readOnly: true, fsType: 'ext4', attributes: { z: '1', secretProviderClass: 'vault' }, nodePublishSecret: driverSecret });
    const scratch = Volume.fromEphemeral('scratch', { size: Size.gibibytes(20), storageClassName: 'fast', accessModes: [AccessMode.READ_WRITE_ONCE_POD] });
    expect(Volume.fromNfs('plain', '10.0.0.5', '/data').toVolume()).toEqual({ name: 'plain', nfs: { server: '10.0.0.5', path: '/data', readOnly: undefined } });
    expect(Volume.fromCsi('inline', 'example.csi.io').toVolume()).toEqual({ name: 'inline', csi: { driver: 'example.csi.io', readOnly: undefined, fsType: undefined, volumeAttributes: undefined, nodePublishSecretRef: undefined } });
    const web = new Deployment(chart, 'Web', { containers: [{ image: 'nginx:1.27' }] });
    web.containers[0]!.mount('/shared', nfs);
    web.containers[0]!.mount('/mnt/secrets', csi);
    web.containers[0]!.mount('/scratch', scratch);
    const output = synthesize(app).manifests;
    const deployment = findObject(output, 'Deployment', 'web');
    expect(deployment.metadata.annotations?.['validate.shipshape.io/external']).toBe('Secret/vault-csi');
    expect(deployment.spec.template.spec.volumes).toEqual([
      { name: 'shared', nfs: { server: 'nfs.example.com', path: '/exports/shared', readOnly: true } },
      { name: 'secrets', csi: { driver: 'secrets-store.csi.k8s.io', readOnly: true, fsType: 'ext4', volumeAttributes: { secretProviderClass: 'vault', z: '1' }, nodePublishSecretRef: { name: 'vault-csi' } } },
      { name: 'scratch', ephemeral: { volumeClaimTemplate: { spec: { accessModes: ['ReadWriteOncePod'], storageClassName: 'fast', resources: { requests: { storage: '20Gi' } } } } } },
    ]);
  });

  test('a projected key that the ConfigMap does not have is refused when mounted', () => {
    const { chart } = newChart();
    const config = new ConfigMap(chart, 'Config', { data: { 'app.yaml': 'a: 1' } });
    const web = new Deployment(chart, 'Web', { containers: [{ image: 'nginx:1.27' }] });
    expect(() => web.containers[0]!.mount('/etc/app', Volume.fromProjected('bundle', [ProjectedSource.configMap(config, { items: { 'missing.yaml': 'x' } })]))).toThrow(
      /containers\[0\]\.mount\.items: names a key that ConfigMap 'config' does not have, got "missing\.yaml"/,
    );
  });

  test('fails on an invalid volume name', () => {
    expectValidationError(() => Volume.fromNfs('Shared_Data', 'nfs', '/x'), { problem: /DNS-1123 label/, path: 'Shared_Data', field: 'name', value: '"Shared_Data"', fix: /lower-case letters/ });
  });

  test('fails on an NFS share without a server or with a relative path', () => {
    expect(() => Volume.fromNfs('shared', ' ', '/x')).toThrow(/Volume 'shared': nfs\.server: must not be empty/);
    expectValidationError(() => Volume.fromNfs('shared', 'nfs', 'exports'), { problem: /must be an absolute path/, path: 'shared', field: 'nfs.path', value: '"exports"', fix: /Start the path with "\/"/ });
  });

  test('fails on a relative host path', () => {
    expect(() => Volume.fromHostPath('logs', 'var/log')).toThrow(/Volume 'logs': hostPath\.path: must be an absolute path on the node, got "var\/log"/);
  });

  test('fails on an invalid CSI driver name', () => {
    expect(() => Volume.fromCsi('x', 'Not A Driver')).toThrow(/Volume 'x': csi\.driver: must be a CSI driver name/);
  });

  test('fails on an empty projected volume, clashing or unsafe file paths, a short token lifetime and bad modes', () => {
    expect(() => Volume.fromProjected('bundle', [])).toThrow(/projected\.sources: must not be empty/);
    expect(() => Volume.fromProjected('bundle', [ProjectedSource.downwardApi({ a: DownwardApiField.podName() }), ProjectedSource.serviceAccountToken({ path: 'a' })])).toThrow(
      /projected\.sources\[1\]: is a file path another source writes too, got "a"/,
    );
    expect(() => Volume.fromProjected('bundle', [ProjectedSource.serviceAccountToken({ path: '../token' })])).toThrow(/must be a relative file path without "\.\."/);
    expect(() => Volume.fromProjected('bundle', [ProjectedSource.serviceAccountToken({ path: 'token', expiration: Duration.minutes(5) })])).toThrow(
      /serviceAccountToken\.expiration: must be from 10 minutes to 2\^32 seconds, got "300s"/,
    );
    expect(() => Volume.fromProjected('bundle', [ProjectedSource.serviceAccountToken({ path: 'token' })], { defaultMode: 0o1777 })).toThrow(/projected\.defaultMode: must be file mode bits/);
  });

  test('fails on an empty downward API volume or an absolute file path', () => {
    expect(() => Volume.fromDownwardApi('info', {})).toThrow(/downwardAPI\.items: must not be empty/);
    expect(() => Volume.fromDownwardApi('info', { '/etc/name': DownwardApiField.podName() })).toThrow(/downwardAPI\.items: must be a relative file path/);
  });

  test('fails on an ephemeral volume of no size', () => {
    expect(() => Volume.fromEphemeral('scratch', { size: Size.gibibytes(0) })).toThrow(/Volume 'scratch': ephemeral\.size: must be more than 0/);
  });
});
