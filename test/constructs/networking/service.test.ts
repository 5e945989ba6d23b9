import { App, Testing } from 'cdk8s';
import { AppChart, Deployment, Protocol, Service, ServiceType, synthesize } from '../../../src';
import { expectValidationError } from '../../helpers/errors';
import { findObject } from '../../helpers/find';

function setup() {
  const app = new App();
  const chart = new AppChart(app, 'shop');
  const web = new Deployment(chart, 'Web', { containers: [{ image: 'nginx:1.27', ports: [{ number: 8080, name: 'http' }, { number: 9090, name: 'metrics' }] }] });
  return { app, chart, web };
}

describe('Service', () => {
  test('a Service that selects a workload publishes its pods\' ports by default', () => {
    const { app, chart, web } = setup();
    new Service(chart, 'WebService', { selects: web });
    const service = findObject(synthesize(app).manifests, 'Service', 'web-service');
    expect(service.spec).toEqual({
      type: 'ClusterIP',
      selector: { 'app.kubernetes.io/name': 'web' },
      ports: [
        { port: 8080, targetPort: 8080, name: 'http', protocol: 'TCP' },
        { port: 9090, targetPort: 9090, name: 'metrics', protocol: 'TCP' },
      ],
    });
  });

  test('default ports follow containers added after the Service', () => {
    const { chart, web } = setup();
    const service = new Service(chart, 'WebService', { selects: web });
    web.addContainer({ name: 'dns', image: 'coredns:1.11.1', ports: [{ number: 53, name: 'dns', protocol: Protocol.UDP }] });
    expect(service.ports.map((port) => port.port)).toEqual([8080, 9090, 53]);
  });

  test('a Service renders every prop it is given', () => {
    const { app, chart, web } = setup();
    new Service(chart, 'Public', {
      name: 'public',
      type: ServiceType.LOAD_BALANCER,
      selects: web,
      ports: [{ port: 80, targetPort: 'http', nodePort: 30080 }, { port: 9100, targetPort: 9090, name: 'prom' }],
      labels: { exposure: 'public' },
      annotations: { 'service.beta.kubernetes.io/aws-load-balancer-type': 'nlb' },
    });
    const service = findObject(synthesize(app).manifests, 'Service', 'public');
    expect(service.metadata.annotations).toEqual({ 'service.beta.kubernetes.io/aws-load-balancer-type': 'nlb' });
    expect(service.metadata.labels).toMatchObject({ exposure: 'public' });
    expect(service.spec).toEqual({
      type: 'LoadBalancer',
      selector: { 'app.kubernetes.io/name': 'web' },
      ports: [
        { port: 80, targetPort: 'http', name: 'http', protocol: 'TCP', nodePort: 30080 },
        { port: 9100, targetPort: 9090, name: 'prom', protocol: 'TCP' },
      ],
    });
  });

  test('a NodePort Service takes a node port in range', () => {
    const { chart, web } = setup();
    new Service(chart, 'Node', { type: ServiceType.NODE_PORT, selects: web, ports: [{ port: 8080, nodePort: 32767 }] });
    expect(findObject(Testing.synth(chart), 'Service', 'node').spec).toMatchObject({ type: 'NodePort', ports: [{ nodePort: 32767 }] });
  });

  test('a headless Service has clusterIP None and may have no ports', () => {
    const { app, chart } = setup();
    new Service(chart, 'Peers', { headless: true });
    expect(findObject(synthesize(app).manifests, 'Service', 'peers').spec).toEqual({ type: 'ClusterIP', clusterIP: 'None', ports: [] });
  });

  test('a Service without a selector takes any ports, for endpoints managed elsewhere', () => {
    const { chart } = setup();
    new Service(chart, 'External', { ports: [{ port: 5432 }] });
    const spec = findObject(Testing.synth(chart), 'Service', 'external').spec;
    expect(spec).not.toHaveProperty('selector');
    expect(spec.ports).toEqual([{ port: 5432, targetPort: 5432, protocol: 'TCP' }]);
  });

  test('unnamed ports of a Service with several ports get port-<number> names', () => {
    const { chart } = setup();
    new Service(chart, 'Multi', { ports: [{ port: 80 }, { port: 443 }] });
    expect(findObject(Testing.synth(chart), 'Service', 'multi').spec.ports.map((port: { name: string }) => port.name)).toEqual(['port-80', 'port-443']);
  });

  test('fails at construction when a port targets a port the selected pods do not expose', () => {
    const { chart, web } = setup();
    expectValidationError(() => new Service(chart, 'WebService', { selects: web, ports: [{ port: 80 }] }), {
      problem: /is not a TCP port that the pods of Deployment web expose/,
      path: 'shop/WebService',
      field: 'ports[0].port',
      value: '80',
      fix: /Target one of 8080 \(http\), 9090 \(metrics\), or add the port to a container of shop\/Web\./,
    });
  });

  test('fails when a named target port is not a port name of the selected pods', () => {
    const { chart, web } = setup();
    expect(() => new Service(chart, 'WebService', { selects: web, ports: [{ port: 80, targetPort: 'htp' }] })).toThrow(
      /Service 'shop\/WebService': ports\[0\]\.targetPort: is not a TCP port that the pods of Deployment web expose, got "htp"/,
    );
  });

  test('fails when the selected pods declare no ports at all', () => {
    const { chart } = setup();
    const worker = new Deployment(chart, 'Worker', { containers: [{ image: 'busybox:1.36' }] });
    expect(() => new Service(chart, 'WorkerService', { selects: worker, ports: [{ port: 80 }] })).toThrow(/Add the port to a container of shop\/Worker \(its containers declare no ports\)/);
  });

  test('fails at synthesis when a Service that is not headless has no ports', () => {
    const { app, chart } = setup();
    new Service(chart, 'Empty');
    expect(() => synthesize(app)).toThrow(/Service 'shop\/Empty': ports: must not be empty for a Service that is not headless, got \[\]\. Add a port/);
  });

  test('fails when a node port is outside 30000-32767', () => {
    const { chart, web } = setup();
    expectValidationError(() => new Service(chart, 'Node', { type: ServiceType.NODE_PORT, selects: web, ports: [{ port: 8080, nodePort: 8080 }] }), {
      problem: /must be in the node port range 30000-32767/,
      path: 'shop/Node',
      field: 'ports[0].nodePort',
      value: '8080',
      fix: /Pick a free port in that range, or leave it to the cluster\./,
    });
  });

  test('fails when a ClusterIP Service is given a node port', () => {
    const { chart, web } = setup();
    expect(() => new Service(chart, 'Internal', { selects: web, ports: [{ port: 8080, nodePort: 30080 }] })).toThrow(/ports\[0\]\.nodePort: only applies to NodePort and LoadBalancer Services, got 30080/);
  });

  test('fails when a port number is out of range or declared twice', () => {
    const { chart } = setup();
    expect(() => new Service(chart, 'A', { ports: [{ port: 0 }] })).toThrow(/ports\[0\]\.port: must be a whole number from 1 to 65535, got 0/);
    expect(() => new Service(chart, 'B', { ports: [{ port: 80 }, { port: 80 }] })).toThrow(/ports\[1\]\.port: is already a port of this Service, got 80/);
  });

  test('fails when a Service is named with a leading digit, which Kubernetes before 1.36 (a default target) refuses', () => {
    const { chart } = setup();
    expect(() => new Service(chart, 'Auth', { name: '2fa', ports: [{ port: 80 }] })).toThrow(
      /Service 'shop\/Auth': name: must start with a letter: Kubernetes before 1\.36 requires a DNS-1035 label for a Service.*got "2fa"\. Use a name such as "svc-2fa"/,
    );
    expect(() => new Service(chart, 'Upper', { name: 'Web_UI', ports: [{ port: 80 }] })).toThrow(/name: must be a DNS-1035 label.*got "Web_UI"\. Use a name such as "web-ui"/);
  });

  test('fails when a Service\'s generated name would start with a digit, naming the id to change', () => {
    const { chart } = setup();
    expect(() => new Service(chart, '2fa', { ports: [{ port: 80 }] })).toThrow(/Service 'shop\/2fa': name: \(generated from the construct path\) must start with a letter.*got "2fa"\. Give the construct an id that starts with a letter, or set name, e.g\. "svc-2fa"/);
  });

  test('a Service name with digits after its first letter is accepted, and so are other kinds named with a leading digit', () => {
    const { app, chart } = setup();
    new Service(chart, 'Api', { name: 'api2-v1', ports: [{ port: 80 }] });
    new Deployment(chart, '2fa', { containers: [{ image: 'nginx:1.27', ports: [{ number: 8080 }] }] });
    const manifests = synthesize(app).manifests;
    expect(findObject(manifests, 'Service', 'api2-v1').metadata.name).toBe('api2-v1');
    expect(findObject(manifests, 'Deployment', '2fa').metadata.name).toBe('2fa');
  });

  test('fails when a headless Service is not ClusterIP', () => {
    const { chart } = setup();
    expect(() => new Service(chart, 'Peers', { headless: true, type: ServiceType.NODE_PORT })).toThrow(/Service 'shop\/Peers': headless: cannot be combined with type NodePort, got true/);
  });
});

