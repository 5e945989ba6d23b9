import { App, Testing } from 'cdk8s';
import { AppChart, Deployment, EXTERNAL_REFERENCES_ANNOTATION, Ingress, PathType, Secret, SecretType, SecretValue, Service, synthesize } from '../../../src';
import { withEnv } from '../../helpers/env';
import { expectValidationError } from '../../helpers/errors';
import { findObject } from '../../helpers/find';

function setup() {
  const app = new App();
  const chart = new AppChart(app, 'shop');
  const web = new Deployment(chart, 'Web', { containers: [{ image: 'nginx:1.27', ports: [{ number: 8080, name: 'http' }, { number: 9090, name: 'metrics' }] }] });
  const service = new Service(chart, 'WebService', { name: 'web', selects: web, ports: [{ port: 80, targetPort: 'http' }] });
  const both = new Service(chart, 'Both', { selects: web });
  return { app, chart, service, both };
}

describe('Ingress', () => {
  test('a minimal Ingress routes every host and path to the only port of a Service', () => {
    const { app, chart, service } = setup();
    new Ingress(chart, 'Public', { rules: [{ service }] });
    expect(findObject(synthesize(app).manifests, 'Ingress', 'public').spec).toEqual({
      rules: [{ http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } }] } }],
    });
  });

  test('an Ingress renders hosts, paths, TLS from a TLS Secret and the class name', () => {
    const { app, chart, service, both } = setup();
    const tls = new Secret(chart, 'Tls', { type: SecretType.TLS, data: { 'tls.crt': SecretValue.fromEnv('SHIPSHAPE_TEST_CRT'), 'tls.key': SecretValue.fromEnv('SHIPSHAPE_TEST_KEY') } });
    const ingress = new Ingress(chart, 'Public', {
      className: 'nginx',
      rules: [{ host: 'shop.example.com', service }],
      tls: [{ hosts: ['shop.example.com'], secret: tls }],
    });
    ingress.addRule({ host: 'shop.example.com', path: '/metrics', pathType: PathType.EXACT, service: both, port: 9090 });
    ingress.addRule({ host: '*.shop.example.com', service });
    const output = withEnv({ SHIPSHAPE_TEST_CRT: 'crt', SHIPSHAPE_TEST_KEY: 'key' }, () => synthesize(app).manifests);
    expect(findObject(output, 'Ingress', 'public').spec).toEqual({
      ingressClassName: 'nginx',
      tls: [{ hosts: ['shop.example.com'], secretName: 'tls' }],
      rules: [
        {
          host: 'shop.example.com',
          http: {
            paths: [
              { path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } },
              { path: '/metrics', pathType: 'Exact', backend: { service: { name: 'both', port: { number: 9090 } } } },
            ],
          },
        },
        { host: '*.shop.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } }] } },
      ],
    });
  });

  test('an Ingress with TLS from an existing Secret marks it as an external reference', () => {
    const { chart, service } = setup();
    new Ingress(chart, 'Public', { rules: [{ host: 'shop.example.com', service }], tls: [{ hosts: ['shop.example.com'], secret: Secret.fromSecretName(chart, 'shop-tls', { type: SecretType.TLS }) }] });
    expect(findObject(Testing.synth(chart), 'Ingress', 'public').metadata.annotations?.[EXTERNAL_REFERENCES_ANNOTATION]).toBe('Secret/shop-tls');
  });

  test('fails when an Ingress points at a port the Service does not expose', () => {
    const { chart, service } = setup();
    expectValidationError(() => new Ingress(chart, 'Public', { rules: [{ service, port: 8080 }] }), {
      problem: /is not a port of Service 'web'/,
      path: 'shop/Public',
      field: 'rules[0].port',
      value: '8080',
      fix: /Use one of \[80\]\./,
    });
  });

  test('fails when no port is given and the Service has several', () => {
    const { chart, both } = setup();
    expect(() => new Ingress(chart, 'Public', { rules: [{ service: both }] })).toThrow(/rules\[0\]\.port: must be given because Service 'both' has 2 ports, got nothing\. Pick one of \[8080,9090\]\./);
  });

  test('fails when TLS uses a Secret that is not a TLS Secret', () => {
    const { chart, service } = setup();
    const basic = Secret.fromSecretName(chart, 'login', { type: SecretType.BASIC_AUTH });
    expectValidationError(() => new Ingress(chart, 'Public', { rules: [{ service }], tls: [{ hosts: ['shop.example.com'], secret: basic }] }), {
      problem: /is a Secret of type kubernetes\.io\/basic-auth, not kubernetes\.io\/tls/,
      path: 'shop/Public',
      field: 'tls[0].secret',
      value: '"login"',
      fix: /Use a Secret of type SecretType\.TLS with tls\.crt and tls\.key\./,
    });
  });

  test('fails when an Opaque Secret written by the app is used for TLS', () => {
    const { chart, service } = setup();
    const opaque = new Secret(chart, 'NotTls');
    expect(() => new Ingress(chart, 'Public', { rules: [{ service }], tls: [{ hosts: ['a.example.com'], secret: opaque }] })).toThrow(/tls\[0\]\.secret: is a Secret of type Opaque/);
  });

  test('fails when TLS lists no hosts', () => {
    const { chart, service } = setup();
    expect(() => new Ingress(chart, 'Public', { rules: [{ service }], tls: [{ hosts: [], secret: Secret.fromSecretName(chart, 'x') }] })).toThrow(/tls\[0\]\.hosts: must list at least one host/);
  });

  test('fails when a host is not a DNS name', () => {
    const { chart, service } = setup();
    expectValidationError(() => new Ingress(chart, 'Public', { rules: [{ host: 'https://shop.example.com', service }] }), {
      problem: /is not a valid host name/,
      path: 'shop/Public',
      field: 'rules[0].host',
      value: '"https://shop.example.com"',
      fix: /no scheme, port or path/,
    });
  });

  test('fails when a path does not start with a slash', () => {
    const { chart, service } = setup();
    expect(() => new Ingress(chart, 'Public', { rules: [{ path: 'api', service }] })).toThrow(/rules\[0\]\.path: must start with "\/", got "api"\. Use "\/api"\./);
  });

  test('fails when a host and path are routed twice', () => {
    const { chart, service } = setup();
    const ingress = new Ingress(chart, 'Public', { rules: [{ host: 'a.example.com', service }] });
    expect(() => ingress.addRule({ host: 'a.example.com', service })).toThrow(/rules\[1\]\.path: is already routed for host a\.example\.com/);
  });

  test('fails at synthesis when an Ingress has no rules', () => {
    const { app, chart } = setup();
    new Ingress(chart, 'Public');
    expect(() => synthesize(app)).toThrow(/Ingress 'shop\/Public': rules: none were added/);
  });
});

