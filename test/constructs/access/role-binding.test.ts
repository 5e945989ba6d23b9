import { Testing } from 'cdk8s';
import { App, AppChart, ClusterRole, Environment, Identity, Role, RoleBinding, ServiceAccount, synthesize } from '../../../src';
import { expectValidationError } from '../../helpers/errors';
import { findObject } from '../../helpers/find';

describe('RoleBinding', () => {
  test('a minimal RoleBinding gives a Role to a ServiceAccount of its namespace', () => {
    const app = new App();
    const chart = new AppChart(new Environment(app, 'dev'), 'shop');
    const role = new Role(chart, 'Reader').allowRead('configmaps');
    new RoleBinding(chart, 'ReaderBinding', { role, subjects: [new ServiceAccount(chart, 'App')] });
    const binding = findObject(synthesize(app).manifests, 'RoleBinding', 'reader-binding', 'shop-dev');
    expect(binding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'reader' });
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'app', namespace: 'shop-dev' }]);
    expect(binding.metadata.annotations).toBeUndefined();
  });

  test('a RoleBinding renders every prop; a ClusterRole bound in a namespace, and existing roles and accounts, are marked external for validation', () => {
    const app = new App();
    const chart = new AppChart(app, 'shop');
    const binding = new RoleBinding(chart, 'Viewers', {
      name: 'system:viewers',
      labels: { team: 'shop' },
      annotations: { note: 'read-only access for the team' },
      role: ClusterRole.fromName('view'),
      subjects: [Identity.group('shop-team')],
    });
    binding.addSubject(Identity.serviceAccount('ci', 'deployer'));
    const written = findObject(synthesize(app).manifests, 'RoleBinding', 'system:viewers');
    expect(written.metadata.labels).toMatchObject({ team: 'shop' });
    expect(written.metadata.annotations).toEqual({ note: 'read-only access for the team', 'validate.shipshape.io/external': 'ClusterRole/view, ServiceAccount/deployer' });
    expect(written.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' });
    expect(binding.subjects).toEqual([
      { kind: 'Group', name: 'shop-team', apiGroup: 'rbac.authorization.k8s.io' },
      { kind: 'ServiceAccount', name: 'deployer', namespace: 'ci' },
    ]);
  });

  describe('refuses', () => {
    test('a Role of another namespace', () => {
      const app = new App();
      const role = new Role(new AppChart(app, 'other'), 'R').allowRead('pods');
      expectValidationError(() => new RoleBinding(new AppChart(app, 'shop'), 'B', { role }), {
        path: 'shop/B', field: 'role', value: '"other/R"', problem: /Role of namespace other/, fix: /namespace other/,
      });
    });
    test('the same subject twice', () => {
      const c = Testing.chart();
      const binding = new RoleBinding(c, 'B', { role: Role.fromName('r'), subjects: [Identity.user('jane')] });
      expectValidationError(() => binding.addSubject(Identity.user('jane')), { path: 'test/B', field: 'subjects[1]', value: '"User jane"', problem: /already a subject/, fix: /once/ });
    });
    test('an empty user name', () => {
      expectValidationError(() => new RoleBinding(Testing.chart(), 'B', { role: Role.fromName('r'), subjects: [Identity.user(' ')] }), {
        path: 'test/B', field: 'subjects[0]', value: '"User  "', problem: /must not be empty/, fix: /Identity/,
      });
    });
    test('an empty group name', () => {
      expectValidationError(() => new RoleBinding(Testing.chart(), 'B', { role: Role.fromName('r'), subjects: [Identity.group('')] }), {
        path: 'test/B', field: 'subjects[0]', value: '"Group "', problem: /must not be empty/, fix: /Identity/,
      });
    });
    test('an existing ServiceAccount with an invalid namespace or name', () => {
      expectValidationError(() => new RoleBinding(Testing.chart(), 'B', { role: Role.fromName('r'), subjects: [Identity.serviceAccount('Bad_NS', 'x')] }), {
        path: 'test/B', field: 'subjects[0]', value: '"ServiceAccount Bad_NS/x"', problem: /not a DNS-1123 label/, fix: /Identity/,
      });
      expectValidationError(() => new RoleBinding(Testing.chart(), 'B', { role: Role.fromName('r'), subjects: [Identity.serviceAccount('ns', 'Bad_Name')] }), {
        path: 'test/B', field: 'subjects[0]', value: '"ServiceAccount ns/Bad_Name"', problem: /DNS-1123 subdomain/, fix: /Identity/,
      });
    });
    test('a binding without subjects, at synthesis', () => {
      const app = new App();
      new RoleBinding(new AppChart(app, 'shop'), 'Nobody', { role: ClusterRole.fromName('view') });
      expect(() => synthesize(app)).toThrow(/RoleBinding 'shop\/Nobody': subjects: none were added/);
    });
  });
});
