import type { KubeObject } from '../../src/manifest/kube-object';
import { validateManifests, type ValidateOptions } from '../../src/validate';

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