describe('Ingress default backend', () => {
  const backendSetup = () => {
    const app = new App();
    const chart = new AppChart(app, 'shop');
    const web = new Deployment(chart, 'Web', { containers: [{ image: 'nginx:1.27.0', ports: [{ number: 8080, name: 'http' }, { number: 9090, name: 'admin' }] }] });
    const single = new Service(chart, 'Fallback', { selects: web, ports: [{ port: 80, targetPort: 'http' }] });
    const several = new Service(chart, 'Several', { selects: web });
    return { app, chart, single, several };
  };

  test('an Ingress may have only a default backend, on the Service\'s only port', () => {
    const { app, chart, single } = backendSetup();
    new Ingress(chart, 'CatchAll', { defaultBackend: { service: single } });
    expect(findObject(synthesize(app).manifests, 'Ingress', 'catch-all').spec).toEqual({ defaultBackend: { service: { name: 'fallback', port: { number: 80 } } } });
  });

  test('a default backend beside rules, on a chosen port', () => {
    const { app, chart, single, several } = backendSetup();
    new Ingress(chart, 'Both', { rules: [{ host: 'shop.example.com', service: single }], defaultBackend: { service: several, port: 9090 } });
    const spec = findObject(synthesize(app).manifests, 'Ingress', 'both').spec;
    expect(spec.defaultBackend).toEqual({ service: { name: 'several', port: { number: 9090 } } });
    expect(spec.rules).toHaveLength(1);
  });

  test('refuses a default backend port the Service does not have', () => {
    const { chart, single } = backendSetup();
    expectValidationError(() => new Ingress(chart, 'Bad', { defaultBackend: { service: single, port: 8080 } }), {
      path: 'shop/Bad', field: 'defaultBackend.port', value: '8080', problem: /is not a port of Service 'fallback'/, fix: /\[80\]/,
    });
  });

  test('refuses a default backend without port when the Service has several', () => {
    const { chart, several } = backendSetup();
    expectValidationError(() => new Ingress(chart, 'Bad', { defaultBackend: { service: several } }), {
      path: 'shop/Bad', field: 'defaultBackend.port', value: 'nothing', problem: /has 2 ports/, fix: /8080,9090/,
    });
  });
});
