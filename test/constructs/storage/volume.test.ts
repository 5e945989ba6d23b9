import { App, Size, Testing } from 'cdk8s';
import {
  AppChart,
  ConfigMap,
  Deployment,
  EmptyDirMedium,
  HostPathType,
  PersistentVolumeClaim,
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
