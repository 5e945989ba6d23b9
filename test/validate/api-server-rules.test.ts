import type { KubeObject } from '../../src/manifest/kube-object';
import { validateManifests, validateYaml, type ValidateOptions } from '../../src/validate';

const problemsOf = (object: Record<string, unknown>, options: ValidateOptions = {}) =>
  validateManifests([{ object: object as KubeObject }], { policies: false, references: false, ...options }).problems;

const podWithInit = (init: Record<string, unknown>) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p' },
  spec: { initContainers: [{ name: 'proxy', image: 'envoyproxy/envoy:v1.31.2', ...init }], containers: [{ name: 'main', image: 'nginx:1.27.0' }] },
});

describe('API-server rules: native sidecars', () => {
  test('a native sidecar is refused for Kubernetes 1.27 with a clear reason, besides the unknown field', () => {
    const problems = problemsOf(podWithInit({ restartPolicy: 'Always' }));
    const sidecar = problems.filter((problem) => problem.ruleId === 'api/native-sidecar-version');
    expect(sidecar).toHaveLength(1);
    expect(sidecar[0]).toMatchObject({ severity: 'error', kubernetesVersions: ['1.27'], fieldPath: 'spec.initContainers[0].restartPolicy' });
    expect(sidecar[0]!.message).toMatch(/need Kubernetes 1\.29 or later/);
    expect(problems.map((problem) => problem.ruleId).sort()).toEqual(['api/native-sidecar-version', 'schema/unknown-field']);
  });

  test('a native sidecar is accepted when every target is 1.29 or later, and a plain init container everywhere', () => {
    expect(problemsOf(podWithInit({ restartPolicy: 'Always' }), { kubernetesVersions: ['1.36'] })).toEqual([]);
    expect(problemsOf(podWithInit({}))).toEqual([]);
  });
});

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

  test('a Service name starting with a digit is refused for Kubernetes 1.27 and accepted by 1.36 (RelaxedServiceNameValidation)', () => {
    const service = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: 1web\nspec:\n  ports: [{port: 80}]\n';
    const names = (versions: Array<'1.27' | '1.36'>) =>
      validateYaml([{ file: 'x.yaml', text: service }], { kubernetesVersions: versions }).problems.filter((problem) => problem.ruleId === 'api/name');
    expect(names(['1.36'])).toEqual([]);
    const refused = names(['1.27', '1.36']);
    expect(refused.map((problem) => [problem.kubernetesVersions, problem.severity])).toEqual([[['1.27'], 'error']]);
    expect(refused[0]!.message).toMatch(/start with a letter.*DNS-1035 label before Kubernetes 1\.36/);
    expect(refused[0]!.fix).toMatch(/"svc-1web"/);
  });

  test('a Service name that no version accepts is one problem, naming the strictest rule the targets apply', () => {
    const service = (name: string) => `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\nspec:\n  ports: [{port: 80}]\n`;
    const both = validateYaml([{ file: 'x.yaml', text: service('Web_1') }], { kubernetesVersions: ['1.27', '1.36'] }).problems.filter((problem) => problem.ruleId === 'api/name');
    expect(both.map((problem) => [problem.kubernetesVersions, problem.message])).toEqual([[undefined, expect.stringMatching(/Service names must be a DNS-1035 label/)]]);
    expect(nameErrors(service('Web_1')).map((problem) => problem.message)).toEqual([expect.stringMatching(/Service names must be a DNS-1123 label/)]);
  });

  test('other kinds keep the DNS-1123 subdomain rule', () => {
    expect(nameErrors('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: "system:foo"\n')).toHaveLength(1);
  });
});
