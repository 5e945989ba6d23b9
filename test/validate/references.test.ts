import type { KubeObject, Manifest } from '../../src/manifest/kube-object';
import { validateManifests } from '../../src/validate';

const container = { name: 'web', image: 'nginx:1.27.0', ports: [{ containerPort: 8080, name: 'http' }], securityContext: { runAsNonRoot: true, allowPrivilegeEscalation: false } };
const web = (podSpec: Record<string, unknown> = {}, labels: Record<string, string> = { app: 'web' }): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web' },
  spec: { selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [container], ...podSpec } } },
});
const errors = (objects: KubeObject[]) =>
  validateManifests(objects.map((object): Manifest => ({ object })), { policies: false }).problems.filter((problem) => problem.severity === 'error');

describe('reference checks', () => {
  test('optional ConfigMap and Secret references may be missing', () => {
    const podSpec = {
      containers: [{ ...container, envFrom: [{ configMapRef: { name: 'maybe', optional: true } }], env: [{ name: 'X', valueFrom: { secretKeyRef: { name: 's', key: 'k', optional: true } } }] }],
      volumes: [{ name: 'v', secret: { secretName: 'certs', optional: true } }],
    };
    expect(errors([web(podSpec)])).toEqual([]);
  });

  test('a Service selecting pods by a subset of their labels matches, one selecting an extra label does not', () => {
    const service = (selector: Record<string, string>): KubeObject => ({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { selector, ports: [{ port: 80, targetPort: 'http' }] } });
    expect(errors([web({}, { app: 'web', tier: 'front' }), service({ app: 'web' })])).toEqual([]);
    expect(errors([web(), service({ app: 'web', tier: 'front' })]).map((problem) => problem.ruleId)).toEqual(['reference/service-selects-nothing']);
  });

  test('references do not cross namespaces', () => {
    const config: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'other' }, data: {} };
    const namespaces: KubeObject[] = ['other', 'shop'].map((name) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } }));
    const deployment = web({ containers: [{ ...container, envFrom: [{ configMapRef: { name: 'settings' } }] }] });
    const inShop = { ...deployment, metadata: { name: 'web', namespace: 'shop' } };
    expect(errors([...namespaces, config, inShop]).map((problem) => problem.ruleId)).toEqual(['reference/missing-configmap']);
  });

  test('an Ingress TLS Secret issued by cert-manager need not be in the output', () => {
    const ingress: KubeObject = {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: 'web', annotations: { 'cert-manager.io/cluster-issuer': 'letsencrypt' } },
      // The server wants rules or a default backend; a resource backend refers to nothing the checks look for.
      spec: { tls: [{ hosts: ['a.example.com'], secretName: 'a-tls' }], defaultBackend: { resource: { apiGroup: 'k8s.example.com', kind: 'Bucket', name: 'static' } } },
    };
    expect(errors([ingress])).toEqual([]);
  });

  test('a duplicate names where the first object came from', () => {
    const config: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } };
    const report = validateManifests([{ object: config, constructPath: 'prod/a/c' }, { object: config, constructPath: 'prod/b/c' }]);
    expect(report.problems).toEqual([expect.objectContaining({ ruleId: 'reference/duplicate-object', constructPath: 'prod/b/c', message: expect.stringContaining('also at prod/a/c') })]);
  });

  test('the same name in two API groups is not a duplicate', () => {
    const a: KubeObject = { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'x' }, spec: { podSelector: {} } };
    const b: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } };
    expect(errors([a, b])).toEqual([]);
  });

  test('a budget that allows no disruption is a warning', () => {
    const budget: KubeObject = { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'web' }, spec: { maxUnavailable: 0, selector: { matchLabels: { app: 'web' } } } };
    const report = validateManifests([{ object: web() }, { object: budget }], { policies: false });
    expect(report.problems.map((problem) => [problem.ruleId, problem.severity])).toEqual([['reference/pdb-blocks-eviction', 'warning']]);
  });
});
