import { App } from 'cdk8s';
import { AppChart, ConfigMap, Environment, Namespace, Role, Service } from '../../src';
import { isDns1123Label, isDns1123Subdomain, labelValueFault, nameFault, NameRule, portNameFault, qualifiedNameFault, suggestName } from '../../src/manifest/name-rules';
import { validateYaml } from '../../src/validate';

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

describe('suggestName: one suggestion for constructs and validation', () => {
  /** The name a construct's error suggests for a bad name, and the name the validator's fix suggests for the same name in a manifest. */
  const suggestions = (kind: 'ConfigMap' | 'Namespace' | 'Service' | 'Role', name: string): { construct: string | undefined; validation: string | undefined } => {
    let message = '';
    try {
      const chart = new AppChart(new Environment(new App(), 'dev'), 'shop');
      if (kind === 'ConfigMap') new ConfigMap(chart, 'Config', { name });
      else if (kind === 'Namespace') new Namespace(chart, 'Team', { name });
      else if (kind === 'Role') new Role(chart, 'Reader', { name });
      else new Service(chart, 'Web', { name, ports: [{ port: 80 }] });
    } catch (error) {
      message = String(error);
    }
    const manifest = kind === 'Role' ? `apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: ${JSON.stringify(name)}, namespace: shop}\n` : `apiVersion: v1\nkind: ${kind}\nmetadata: {name: ${JSON.stringify(name)}}\n${kind === 'Service' ? 'spec: {ports: [{port: 80}]}\n' : ''}`;
    const problem = validateYaml([{ file: 'names.yaml', text: manifest }], { policies: false, kubernetesVersions: ['1.27', '1.36'] }).problems.find((found) => found.ruleId === 'api/name');
    return { construct: /Use a name such as "([^"]*)"/.exec(message)?.[1], validation: /e\.g\. "([^"]*)"/.exec(problem?.fix ?? '')?.[1] };
  };

  test.each([
    ['ConfigMap', 'MongoExpress', 'mongo-express'],
    ['ConfigMap', 'Mongo_Express', 'mongo-express'],
    ['ConfigMap', 'Web.V2_Config', 'web.v2-config'],
    ['Namespace', 'team.Payments', 'team-payments'],
    ['Namespace', `${'x'.repeat(70)}`, 'x'.repeat(63)],
    ['Namespace', `${'ab-'.repeat(21)}cd`, `${'ab-'.repeat(20)}ab`],
    ['Service', 'Web_UI', 'web-ui'],
    ['Service', '2fa', 'svc-2fa'],
    ['Service', '2FA_Auth', 'svc-2-fa-auth'],
    ['Role', 'team/reader', 'team-reader'],
  ] as const)('a %s named %j gets the suggestion %j from both layers', (kind, name, expected) => {
    expect(suggestions(kind, name)).toEqual({ construct: expected, validation: expected });
  });

  test('keeps the rule it is asked for, and gives nothing when no letter or digit is left', () => {
    expect(suggestName('Shop.Example_COM', NameRule.DNS_SUBDOMAIN)).toBe('shop.example-com');
    expect(suggestName('Shop.Example_COM', NameRule.DNS_LABEL)).toBe('shop-example-com');
    expect(suggestName('7seas', NameRule.DNS_LABEL)).toBe('7seas');
    expect(suggestName('7seas', NameRule.DNS_1035_LABEL)).toBe('svc-7seas');
    expect(suggestName('system:controller/x', NameRule.PATH_SEGMENT)).toBe('system:controller-x');
    expect(suggestName('web-server', NameRule.DNS_LABEL, 4)).toBe('web');
    expect(suggestName('__', NameRule.DNS_LABEL)).toBeUndefined();
    expect(suggestName('..', NameRule.PATH_SEGMENT)).toBeUndefined();
    for (const rule of Object.values(NameRule)) {
      for (const bad of ['Mongo_Express', '9Lives.Web', `${'Ab_'.repeat(100)}`, 'a/b%c']) {
        const suggestion = suggestName(bad, rule);
        expect(suggestion === undefined ? undefined : nameFault(suggestion, rule)).toBeUndefined();
      }
    }
  });
});
