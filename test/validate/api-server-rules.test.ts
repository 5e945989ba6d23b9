import { validateYaml } from '../../src/validate';

const rbac = (kind: string, name: string): string =>
  `apiVersion: rbac.authorization.k8s.io/v1\nkind: ${kind}\nmetadata:\n  name: ${JSON.stringify(name)}\n${kind.endsWith('Binding') ? 'roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}\nsubjects: [{kind: Group, apiGroup: rbac.authorization.k8s.io, name: g}]\n' : 'rules: []\n'}`;

const nameErrors = (text: string) =>
  validateYaml([{ file: 'x.yaml', text }], { kubernetesVersions: ['1.36'] }).problems.filter((problem) => problem.ruleId === 'api/name');

describe('API-server rules: names', () => {
  test.each(['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding'])('a %s name is a path segment, as the server checks it: system:foo is valid', (kind) => {
    expect(nameErrors(rbac(kind, 'system:controller:foo'))).toEqual([]);
  });

  test.each(['Role', 'ClusterRoleBinding'])('a %s named with "/" or ".." is refused', (kind) => {
    expect(nameErrors(rbac(kind, 'a/b')).map((problem) => problem.message)).toEqual([expect.stringMatching(/must not contain "\/" or "%".*path segment name/)]);
    expect(nameErrors(rbac(kind, '..'))).toHaveLength(1);
  });

  test('other kinds keep the DNS-1123 subdomain rule', () => {
    expect(nameErrors('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: "system:foo"\n')).toHaveLength(1);
  });
});
