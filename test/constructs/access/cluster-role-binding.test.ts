import { Testing } from 'cdk8s';
import { App, AppChart, ClusterRole, ClusterRoleBinding, Identity, Role, ServiceAccount, synthesize } from '../../../src';
import { expectValidationError } from '../../helpers/errors';
import { findObject } from '../../helpers/find';

describe('ClusterRoleBinding', () => {
  test('a minimal ClusterRoleBinding gives a ClusterRole to a ServiceAccount in every namespace', () => {
    const app = new App();
    const chart = new AppChart(app, 'ops');
    const role = new ClusterRole(chart, 'NamespaceLister').allow(['list'], 'namespaces');
    new ClusterRoleBinding(chart, 'Listers', { role, subjects: [new ServiceAccount(chart, 'Lister')] });
    const binding = findObject(synthesize(app).manifests, 'ClusterRoleBinding', 'listers');
    expect(binding.metadata.namespace).toBeUndefined();
    expect(binding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'namespace-lister' });
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'lister', namespace: 'ops' }]);
  });

  test('a ClusterRoleBinding renders every prop and marks existing roles and accounts external', () => {
    const app = new App();
    const chart = new AppChart(app, 'ops');
    new ClusterRoleBinding(chart, 'Admins', {
      name: 'system:shop-admins',
      labels: { team: 'ops' },
      annotations: { note: 'break-glass' },
      role: ClusterRole.fromName('cluster-admin'),
      subjects: [Identity.user('oncall@example.com'), Identity.serviceAccount('ci', 'deployer')],
    });
    const binding = findObject(synthesize(app).manifests, 'ClusterRoleBinding', 'system:shop-admins');
    expect(binding.metadata.labels).toMatchObject({ team: 'ops' });
    expect(binding.metadata.annotations).toEqual({ note: 'break-glass', 'validate.shipshape.io/external': 'ClusterRole/cluster-admin, ServiceAccount/deployer' });
    expect(binding.subjects).toHaveLength(2);
  });

  describe('refuses', () => {
    test('a Role', () => {
      expectValidationError(() => new ClusterRoleBinding(Testing.chart(), 'B', { role: Role.fromName('reader'), subjects: [Identity.user('jane')] }), {
        path: 'test/B', field: 'role', value: '"Role reader (existing)"', problem: /can only refer to a ClusterRole/, fix: /RoleBinding/,
      });
    });
    test('a ServiceAccount without a namespace', () => {
      const c = Testing.chart();
      const account = new ServiceAccount(c, 'Loose');
      expectValidationError(() => new ClusterRoleBinding(c, 'B', { role: ClusterRole.fromName('view'), subjects: [account] }), {
        path: 'test/B', field: 'subjects[0]', value: '"test/Loose"', problem: /without a namespace/, fix: /Identity\.serviceAccount/,
      });
    });
    test('a ClusterRoleBinding without subjects, at synthesis', () => {
      const app = new App();
      new ClusterRoleBinding(new AppChart(app, 'ops'), 'Nobody', { role: ClusterRole.fromName('view') });
      expect(() => synthesize(app)).toThrow(/ClusterRoleBinding 'ops\/Nobody': subjects: none were added/);
    });
  });
});
