import { isDns1123Label, isDns1123Subdomain, labelValueFault, nameFault, NameRule, portNameFault, qualifiedNameFault } from '../../src/manifest/name-rules';

describe('nameFault', () => {
  test('accepts what each rule allows', () => {
    expect(nameFault('web-1', NameRule.DNS_LABEL)).toBeUndefined();
    expect(nameFault('web.example.com', NameRule.DNS_SUBDOMAIN)).toBeUndefined();
    expect(nameFault('web', NameRule.DNS_1035_LABEL)).toBeUndefined();
    expect(nameFault('system:controller:foo', NameRule.PATH_SEGMENT)).toBeUndefined();
  });

  test('counts the empty name as a character fault of the DNS rules, as the server does, and lets a path segment be empty', () => {
    expect(nameFault('', NameRule.DNS_LABEL)).toEqual({ kind: 'characters' });
    expect(nameFault('', NameRule.DNS_SUBDOMAIN)).toEqual({ kind: 'characters' });
    expect(nameFault('', NameRule.PATH_SEGMENT)).toBeUndefined();
  });

  test('tells a leading digit of a Service name apart from other DNS-1035 faults', () => {
    expect(nameFault('2fa', NameRule.DNS_1035_LABEL)).toEqual({ kind: 'leading-digit' });
    expect(nameFault('web.v2', NameRule.DNS_1035_LABEL)).toEqual({ kind: 'characters' });
    expect(nameFault('2fa', NameRule.DNS_LABEL)).toBeUndefined();
  });

  test('applies each rule its own length limit, or a tighter one when asked', () => {
    expect(nameFault('a'.repeat(64), NameRule.DNS_LABEL)).toEqual({ kind: 'too-long', limit: 63 });
    expect(nameFault('a'.repeat(64), NameRule.DNS_SUBDOMAIN)).toBeUndefined();
    expect(nameFault('a'.repeat(254), NameRule.DNS_SUBDOMAIN)).toEqual({ kind: 'too-long', limit: 253 });
    expect(nameFault('a'.repeat(1000), NameRule.PATH_SEGMENT)).toBeUndefined();
    expect(nameFault('a'.repeat(53), NameRule.DNS_LABEL, 52)).toEqual({ kind: 'too-long', limit: 52 });
  });

  test('refuses the path segments the server refuses', () => {
    expect(nameFault('..', NameRule.PATH_SEGMENT)).toEqual({ kind: 'dot-segment' });
    expect(nameFault('a/b', NameRule.PATH_SEGMENT)).toEqual({ kind: 'slash-or-percent' });
    expect(nameFault('a%2f', NameRule.PATH_SEGMENT)).toEqual({ kind: 'slash-or-percent' });
  });

  test('the predicates follow the label and subdomain rules, length included', () => {
    expect(isDns1123Label('a.b')).toBe(false);
    expect(isDns1123Label('a'.repeat(64))).toBe(false);
    expect(isDns1123Subdomain('a.b')).toBe(true);
    expect(isDns1123Subdomain('A.b')).toBe(false);
  });
});

describe('label and port name rules', () => {
  test('a label key may have a subdomain prefix and a name part of 1-63 characters', () => {
    expect(qualifiedNameFault('app.kubernetes.io/name')).toBeUndefined();
    expect(qualifiedNameFault('/name')).toBe('prefix');
    expect(qualifiedNameFault('Example.com/name')).toBe('prefix');
    expect(qualifiedNameFault('example.com/')).toBe('name-length');
    expect(qualifiedNameFault('a'.repeat(64))).toBe('name-length');
    expect(qualifiedNameFault('-name')).toBe('name-characters');
  });

  test('a label value may be empty but not longer than 63 characters', () => {
    expect(labelValueFault('')).toBeUndefined();
    expect(labelValueFault('v1.2_x')).toBeUndefined();
    expect(labelValueFault('a'.repeat(64))).toBe('too-long');
    expect(labelValueFault('a b')).toBe('characters');
  });

  test('a port name is an IANA service name', () => {
    expect(portNameFault('http')).toBeUndefined();
    expect(portNameFault('http-public-port')).toBe('too-long');
    expect(portNameFault('Http')).toBe('characters');
    expect(portNameFault('http--alt')).toBe('double-dash');
    expect(portNameFault('8080')).toBe('no-letter');
  });
});
