/** The one apply order shared by synthesis and `shipshape apply`. */
import { App, Chart } from 'cdk8s';
import { ConfigMap, synthesize } from '../../src';
import {
  applyRank,
  compareForApply,
  DependencyCycleError,
  DEPENDS_ON_ANNOTATION,
  orderWithDependencies,
} from '../../src/manifest/apply-order';
import { applyRank as deployRank, orderForApply } from '../../src/deploy/order';
import { applyRank as synthRank } from '../../src/synth';
import { KubeObject } from '../../src/manifest/kube-object';

const object = (kind: string, name: string, namespace?: string, apiVersion = 'v1'): KubeObject => ({
  apiVersion,
  kind,
  metadata: { name, ...(namespace === undefined ? {} : { namespace }) },
});

describe('apply order', () => {
  test('Namespaces, CRDs, cluster-scoped kinds, configuration, Services, workloads, Ingresses, then custom resources', () => {
    const kinds = ['Certificate', 'Ingress', 'Deployment', 'Service', 'Secret', 'ClusterRole', 'CustomResourceDefinition', 'Namespace', 'PersistentVolumeClaim', 'HorizontalPodAutoscaler'];
    const sorted = kinds.map((kind) => object(kind, 'x', 'ns')).sort(compareForApply).map((o) => o.kind);
    expect(sorted).toEqual([
      'Namespace', 'CustomResourceDefinition', 'ClusterRole', 'Secret', 'PersistentVolumeClaim', 'Service', 'Deployment',
      'HorizontalPodAutoscaler', 'Ingress', 'Certificate',
    ]);
  });

  test('cluster-scoped custom resources come before namespaced ones that may refer to them', () => {
    expect(applyRank(object('ClusterIssuer', 'ca'))).toBeLessThan(applyRank(object('Certificate', 'tls', 'shop')));
    expect(applyRank(object('ClusterIssuer', 'ca'))).toBeGreaterThan(applyRank(object('Ingress', 'web', 'shop')));
  });

  test('synthesis and apply use one table', () => {
    for (const kind of ['Namespace', 'ConfigMap', 'Ingress', 'Certificate', 'StorageClass', 'Job']) {
      expect(synthRank(object(kind, 'x', 'ns'))).toBe(deployRank(object(kind, 'x', 'ns')));
    }
  });

  test('objects of one kind are ordered by namespace, then name', () => {
    const sorted = [object('Service', 'b', 'ns1'), object('Service', 'a', 'ns2'), object('Service', 'a', 'ns1')].sort(compareForApply);
    expect(sorted.map((o) => `${o.metadata.namespace}/${o.metadata.name}`)).toEqual(['ns1/a', 'ns1/b', 'ns2/a']);
  });
});

describe('orderWithDependencies', () => {
  const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

  test('an item comes after its dependencies even when the comparison would put it first', () => {
    const deps: Record<string, string[]> = { a: ['c'] };
    expect(orderWithDependencies(['c', 'b', 'a'], { dependenciesOf: (item) => deps[item] ?? [], compare: byText, describe: String })).toEqual(['b', 'c', 'a']);
  });

  test('a cycle is an error that names every member in order', () => {
    const deps: Record<string, string[]> = { a: ['b'], b: ['c'], c: ['a'] };
    const run = () => orderWithDependencies(['a', 'b', 'c', 'd'], { dependenciesOf: (item) => deps[item] ?? [], compare: byText, describe: String });
    expect(run).toThrow(DependencyCycleError);
    expect(run).toThrow('dependency cycle: c -> b -> a -> c');
  });
});

describe('addDependency', () => {
  function appWith(build: (chart: Chart) => void) {
    const app = new App();
    build(new Chart(app, 'shop', { namespace: 'shop' }));
    return app;
  }

  test('puts an object after the one it depends on in the file, against the kind order', () => {
    const app = appWith((chart) => {
      const late = new ConfigMap(chart, 'Alpha', { data: { a: '1' } });
      const early = new ConfigMap(chart, 'Zulu', { data: { z: '1' } });
      late.node.addDependency(early);
    });
    const names = synthesize(app, { validate: false }).manifests.map((m) => m.object.metadata.name);
    expect(names).toEqual(['zulu', 'alpha']);
  });

  test('is recorded on the object, and shipshape apply order honours it', () => {
    const app = appWith((chart) => {
      const config = new ConfigMap(chart, 'Config', { data: { a: '1' } });
      const ns = new ConfigMap(chart, 'Other', { data: { b: '1' } });
      ns.node.addDependency(config);
    });
    const { manifests } = synthesize(app, { validate: false });
    const other = manifests.find((m) => m.object.metadata.name === 'other');
    expect(other?.object.metadata.annotations?.[DEPENDS_ON_ANNOTATION]).toBe('ConfigMap shop/config');
    const reversed = [...manifests].reverse();
    expect(orderForApply(reversed).map((m) => m.object.metadata.name)).toEqual(['config', 'other']);
  });

  test('a dependency cycle between constructs fails synthesis naming the construct paths', () => {
    const app = appWith((chart) => {
      const a = new ConfigMap(chart, 'A', { data: { a: '1' } });
      const b = new ConfigMap(chart, 'B', { data: { b: '1' } });
      a.node.addDependency(b);
      b.node.addDependency(a);
    });
    expect(() => synthesize(app, { validate: false })).toThrow(/dependency cycle: 'shop\/(A|B)' -> 'shop\/(A|B)' -> 'shop\/(A|B)'/);
  });

  test('a dependency on a construct that writes nothing is an error', () => {
    const app = appWith((chart) => {
      const a = new ConfigMap(chart, 'A', { data: { a: '1' } });
      const empty = new Chart(chart, 'Empty');
      a.node.addDependency(empty);
    });
    expect(() => synthesize(app, { validate: false })).toThrow(/addDependency\('shop\/Empty'\) names a construct that writes no Kubernetes object/);
  });
});

describe('addDependency across charts', () => {
  test('a cycle between objects of two charts (two files) fails synthesis', () => {
    const app = new App();
    const first = new Chart(app, 'first', { namespace: 'first' });
    const second = new Chart(app, 'second', { namespace: 'second' });
    const a = new ConfigMap(first, 'A', { data: { a: '1' } });
    const b = new ConfigMap(second, 'B', { data: { b: '1' } });
    a.node.addDependency(b);
    b.node.addDependency(a);
    expect(() => synthesize(app, { validate: false })).toThrow(/dependency cycle: 'first\/A' -> 'second\/B' -> 'first\/A'|dependency cycle: 'second\/B' -> 'first\/A' -> 'second\/B'/);
  });
});
