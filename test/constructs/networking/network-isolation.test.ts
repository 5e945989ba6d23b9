import { App, AppChart, Environment, NetworkIsolation, NetworkPeer, synthesize, Testing } from '../../../src';
import { findObject, findObjects } from '../../helpers/find';

describe('NetworkIsolation', () => {
  test('by default it denies all ingress and allows egress only to DNS and the namespace itself', () => {
    const app = new App();
    const chart = new AppChart(new Environment(app, 'dev'), 'shop', { networkIsolation: true });
    expect(chart.networkIsolation).toBeInstanceOf(NetworkIsolation);
    const manifests = synthesize(app).manifests;
    expect(findObject(manifests, 'NetworkPolicy', 'default-deny-ingress', 'shop-dev').spec).toEqual({ podSelector: {}, policyTypes: ['Ingress'] });
    expect(findObject(manifests, 'NetworkPolicy', 'default-deny-egress', 'shop-dev').spec).toEqual({
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [
        {
          to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
          ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }],
        },
        { to: [{ podSelector: {} }] },
      ],
    });
  });

  test('every option: ingress only, or egress with another DNS', () => {
    const ingressOnly = new NetworkIsolation(Testing.chart(), 'I', { egress: false });
    expect(ingressOnly.ingressPolicy).toBeDefined();
    expect(ingressOnly.egressPolicy).toBeUndefined();
    const c = Testing.chart();
    const egressOnly = new NetworkIsolation(c, 'E', { ingress: false, dns: [NetworkPeer.ipBlock('169.254.20.10/32')], dnsPort: 5353 });
    expect(egressOnly.ingressPolicy).toBeUndefined();
    const [policy] = Testing.synth(c);
    expect(policy.spec.egress[0]).toEqual({ to: [{ ipBlock: { cidr: '169.254.20.10/32' } }], ports: [{ port: 5353, protocol: 'UDP' }, { port: 5353, protocol: 'TCP' }] });
  });

  test('an Environment sets it for its charts, and a chart can still decide', () => {
    const app = new App();
    const environment = new Environment(app, 'prod', { networkIsolation: { egress: false } });
    new AppChart(environment, 'isolated');
    new AppChart(environment, 'open', { networkIsolation: false });
    const policies = findObjects(synthesize(app).manifests, 'NetworkPolicy').map((policy) => `${policy.metadata.namespace}/${policy.metadata.name}`);
    expect(policies).toEqual(['isolated-prod/default-deny-ingress']);
  });

  test('charts are not isolated unless asked', () => {
    const app = new App();
    new AppChart(new Environment(app, 'dev'), 'shop');
    expect(findObjects(synthesize(app).manifests, 'NetworkPolicy')).toEqual([]);
  });
});
