import { Identity } from '../../../src';

describe('Identity', () => {
  test('users and groups are written with the RBAC API group, ServiceAccounts with their namespace', () => {
    expect(Identity.user('jane@example.com').toSubject()).toEqual({ kind: 'User', name: 'jane@example.com', apiGroup: 'rbac.authorization.k8s.io' });
    expect(Identity.group('system:serviceaccounts:ci').toSubject()).toEqual({ kind: 'Group', name: 'system:serviceaccounts:ci', apiGroup: 'rbac.authorization.k8s.io' });
    expect(Identity.serviceAccount('monitoring', 'prometheus').toSubject()).toEqual({ kind: 'ServiceAccount', name: 'prometheus', namespace: 'monitoring' });
    expect(Identity.serviceAccount('monitoring', 'prometheus').problem).toBeUndefined();
  });

  test('a bad name is kept as a problem that the binding reports with its own path', () => {
    expect(Identity.user('').problem).toMatch(/must not be empty/);
    expect(Identity.serviceAccount('ns', 'a/b').problem).toMatch(/DNS-1123 subdomain/);
  });
});
