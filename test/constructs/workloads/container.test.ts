import { App, Testing } from 'cdk8s';
import {
  AppChart,
  Capability,
  ConfigMap,
  ContainerProps,
  Cpu,
  Deployment,
  EnvValue,
  ImagePullPolicy,
  Probe,
  Protocol,
  Secret,
  SecretValue,
  Size,
  synthesize,
  Volume,
} from '../../../src';
import { expectValidationError } from '../../helpers/errors';
import { findObject } from '../../helpers/find';

const DIGEST = `sha256:${'0123456789abcdef'.repeat(4)}`;

function newChart(): AppChart {
  return new AppChart(new App(), 'shop');
}

/** The rendered first container of a Deployment `web` with one container. */
function renderContainer(props: ContainerProps): Record<string, any> {
  const chart = newChart();
  new Deployment(chart, 'Web', { containers: [props] });
  return findObject(Testing.synth(chart), 'Deployment', 'web').spec.template.spec.containers[0];
}

describe('Container', () => {
  test('a minimal container is named main and gets the default resources and security context, and no probes without ports', () => {
    expect(renderContainer({ image: 'nginx:1.27' })).toEqual({
      name: 'main',
      image: 'nginx:1.27',
      resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
      securityContext: { allowPrivilegeEscalation: false },
    });
  });

  test('a container renders every prop it is given', () => {
    const app = new App();
    const chart = new AppChart(app, 'shop');
    const config = new ConfigMap(chart, 'Config', { data: { a: 'b' } });
    new Deployment(chart, 'Web', {
      containers: [
        {
          name: 'web',
          image: `registry.example.com/shop/web:2.1.0@${DIGEST}`,
          imagePullPolicy: ImagePullPolicy.ALWAYS,
          command: ['/bin/web'],
          args: ['--port', '8080'],
          workingDir: '/srv',
          ports: [{ number: 8080, name: 'http' }, { number: 9090, name: 'metrics' }, { number: 5353, name: 'dns', protocol: Protocol.UDP }],
          env: { MODE: EnvValue.fromValue('fast') },
          envFrom: [config],
          readiness: Probe.httpGet('/ready'),
          liveness: Probe.httpGet('/live', { port: 'metrics' }),
          startup: false,
          resources: { requests: { cpu: Cpu.millis(250), memory: Size.mebibytes(256) }, limits: { cpu: Cpu.units(1), memory: Size.gibibytes(1) } },
          securityContext: { runAsNonRoot: true, runAsUser: 1000, readOnlyRootFilesystem: true, capabilities: { drop: [Capability.ALL] } },
        },
      ],
    });
    const container = findObject(synthesize(app).manifests, 'Deployment', 'web').spec.template.spec.containers[0];
    expect(container).toEqual({
      name: 'web',
      image: `registry.example.com/shop/web:2.1.0@${DIGEST}`,
      imagePullPolicy: 'Always',
      command: ['/bin/web'],
      args: ['--port', '8080'],
      workingDir: '/srv',
      ports: [
        { containerPort: 8080, name: 'http', protocol: 'TCP' },
        { containerPort: 9090, name: 'metrics', protocol: 'TCP' },
        { containerPort: 5353, name: 'dns', protocol: 'UDP' },
      ],
      env: [{ name: 'MODE', value: 'fast' }],
      envFrom: [{ configMapRef: { name: 'config' } }],
      readinessProbe: { httpGet: { path: '/ready', port: 'http' } },
      livenessProbe: { httpGet: { path: '/live', port: 'metrics' } },
      resources: { requests: { cpu: '250m', memory: '256Mi' }, limits: { cpu: '1', memory: '1Gi' } },
      securityContext: { allowPrivilegeEscalation: false, runAsNonRoot: true, runAsUser: 1000, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
    });
  });

  test('a container gets TCP startup, readiness and liveness probes on its first port by default', () => {
    const container = renderContainer({ image: 'nginx:1.27', ports: [{ number: 8080, name: 'http' }, { number: 9090 }] });
    expect(container.readinessProbe).toEqual({ tcpSocket: { port: 'http' } });
    expect(container.livenessProbe).toEqual({ tcpSocket: { port: 'http' } });
    expect(container.startupProbe).toEqual({ tcpSocket: { port: 'http' }, failureThreshold: 30, periodSeconds: 10 });
  });

  test('a container whose first port is unnamed gets default probes on the port number', () => {
    expect(renderContainer({ image: 'nginx:1.27', ports: [{ number: 8080 }] }).readinessProbe).toEqual({ tcpSocket: { port: 8080 } });
  });

  test('a container whose first port is UDP gets no default probes', () => {
    const container = renderContainer({ image: 'coredns:1.11.1', ports: [{ number: 53, name: 'dns', protocol: Protocol.UDP }] });
    expect(container).not.toHaveProperty('readinessProbe');
    expect(container).not.toHaveProperty('startupProbe');
  });

  test('each default probe can be switched off on its own', () => {
    const container = renderContainer({ image: 'nginx:1.27', ports: [{ number: 80 }], liveness: false });
    expect(container).not.toHaveProperty('livenessProbe');
    expect(container.readinessProbe).toEqual({ tcpSocket: { port: 80 } });
  });

  test('an image with the latest tag or none is accepted when the container allows it', () => {
    expect(renderContainer({ image: 'nginx', allowLatestTag: true }).image).toBe('nginx');
    expect(renderContainer({ image: 'nginx:latest', allowLatestTag: true }).image).toBe('nginx:latest');
  });

  test('an image pinned by digest alone is accepted', () => {
    expect(renderContainer({ image: `nginx@${DIGEST}` }).image).toBe(`nginx@${DIGEST}`);
  });

  test('fails when an image has no tag', () => {
    expectValidationError(() => new Deployment(newChart(), 'Web', { containers: [{ image: 'nginx' }] }), {
      problem: /has no tag, which means "latest"/,
      path: 'shop/Web',
      field: 'containers[0].image',
      value: '"nginx"',
      fix: /Pin a version, e\.g\. "nginx:1\.2\.3" or a digest; or set allowLatestTag: true\./,
    });
  });

  test('fails when an image uses the latest tag', () => {
    expect(() => new Deployment(newChart(), 'Web', { containers: [{ image: 'nginx:latest' }] })).toThrow(/containers\[0\]\.image: uses the "latest" tag/);
  });

  test('fails when a container name is not a DNS-1123 label', () => {
    expect(() => new Deployment(newChart(), 'Web', { containers: [{ name: 'Web_App', image: 'nginx:1.27' }] })).toThrow(
      /Deployment 'shop\/Web': containers\[0\]\.name: must be a DNS-1123 label.*got "Web_App"\. Use lower-case letters/,
    );
  });

  test('fails when a port name is longer than 15 characters', () => {
    expectValidationError(() => renderContainer({ image: 'nginx:1.27', ports: [{ number: 80, name: 'http-public-port' }] }), {
      problem: /must be at most 15 lower-case letters/,
      path: 'shop/Web',
      field: 'containers[0].ports[0].name',
      value: '"http-public-port"',
      fix: /Use a short name such as "http"/,
    });
  });

  test('fails when a port name has no letter', () => {
    expect(() => renderContainer({ image: 'nginx:1.27', ports: [{ number: 80, name: '80' }] })).toThrow(/ports\[0\]\.name: .*at least one letter, got "80"/);
  });

  test('fails when a port name holds "--", which the API server refuses in a port name', () => {
    expect(() => renderContainer({ image: 'nginx:1.27', ports: [{ number: 80, name: 'http--alt' }] })).toThrow(/ports\[0\]\.name: must not contain "--", got "http--alt"/);
  });

  test('fails when a port number is outside 1-65535', () => {
    expect(() => renderContainer({ image: 'nginx:1.27', ports: [{ number: 70000 }] })).toThrow(/ports\[0\]\.number: must be a whole number from 1 to 65535, got 70000/);
  });

  test('fails when a port number is declared twice for the same protocol', () => {
    expectValidationError(() => renderContainer({ image: 'nginx:1.27', ports: [{ number: 80 }, { number: 80, name: 'again' }] }), {
      problem: /is already declared/,
      path: 'shop/Web',
      field: 'containers[0].ports[1].number',
      value: '80',
      fix: /Declare each port once/,
    });
  });

  test('the same port number may be declared once per protocol', () => {
    const container = renderContainer({ image: 'coredns:1.11.1', ports: [{ number: 53, name: 'dns-tcp' }, { number: 53, name: 'dns-udp', protocol: Protocol.UDP }] });
    expect(container.ports).toHaveLength(2);
  });

  test('a host port is written as given, and a port without one has none', () => {
    const container = renderContainer({ image: 'registry.k8s.io/ingress-nginx/controller:v1.11.3', ports: [{ number: 8080, name: 'http', hostPort: 80 }, { number: 8443, name: 'https' }] });
    expect(container.ports).toEqual([
      { containerPort: 8080, hostPort: 80, name: 'http', protocol: 'TCP' },
      { containerPort: 8443, name: 'https', protocol: 'TCP' },
    ]);
  });

  test('fails when a host port is outside 1-65535 or opened twice for one protocol', () => {
    expectValidationError(() => renderContainer({ image: 'nginx:1.27', ports: [{ number: 8080, hostPort: 0 }] }), {
      problem: /must be a whole number from 1 to 65535/,
      path: 'shop/Web',
      field: 'containers[0].ports[0].hostPort',
      value: '0',
      fix: /leave hostPort out/,
    });
    expect(() => renderContainer({ image: 'nginx:1.27', ports: [{ number: 8080, hostPort: 80 }, { number: 8081, hostPort: 80 }] })).toThrow(
      /ports\[1\]\.hostPort: is already opened on the node by another port, got 80/,
    );
    expect(renderContainer({ image: 'coredns:1.11.1', ports: [{ number: 53, hostPort: 53 }, { number: 53, hostPort: 53, protocol: Protocol.UDP }] }).ports).toHaveLength(2);
  });

  test('fails when a host port differs from the port number in a pod on the host network', () => {
    const chart = newChart();
    expectValidationError(() => new Deployment(chart, 'Web', { hostNetwork: true, containers: [{ image: 'nginx:1.27', ports: [{ number: 8080, hostPort: 80 }] }] }), {
      problem: /must equal the port number \(8080\) when the pod uses the host network/,
      path: 'shop/Web',
      field: 'containers[0].ports[0].hostPort',
      value: '80',
      fix: /Leave hostPort out/,
    });
    const same = new Deployment(chart, 'Agent', { hostNetwork: true, containers: [{ image: 'nginx:1.27', ports: [{ number: 8080, hostPort: 8080 }] }] });
    expect(same.containers[0]?.ports).toEqual([{ number: 8080, hostPort: 8080 }]);
  });

  test('fails when a port name is used twice', () => {
    expect(() => renderContainer({ image: 'nginx:1.27', ports: [{ number: 80, name: 'http' }, { number: 81, name: 'http' }] })).toThrow(
      /ports\[1\]\.name: is already used by another port, got "http"\. Give each port its own name/,
    );
  });

  test('fails when an environment variable name is invalid', () => {
    expectValidationError(() => renderContainer({ image: 'nginx:1.27', env: { '1BAD': EnvValue.fromValue('x') } }), {
      problem: /is not a valid environment variable name/,
      path: 'shop/Web',
      field: 'containers[0].env.1BAD',
      value: '"1BAD"',
      fix: /not starting with a digit/,
    });
  });

  test('fails when an environment variable is set twice', () => {
    const deployment = new Deployment(newChart(), 'Web', { containers: [{ image: 'nginx:1.27', env: { MODE: EnvValue.fromValue('a') } }] });
    expect(() => deployment.containers[0]!.addEnv('MODE', EnvValue.fromValue('b'))).toThrow(/containers\[0\]\.env\.MODE: is already set, got "MODE"\. Set each variable once\./);
  });

  test('fails at construction when an environment variable reads a ConfigMap key that does not exist', () => {
    const chart = newChart();
    const config = new ConfigMap(chart, 'Config', { data: { url: 'x', mode: 'y' } });
    expectValidationError(() => new Deployment(chart, 'Web', { containers: [{ image: 'nginx:1.27', env: { URL: EnvValue.fromConfigMap(config, 'ulr') } }] }), {
      problem: /names a key that ConfigMap 'config' does not have/,
      path: 'shop/Web',
      field: 'containers[0].env.URL',
      value: '"ulr"',
      fix: /Use one of \["mode","url"\], or add the key to shop\/Config\./,
    });
  });

  test('fails at construction when an environment variable reads a Secret key that does not exist', () => {
    const chart = newChart();
    const secret = new Secret(chart, 'Creds', { data: { password: SecretValue.fromEnv('SHIPSHAPE_TEST_UNUSED') } });
    expect(() => new Deployment(chart, 'Web', { containers: [{ image: 'nginx:1.27', env: { USER: EnvValue.fromSecret(secret, 'username') } }] })).toThrow(
      /containers\[0\]\.env\.USER: names a key that Secret 'creds' does not have, got "username"\. Use one of \["password"\]/,
    );
  });

  test('fails at construction when a key of an existing Secret with known keys does not exist', () => {
    const chart = newChart();
    const existing = Secret.fromSecretName(chart, 'mongo-root', { keys: ['username', 'password'] });
    expect(() => renderContainer({ image: 'nginx:1.27', env: { X: EnvValue.fromSecret(existing, 'token') } })).toThrow(/names a key that Secret 'mongo-root' does not have/);
  });

  test('accepts any key of an existing Secret whose keys are unknown, and optional keys that do not exist', () => {
    const chart = newChart();
    const config = new ConfigMap(chart, 'Config', { data: { url: 'x' } });
    const existing = Secret.fromSecretName(chart, 'mongo-root');
    expect(() => new Deployment(chart, 'Web', {
      containers: [{ image: 'nginx:1.27', env: { A: EnvValue.fromSecret(existing, 'anything'), B: EnvValue.fromConfigMap(config, 'missing', { optional: true }) } }],
    })).not.toThrow();
  });

  test('fails when a probe needs a port and the container declares none', () => {
    expectValidationError(() => renderContainer({ image: 'nginx:1.27', readiness: Probe.httpGet('/ready') }), {
      problem: /has no port to check, and the container declares none/,
      path: 'shop/Web',
      field: 'containers[0].readiness',
      value: '"a probe without a port"',
      fix: /Give the probe a port, or add a port to the container/,
    });
  });

  test('an exec probe needs no port', () => {
    expect(renderContainer({ image: 'redis:7.2', liveness: Probe.exec(['redis-cli', 'ping']) }).livenessProbe).toEqual({ exec: { command: ['redis-cli', 'ping'] } });
  });

  test('fails when a mount path is relative or mounted twice', () => {
    const container = new Deployment(newChart(), 'Web', { containers: [{ image: 'nginx:1.27' }] }).containers[0]!;
    expect(() => container.mount('data', Volume.fromEmptyDir('data'))).toThrow(/containers\[0\]\.mount\.path: must be absolute, got "data"\. Start the path with "\/"/);
    container.mount('/data', Volume.fromEmptyDir('data'));
    expect(() => container.mount('/data', Volume.fromEmptyDir('other'))).toThrow(/mount\.path: already has a volume mounted, got "\/data"/);
  });

  test('mounts declared with the container reach the container and the pod, like mount()', () => {
    const chart = newChart();
    const config = new ConfigMap(chart, 'Config', { data: { 'app.properties': 'a=1' } });
    const job = new Deployment(chart, 'Web', {
      containers: [{
        image: 'nginx:1.27',
        mounts: [
          { path: '/cache', volume: Volume.fromEmptyDir('cache') },
          { path: '/etc/app/app.properties', volume: Volume.fromConfigMap(config), readOnly: true, subPath: 'app.properties' },
        ],
      }],
    });
    job.containers[0]!.mount('/tmp', Volume.fromEmptyDir('tmp'));
    const pod = findObject(Testing.synth(chart), 'Deployment', 'web').spec.template.spec;
    expect(pod.containers[0].volumeMounts).toEqual([
      { mountPath: '/cache', name: 'cache' },
      { mountPath: '/etc/app/app.properties', name: 'config', readOnly: true, subPath: 'app.properties' },
      { mountPath: '/tmp', name: 'tmp' },
    ]);
    expect(pod.volumes.map((volume: { name: string }) => volume.name)).toEqual(['cache', 'config', 'tmp']);
  });

  test('fails when a declared mount is relative, repeated or leaves the volume, naming its index', () => {
    const chart = newChart();
    const data = Volume.fromEmptyDir('data');
    expect(() => new Deployment(chart, 'A', { containers: [{ image: 'nginx:1.27', mounts: [{ path: 'data', volume: data }] }] })).toThrow(/containers\[0\]\.mounts\[0\]\.path: must be absolute, got "data"/);
    expect(() => new Deployment(chart, 'B', { containers: [{ image: 'nginx:1.27', mounts: [{ path: '/d', volume: data }, { path: '/d', volume: data }] }] })).toThrow(/containers\[0\]\.mounts\[1\]\.path: already has a volume mounted, got "\/d"/);
    expect(() => new Deployment(chart, 'C', { containers: [{ image: 'nginx:1.27', mounts: [{ path: '/d', volume: data, subPath: '../x' }] }] })).toThrow(/mounts\[0\]\.subPath: must be a relative path/);
  });

  test('fails when a subPath leaves the volume', () => {
    const container = new Deployment(newChart(), 'Web', { containers: [{ image: 'nginx:1.27' }] }).containers[0]!;
    expect(() => container.mount('/etc/app', Volume.fromEmptyDir('data'), { subPath: '../etc' })).toThrow(/mount\.subPath: must be a relative path without "\.\.", got "\.\.\/etc"/);
    expect(() => container.mount('/etc/app', Volume.fromEmptyDir('data'), { subPath: '/abs' })).toThrow(/mount\.subPath/);
  });

  test('exposes copies of its ports', () => {
    const container = new Deployment(newChart(), 'Web', { containers: [{ image: 'nginx:1.27', ports: [{ number: 80 }] }] }).containers[0]!;
    (container.ports as unknown as unknown[]).push({ number: 81 });
    expect(container.ports).toEqual([{ number: 80 }]);
  });
});
