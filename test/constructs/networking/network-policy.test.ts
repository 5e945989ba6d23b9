import { Testing } from 'cdk8s';
import {
  App, AppChart, Deployment, Environment, Namespace, NetworkPeer, NetworkPolicy, NetworkPolicyType, Protocol, StatefulSet, synthesize,
} from '../../../src';
import { expectValidationError } from '../../helpers/errors';
import { findObject } from '../../helpers/find';

const KUBE_DNS_RULE = {
  to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
  ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }],
};

function setup() {
  const app = new App();
  const chart = new AppChart(new Environment(app, 'dev'), 'shop');
  const db = new StatefulSet(chart, 'Db', { containers: [{ image: 'mongo:7.0.14', ports: [{ number: 27017, name: 'mongodb' }] }] });
  const web = new Deployment(chart, 'Web', { containers: [{ image: 'nginx:1.27.0', ports: [{ number: 8080, name: 'http' }, { number: 5353, name: 'dns', protocol: Protocol.UDP }] }] });
  return { app, chart, db, web };
}

describe('NetworkPolicy', () => {
  test('a minimal policy selects every pod of the namespace and denies all ingress', () => {
    const c = Testing.chart();
    new NetworkPolicy(c, 'DenyAll');
    const [policy] = Testing.synth(c);
    expect(policy.apiVersion).toBe('networking.k8s.io/v1');
    expect(policy.spec).toEqual({ podSelector: {}, policyTypes: ['Ingress'] });
  });

  test('allowFrom(workload, port name) selects the workload by object and lets only its pods in on that port', () => {
    const { app, chart, db, web } = setup();
    new NetworkPolicy(chart, 'DbAccess', { selects: db }).allowFrom(web, 'mongodb');
    const policy = findObject(synthesize(app).manifests, 'NetworkPolicy', 'db-access', 'shop-dev');
    expect(policy.spec).toEqual({
      podSelector: { matchLabels: { 'app.kubernetes.io/name': 'db' } },
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'web' } } }], ports: [{ port: 'mongodb', protocol: 'TCP' }] }],
    });
  });

  test('allowTo() alone isolates egress only, and a named port takes the protocol its container declares', () => {
    const { chart, db, web } = setup();
    const policy = new NetworkPolicy(chart, 'WebOut', { selects: db }).allowTo(web, 'dns');
    expect(policy.policyTypes).toEqual(['Egress']);
    expect(Testing.synth(chart).find((o) => o.kind === 'NetworkPolicy').spec.egress).toEqual([
      { to: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'web' } } }], ports: [{ port: 'dns', protocol: 'UDP' }] },
      KUBE_DNS_RULE,
    ]);
  });

  test('a policy that isolates egress keeps DNS reachable, unless the chart\'s isolation already does or it is told not to', () => {
    const egressOf = (build: (chart: AppChart) => void, isolated: boolean): unknown[] => {
      const app = new App();
      const chart = new AppChart(app, 'shop', { networkIsolation: isolated });
      build(chart);
      return findObject(synthesize(app).manifests, 'NetworkPolicy', 'out').spec.egress;
    };
    const site = NetworkPeer.ipBlock('203.0.113.0/24');
    expect(egressOf((c) => new NetworkPolicy(c, 'Out').allowTo(site, 443), false)).toEqual([{ to: [{ ipBlock: { cidr: '203.0.113.0/24' } }], ports: [{ port: 443, protocol: 'TCP' }] }, KUBE_DNS_RULE]);
    expect(egressOf((c) => new NetworkPolicy(c, 'Out').allowTo(site, 443), true)).toEqual([{ to: [{ ipBlock: { cidr: '203.0.113.0/24' } }], ports: [{ port: 443, protocol: 'TCP' }] }]);
    expect(egressOf((c) => new NetworkPolicy(c, 'Out', { allowDns: false }).allowTo(site, 443), false)).toHaveLength(1);
    expect(egressOf((c) => new NetworkPolicy(c, 'Out').allowTo(NetworkPeer.ipBlock('10.96.0.10/32'), { port: 53, protocol: Protocol.UDP }), false)).toHaveLength(1);
    expect(egressOf((c) => new NetworkPolicy(c, 'Out').allowTo(NetworkPeer.anywhere()), false)).toEqual([{}]);
    expect(egressOf((c) => new NetworkPolicy(c, 'Out', { allowDns: true }).allowTo(site, 443), true)).toHaveLength(2);
  });

  test('a workload of another namespace is selected together with its namespace', () => {
    const { app, chart, db } = setup();
    const other = new AppChart(app, 'monitoring');
    const prometheus = new Deployment(other, 'Prometheus', { containers: [{ image: 'prom/prometheus:v2.53.0', ports: [{ number: 9090 }] }] });
    const policy = new NetworkPolicy(chart, 'Scrape', { selects: db }).allowFrom(prometheus);
    expect(policy.policyTypes).toEqual(['Ingress']);
    const written = findObject(synthesize(app).manifests, 'NetworkPolicy', 'scrape');
    expect(written.spec.ingress).toEqual([
      { from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } }, podSelector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } } }] },
    ]);
  });

  test('a policy renders every prop: both directions, every kind of peer and port, explicit policy types', () => {
    const { app, chart, db, web } = setup();
    new NetworkPolicy(chart, 'Everything', {
      name: 'everything',
      labels: { team: 'shop' },
      annotations: { note: 'x' },
      selects: web,
      policyTypes: [NetworkPolicyType.INGRESS, NetworkPolicyType.EGRESS],
      allowDns: true,
      allowFrom: [
        { peer: NetworkPeer.namespace('ingress-nginx', { podLabels: { 'app.kubernetes.io/name': 'ingress-nginx' } }), ports: ['http'] },
        { peer: new Namespace(chart, 'Team', { name: 'team' }) },
        { peer: NetworkPeer.namespacesWithLabels({ monitoring: 'true' }), ports: [8080] },
        { peer: NetworkPeer.anywhere(), ports: [{ port: 5353, protocol: Protocol.UDP }] },
      ],
      allowTo: [
        { peer: db, ports: [27017] },
        { peer: NetworkPeer.ipBlock('10.0.0.0/8', ['10.1.0.0/16']), ports: [{ port: 8000, endPort: 8100 }] },
        { peer: NetworkPeer.ipBlock('2001:db8::/32') },
        { peer: NetworkPeer.podsWithLabels({ role: 'cache' }, { namespace: 'caches' }), ports: [{ protocol: Protocol.UDP }] },
        { peer: NetworkPeer.podsWithLabels({ role: 'local' }) },
        { peer: NetworkPeer.sameNamespace() },
        { peer: NetworkPeer.allNamespaces(), ports: [443] },
      ],
    });
    const policy = findObject(synthesize(app).manifests, 'NetworkPolicy', 'everything');
    expect(policy.metadata).toMatchObject({ labels: { team: 'shop' }, annotations: { note: 'x' } });
    expect(policy.spec).toEqual({
      podSelector: { matchLabels: { 'app.kubernetes.io/name': 'web' } },
      policyTypes: ['Egress', 'Ingress'],
      ingress: [
        { from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } }, podSelector: { matchLabels: { 'app.kubernetes.io/name': 'ingress-nginx' } } }], ports: [{ port: 'http', protocol: 'TCP' }] },
        { from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'team' } } }] },
        { from: [{ namespaceSelector: { matchLabels: { monitoring: 'true' } } }], ports: [{ port: 8080, protocol: 'TCP' }] },
        { ports: [{ port: 5353, protocol: 'UDP' }] },
      ],
      egress: [
        { to: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'db' } } }], ports: [{ port: 27017, protocol: 'TCP' }] },
        { to: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } }], ports: [{ port: 8000, endPort: 8100, protocol: 'TCP' }] },
        { to: [{ ipBlock: { cidr: '2001:db8::/32' } }] },
        { to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'caches' } }, podSelector: { matchLabels: { role: 'cache' } } }], ports: [{ protocol: 'UDP' }] },
        { to: [{ podSelector: { matchLabels: { role: 'local' } } }] },
        { to: [{ podSelector: {} }] },
        { to: [{ namespaceSelector: {} }], ports: [{ port: 443, protocol: 'TCP' }] },
        KUBE_DNS_RULE,
      ],
    });
  });

  test('rules added after construction still reach the output', () => {
    const { app, chart, db, web } = setup();
    const policy = new NetworkPolicy(chart, 'Late', { selects: db });
    policy.allowFrom(web);
    expect(findObject(synthesize(app).manifests, 'NetworkPolicy', 'late').spec.ingress).toHaveLength(1);
  });

  describe('refuses', () => {
    test('a port the selected pods do not declare, naming the ones they do', () => {
      const { db, web, chart } = setup();
      const policy = new NetworkPolicy(chart, 'P', { selects: db });
      expectValidationError(() => policy.allowFrom(web, 'http'), {
        path: 'dev/shop/P', field: 'allowFrom(#1).ports[0].port', value: '"http"', problem: /is not a port that the pods of StatefulSet db declare/, fix: /27017 \(mongodb\)\/TCP/,
      });
    });
    test('a port number of the peer under the wrong protocol', () => {
      const { db, web, chart } = setup();
      const policy = new NetworkPolicy(chart, 'P', { selects: db });
      expectValidationError(() => policy.allowTo(web, { port: 8080, protocol: Protocol.UDP }), {
        path: 'dev/shop/P', field: 'allowTo(#1).ports[0].port', value: '8080', problem: /is not a UDP port that the pods of Deployment web declare/, fix: /8080 \(http\)\/TCP/,
      });
    });
    test('a port outside 1-65535', () => {
      const c = Testing.chart();
      expectValidationError(() => new NetworkPolicy(c, 'P').allowFrom(NetworkPeer.anywhere(), 0), {
        path: 'test/P', field: 'allowFrom(#1).ports[0].port', value: '0', problem: /from 1 to 65535/, fix: /port number/,
      });
    });
    test('an invalid port name', () => {
      expectValidationError(() => new NetworkPolicy(Testing.chart(), 'P').allowFrom(NetworkPeer.anywhere(), 'Not_A_Name'), {
        path: 'test/P', field: 'allowFrom(#1).ports[0].port', value: '"Not_A_Name"', problem: /not a valid port name/, fix: /name a container port declares/,
      });
    });
    test('an endPort without a numeric port', () => {
      expectValidationError(() => new NetworkPolicy(Testing.chart(), 'P').allowTo(NetworkPeer.anywhere(), { port: 'http', endPort: 90 }), {
        path: 'test/P', field: 'allowTo(#1).ports[0].endPort', value: '90', problem: /needs a numeric port/, fix: /remove endPort/,
      });
    });
    test('an endPort before the port', () => {
      expectValidationError(() => new NetworkPolicy(Testing.chart(), 'P').allowTo(NetworkPeer.anywhere(), { port: 90, endPort: 80 }), {
        path: 'test/P', field: 'allowTo(#1).ports[0].endPort', value: '80', problem: /from 90 to 65535/, fix: /last port/,
      });
    });
    test('a rule for a direction the explicit policy types leave out', () => {
      expectValidationError(() => new NetworkPolicy(Testing.chart(), 'P', { policyTypes: [NetworkPolicyType.INGRESS] }).allowTo(NetworkPeer.anywhere()), {
        path: 'test/P', field: 'allowTo(#1)', value: '"Egress"', problem: /does not isolate/, fix: /NetworkPolicyType\.EGRESS/,
      });
    });
    test('empty policy types', () => {
      expectValidationError(() => new NetworkPolicy(Testing.chart(), 'P', { policyTypes: [] }), { path: 'test/P', field: 'policyTypes', value: '[]', problem: /must not be empty/, fix: /leave policyTypes out/ });
    });
    test('a direction listed twice', () => {
      expectValidationError(() => new NetworkPolicy(Testing.chart(), 'P', { policyTypes: [NetworkPolicyType.EGRESS, NetworkPolicyType.EGRESS] }), {
        path: 'test/P', field: 'policyTypes', value: '["Egress","Egress"]', problem: /twice/, fix: /once/,
      });
    });
    test('the same connection twice', () => {
      const { db, web, chart } = setup();
      const policy = new NetworkPolicy(chart, 'P', { selects: db }).allowFrom(web, 27017);
      expectValidationError(() => policy.allowFrom(web, 27017), { path: 'dev/shop/P', field: 'allowFrom(#2)', value: '"pods of Deployment web"', problem: /already allowed/, fix: /once/ });
    });
    test('a workload of another namespace as the selected pods', () => {
      const { app, db } = setup();
      expectValidationError(() => new NetworkPolicy(new AppChart(app, 'other'), 'P', { selects: db }), {
        path: 'other/P', field: 'selects', value: '"dev/shop/Db"', problem: /lives in namespace shop-dev/, fix: /chart of dev\/shop\/Db/,
      });
    });
    test('a peer with a problem, reported with the policy path', () => {
      expectValidationError(() => new NetworkPolicy(Testing.chart(), 'P').allowTo(NetworkPeer.ipBlock('10.0.0.1/8')), {
        path: 'test/P', field: 'allowTo(#1).peer', value: '"IP block 10.0.0.1/8"', problem: /host bits/, fix: /NetworkPeer/,
      });
    });
  });
});
