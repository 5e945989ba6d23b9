import { KubeObject, Manifest } from '../../src/manifest/kube-object';
import { applyRank, describeObject, orderForApply } from '../../src/deploy/order';
import { isClusterScoped } from '../../src/manifest/cluster-scoped';

function manifest(kind: string, name: string, namespace?: string): Manifest {
  const object: KubeObject = { apiVersion: 'v1', kind, metadata: { name, ...(namespace ? { namespace } : {}) } };
  return { object };
}

describe('orderForApply', () => {
  test('puts Namespaces first, then config, Services, workloads and Ingresses', () => {
    const input = [
      manifest('Ingress', 'web', 'shop'),
      manifest('Deployment', 'web', 'shop'),
      manifest('Service', 'web', 'shop'),
      manifest('Secret', 'db', 'shop'),
      manifest('ConfigMap', 'web', 'shop'),
      manifest('PersistentVolumeClaim', 'data', 'shop'),
      manifest('Namespace', 'shop'),
    ];
    expect(orderForApply(input).map((m) => m.object.kind)).toEqual([
      'Namespace', 'Secret', 'ConfigMap', 'PersistentVolumeClaim', 'Service', 'Deployment', 'Ingress',
    ]);
  });

  test('keeps the synthesized order among objects of the same rank', () => {
    const input = [manifest('ConfigMap', 'b', 'x'), manifest('Secret', 'a', 'x'), manifest('ConfigMap', 'a', 'x')];
    expect(orderForApply(input).map((m) => m.object.metadata.name)).toEqual(['b', 'a', 'a']);
  });

  test('places unknown cluster-scoped kinds before namespaced ones and custom resources after Ingresses', () => {
    expect(applyRank(manifest('StorageClass', 'fast').object)).toBeLessThan(applyRank(manifest('ConfigMap', 'c', 'x').object));
    expect(applyRank(manifest('Widget', 'w', 'x').object)).toBeGreaterThan(applyRank(manifest('Ingress', 'i', 'x').object));
    expect(applyRank(manifest('Widget', 'w', 'x').object)).toBeGreaterThan(applyRank(manifest('Deployment', 'd', 'x').object));
  });
});

describe('describeObject', () => {
  test('names namespaced objects with their Namespace and cluster-scoped ones without', () => {
    expect(describeObject(manifest('Deployment', 'web', 'shop').object)).toBe('Deployment shop/web');
    expect(describeObject(manifest('Namespace', 'shop').object)).toBe('Namespace shop');
    expect(isClusterScoped('ClusterRole')).toBe(true);
  });
});
