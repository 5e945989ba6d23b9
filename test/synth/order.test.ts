/** Apply order: what others depend on comes first. */
import { applyRank, compareForApply } from '../../src/synth';

const object = (kind: string, name: string, namespace?: string) => ({ apiVersion: 'v1', kind, metadata: { name, namespace } });

describe('apply order', () => {
  test('Namespaces, cluster-scoped kinds, configuration, Services, workloads, then Ingresses', () => {
    const kinds = ['Ingress', 'Deployment', 'Service', 'Secret', 'ClusterRole', 'Namespace', 'PersistentVolumeClaim', 'HorizontalPodAutoscaler'];
    const sorted = kinds.map((kind) => object(kind, 'x')).sort(compareForApply).map((o) => o.kind);
    expect(sorted).toEqual(['Namespace', 'ClusterRole', 'Secret', 'PersistentVolumeClaim', 'Service', 'Deployment', 'HorizontalPodAutoscaler', 'Ingress']);
  });

  test('custom resources come after built-in kinds, so their CRDs and namespaces exist first', () => {
    expect(applyRank('Certificate')).toBeGreaterThan(applyRank('Ingress'));
    expect(applyRank('CustomResourceDefinition')).toBeLessThan(applyRank('ConfigMap'));
  });

  test('objects of one kind are ordered by namespace, then name', () => {
    const sorted = [object('Service', 'b', 'ns1'), object('Service', 'a', 'ns2'), object('Service', 'a', 'ns1')].sort(compareForApply);
    expect(sorted.map((o) => `${o.metadata.namespace}/${o.metadata.name}`)).toEqual(['ns1/a', 'ns1/b', 'ns2/a']);
  });
});