test('fails when a Service targets a port the pods expose only for another protocol', () => {
  const app = Testing.app();
  const chart = new AppChart(app, 'dns');
  const server = new Deployment(chart, 'Server', { containers: [{ image: 'coredns/coredns:1.11.3', ports: [{ number: 53, name: 'dns', protocol: Protocol.UDP }] }] });
  expect(() => new Service(chart, 'Tcp', { selects: server, ports: [{ port: 53 }] })).toThrow(/ports\[0\]\.port: is not a TCP port that the pods of Deployment server expose, got 53/);
  expect(new Service(chart, 'Udp', { selects: server, ports: [{ port: 53, protocol: Protocol.UDP }] }).ports[0]?.name).toBe('dns');
});

describe('ExternalName Service', () => {
  test('a minimal ExternalName Service is a DNS alias with no selector and no ports, accepted by validation', () => {
    const app = new App();
    const chart = new AppChart(app, 'shop');
    const service = new Service(chart, 'Payments', { externalName: 'payments.example.com' });
    expect(service.type).toBe(ServiceType.EXTERNAL_NAME);
    const written = findObject(synthesize(app).manifests, 'Service', 'payments');
    expect(written.spec).toEqual({ type: 'ExternalName', externalName: 'payments.example.com', ports: [] });
  });

  test('an ExternalName Service renders every prop: explicit type, a fully qualified name and ports', () => {
    const app = new App();
    const chart = new AppChart(app, 'shop');
    new Service(chart, 'Db', { name: 'db', type: ServiceType.EXTERNAL_NAME, externalName: 'db.prod.example.com.', ports: [{ port: 5432, name: 'postgres' }] });
    expect(findObject(synthesize(app).manifests, 'Service', 'db').spec).toEqual({
      type: 'ExternalName',
      externalName: 'db.prod.example.com.',
      ports: [{ port: 5432, targetPort: 5432, name: 'postgres', protocol: 'TCP' }],
    });
  });

  describe('refuses', () => {
    test('an ExternalName type without externalName', () => {
      expectValidationError(() => new Service(Testing.chart(), 'S', { type: ServiceType.EXTERNAL_NAME }), {
        path: 'test/S', field: 'externalName', value: 'nothing', problem: /is required/, fix: /db\.example\.com/,
      });
    });
    test('externalName on another type', () => {
      expectValidationError(() => new Service(Testing.chart(), 'S', { type: ServiceType.CLUSTER_IP, externalName: 'a.example.com', ports: [{ port: 80 }] }), {
        path: 'test/S', field: 'externalName', value: '"a.example.com"', problem: /only applies to ExternalName Services, not ClusterIP/, fix: /Remove type/,
      });
    });
    test('a selector', () => {
      const { chart, web } = setup();
      expectValidationError(() => new Service(chart, 'S', { externalName: 'a.example.com', selects: web }), {
        path: 'shop/S', field: 'selects', value: '"shop/Web"', problem: /has no pods/, fix: /Remove selects/,
      });
    });
    test('an IP address', () => {
      expectValidationError(() => new Service(Testing.chart(), 'S', { externalName: '10.0.0.7' }), {
        path: 'test/S', field: 'externalName', value: '"10.0.0.7"', problem: /is an IP address/, fix: /EndpointSlice/,
      });
    });
    test('a name that is not a DNS name', () => {
      expectValidationError(() => new Service(Testing.chart(), 'S', { externalName: 'https://db.example.com' }), {
        path: 'test/S', field: 'externalName', value: '"https://db.example.com"', problem: /not a DNS name/, fix: /without scheme/,
      });
    });
    test('a node port', () => {
      expectValidationError(() => new Service(Testing.chart(), 'S', { externalName: 'a.example.com', ports: [{ port: 80, nodePort: 30080 }] }), {
        path: 'test/S', field: 'ports[0].nodePort', value: '30080', problem: /only applies to NodePort/, fix: /NODE_PORT/,
      });
    });
  });
});
