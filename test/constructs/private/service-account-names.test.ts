import { App } from 'cdk8s';
import { AppChart, Identity, ServiceAccount, ShipshapeError } from '../../../src';
import { serviceAccountNameFaults } from '../../../src/constructs/private/service-account-names';

/** Names and namespaces at and across the edges of both rules. */
const CASES: ReadonlyArray<readonly [string, string]> = [
  ['prometheus', 'monitoring'],
  ['agent.v2', 'platform'],
  [`a${'b'.repeat(252)}`, `n${'s'.repeat(62)}`],
  [`a${'b'.repeat(253)}`, 'platform'],
  ['agent', `n${'s'.repeat(63)}`],
  ['Platform_Agent', 'platform'],
  ['agent', 'platform.system'],
  ['', 'platform'],
  ['agent', ''],
  ['-agent', 'Bad_NS'],
];

/** What `fromServiceAccountName` says of a name and namespace: the field it refuses, or undefined. */
function factoryVerdict(name: string, namespace: string): string | undefined {
  try {
    ServiceAccount.fromServiceAccountName(new AppChart(new App(), 'shop'), 'Agent', name, { namespace });
    return undefined;
  } catch (error) {
    if (!(error instanceof ShipshapeError)) throw error;
    return /: (name|namespace): /.exec(error.message)?.[1] ?? error.message;
  }
}

describe('serviceAccountNameFaults', () => {
  test('a name is a DNS-1123 subdomain and a namespace a DNS-1123 label; every fault is listed, the name first', () => {
    expect(serviceAccountNameFaults('prometheus', 'monitoring')).toEqual([]);
    expect(serviceAccountNameFaults('prometheus', undefined)).toEqual([]);
    expect(serviceAccountNameFaults('Bad_Name', 'Bad_NS')).toEqual([
      { field: 'name', value: 'Bad_Name', rule: 'DNS-1123 subdomain' },
      { field: 'namespace', value: 'Bad_NS', rule: 'DNS-1123 label' },
    ]);
  });

  test('Identity.serviceAccount and ServiceAccount.fromServiceAccountName accept and refuse the same names and namespaces', () => {
    const verdicts = CASES.map(([name, namespace]) => {
      const problem = Identity.serviceAccount(namespace, name).problem;
      return { name, namespace, identityRefuses: problem !== undefined, factoryRefuses: factoryVerdict(name, namespace) };
    });
    expect(verdicts.map((verdict) => verdict.identityRefuses)).toEqual(verdicts.map((verdict) => verdict.factoryRefuses !== undefined));
    expect(verdicts.map((verdict) => verdict.factoryRefuses)).toEqual([undefined, undefined, undefined, 'name', 'namespace', 'name', 'namespace', 'name', 'namespace', 'name']);
  });

  test('Identity.serviceAccount reports a bad name and a bad namespace together', () => {
    expect(Identity.serviceAccount('Bad_NS', '-agent').problem).toBe('is not a DNS-1123 subdomain (a ServiceAccount name); has namespace "Bad_NS", which is not a DNS-1123 label');
  });
});
