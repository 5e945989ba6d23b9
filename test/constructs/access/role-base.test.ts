import { Testing } from 'cdk8s';
import { ConfigMap, Role } from '../../../src';

describe('RoleBase grants', () => {
  test('allowWrite grants create on types but not on named objects, and allowReadWrite grants both sets', () => {
    const c = Testing.chart();
    const settings = new ConfigMap(c, 'Settings', { data: { a: '1' } });
    const role = new Role(c, 'R').allowWrite(settings, 'jobs.batch');
    expect(role.rules).toEqual([
      { apiGroups: [''], resources: ['configmaps'], resourceNames: ['settings'], verbs: ['delete', 'patch', 'update'] },
      { apiGroups: ['batch'], resources: ['jobs'], verbs: ['create', 'delete', 'patch', 'update'] },
    ]);
    const both = new Role(c, 'Both').allowReadWrite(settings);
    expect(both.rules).toEqual([{ apiGroups: [''], resources: ['configmaps'], resourceNames: ['settings'], verbs: ['delete', 'get', 'list', 'patch', 'update', 'watch'] }]);
  });

  test('special verbs are known: impersonating one ServiceAccount, binding roles', () => {
    const c = Testing.chart();
    const role = new Role(c, 'R').allow(['impersonate'], 'serviceaccounts').allow(['bind', 'escalate'], 'roles.rbac.authorization.k8s.io');
    expect(role.rules).toEqual([
      { apiGroups: [''], resources: ['serviceaccounts'], verbs: ['impersonate'] },
      { apiGroups: ['rbac.authorization.k8s.io'], resources: ['roles'], verbs: ['bind', 'escalate'] },
    ]);
  });

  test('the rules are written in the Role and grants made after construction reach the output', () => {
    const c = Testing.chart();
    const role = new Role(c, 'R');
    role.allow(['get'], 'pods');
    const [written] = Testing.synth(c);
    expect(written.rules).toEqual([{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }]);
  });
});
