import { Namespace, NetworkPeer, Testing } from '../../../src';

describe('NetworkPeer', () => {
  test('a namespace peer selects by the kubernetes.io/metadata.name label the API server sets', () => {
    expect(NetworkPeer.namespace(new Namespace(Testing.chart(), 'N', { name: 'team' })).render('shop')).toEqual({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'team' } } });
  });

  test('pods by labels stay in the policy namespace unless another is given', () => {
    expect(NetworkPeer.podsWithLabels({ a: 'b' }, { namespace: 'shop' }).render('shop')).toEqual({ podSelector: { matchLabels: { a: 'b' } } });
    expect(NetworkPeer.podsWithLabels({ a: 'b' }, { namespace: new Namespace(Testing.chart(), 'N', { name: 'x' }) }).render('shop')).toEqual({
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'x' } }, podSelector: { matchLabels: { a: 'b' } },
    });
  });

  test('anywhere renders no peer at all', () => {
    expect(NetworkPeer.anywhere().render('shop')).toBeUndefined();
  });

  test.each([
    ['10.0.0.0/8', undefined],
    ['0.0.0.0/0', undefined],
    ['192.168.1.128/25', undefined],
    ['::/0', undefined],
    ['2001:db8::/32', undefined],
    ['::ffff:10.0.0.0/104', undefined],
    ['10.0.0.1/8', /host bits/],
    ['2001:db8::1/32', /host bits/],
    ['10.0.0.0', /CIDR notation/],
    ['10.0.0.0/33', /CIDR notation/],
    ['300.0.0.0/8', /CIDR notation/],
    ['example.com/8', /CIDR notation/],
  ])('ipBlock %s', (cidr, problem) => {
    const found = NetworkPeer.ipBlock(cidr).problem;
    if (problem === undefined) expect(found).toBeUndefined();
    else expect(found).toMatch(problem);
  });

  test('except entries must lie strictly inside the block', () => {
    expect(NetworkPeer.ipBlock('10.0.0.0/8', ['10.1.0.0/16', '10.255.255.0/24']).problem).toBeUndefined();
    expect(NetworkPeer.ipBlock('10.0.0.0/8', ['11.0.0.0/16']).problem).toMatch(/not strictly inside 10\.0\.0\.0\/8/);
    expect(NetworkPeer.ipBlock('10.0.0.0/8', ['10.0.0.0/8']).problem).toMatch(/not strictly inside/);
    expect(NetworkPeer.ipBlock('10.0.0.0/8', ['2001:db8::/32']).problem).toMatch(/not strictly inside/);
    expect(NetworkPeer.ipBlock('10.0.0.0/8', ['10.0.0.1/16']).problem).toMatch(/except entry "10\.0\.0\.1\/16", which has host bits/);
  });

  test('bad namespaces and labels, and selectors that would select everything, are problems', () => {
    expect(NetworkPeer.namespace('Bad_NS').problem).toMatch(/not a DNS-1123 label/);
    expect(NetworkPeer.namespace('ok', { podLabels: { 'bad key!': 'x' } }).problem).toMatch(/has label/);
    expect(NetworkPeer.podsWithLabels({}).problem).toMatch(/NetworkPeer\.sameNamespace\(\)/);
    expect(NetworkPeer.podsWithLabels({ a: 'b' }, { namespace: 'Bad' }).problem).toMatch(/not a DNS-1123 label/);
    expect(NetworkPeer.namespacesWithLabels({}).problem).toMatch(/NetworkPeer\.allNamespaces\(\)/);
    expect(NetworkPeer.namespacesWithLabels({ a: 'not valid value!' }).problem).toMatch(/has label/);
  });
});
