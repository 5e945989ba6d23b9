import { KubeObject, Manifest } from '../../src/manifest/kube-object';
import { applySetId, legacyParentNames, parentNames, planApplySets, withMemberLabel, PART_OF_LABEL } from '../../src/deploy/applyset';

const SHOP = 'shop/charts/main';

function manifest(kind: string, name: string, namespace?: string): Manifest {
  const object: KubeObject = { apiVersion: 'v1', kind, metadata: { name, ...(namespace ? { namespace } : {}) } };
  return { object };
}

describe('planApplySets', () => {
  test('makes one ApplySet for cluster-scoped objects and one per Namespace, cluster-scoped first', () => {
    const groups = planApplySets({ app: SHOP, environment: 'prod' }, [
      manifest('ConfigMap', 'a', 'zeta'),
      manifest('Deployment', 'web', 'alpha'),
      manifest('Namespace', 'alpha'),
      manifest('Namespace', 'zeta'),
      manifest('ConfigMap', 'b', 'alpha'),
    ]);
    const names = parentNames({ app: SHOP, environment: 'prod' });
    expect(groups.map((g) => [g.parentName, g.namespace, g.clusterScoped, g.manifests.length])).toEqual([
      [names.cluster, 'default', true, 2],
      [names.namespaced, 'alpha', false, 2],
      [names.namespaced, 'zeta', false, 1],
    ]);
    expect(groups[1]?.manifests.map((m) => m.object.kind)).toEqual(['ConfigMap', 'Deployment']);
  });

  test('puts namespaced objects that name no Namespace into default', () => {
    const groups = planApplySets({ app: SHOP, environment: 'dev' }, [manifest('ConfigMap', 'a')]);
    expect(groups.map((g) => g.namespace)).toEqual(['default']);
  });
});

describe('applySetId', () => {
  test('follows kubectl: applyset-base64url(sha256(name.namespace.Secret.))-v1', () => {
    const id = applySetId('shipshape-prod', 'shop');
    expect(id).toMatch(/^applyset-[A-Za-z0-9_-]{43}-v1$/);
    expect(id).not.toBe(applySetId('shipshape-prod', 'other'));
  });

  test('parent names are valid Secret names whatever the app and folder are called', () => {
    const names = parentNames({ app: '@Acme/Shop_App/charts/main', environment: 'Prod_EU' });
    expect(names.namespaced).toMatch(/^shipshape-shop-app-charts-main-prod-eu-[0-9a-f]{10}$/);
    expect(names.cluster).toBe(`${names.namespaced}-cluster`);
    const long = parentNames({ app: 'x'.repeat(200), environment: 'y'.repeat(200) });
    expect(long.cluster.length).toBeLessThanOrEqual(253);
    expect(long.cluster).toMatch(/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/);
  });

  test('parent names stay exactly as earlier releases wrote them, or apply would lose track of its ApplySets', () => {
    expect(parentNames({ app: 'shop/charts/main', environment: 'prod' })).toEqual({
      namespaced: 'shipshape-shop-charts-main-prod-2ddbfc4cd9',
      cluster: 'shipshape-shop-charts-main-prod-2ddbfc4cd9-cluster',
    });
    // A word with nothing left of it is left out, with its dash.
    expect(parentNames({ app: '@Acme/Shop_App/charts/main', environment: '__' }).namespaced).toBe('shipshape-shop-app-charts-main-62c07a5f9c');
    // Words are cut to 60 characters, and a dash the cut leaves at the end is dropped.
    expect(parentNames({ app: `${'x'.repeat(59)}-y`, environment: 'e'.repeat(70) }).namespaced).toBe(`shipshape-${'x'.repeat(59)}-${'e'.repeat(60)}-9c19d59888`);
  });

  test('two apps with the same environment name never share a parent, nor an ApplySet id in any Namespace', () => {
    const shop = parentNames({ app: 'shop/charts/main', environment: 'dev' });
    const blog = parentNames({ app: 'blog/charts/main', environment: 'dev' });
    // Names alike up to the hash still differ: the hash covers the full app id.
    const lookalike = parentNames({ app: 'shop/charts/main ', environment: 'dev' });
    expect(new Set([shop.namespaced, blog.namespaced, lookalike.namespaced, shop.cluster, blog.cluster]).size).toBe(5);
    expect(applySetId(shop.namespaced, 'web-dev')).not.toBe(applySetId(blog.namespaced, 'web-dev'));
    expect(applySetId(shop.cluster, 'default')).not.toBe(applySetId(blog.cluster, 'default'));
    // The app and environment are not confused with each other either.
    expect(parentNames({ app: 'a', environment: 'b-c' }).namespaced).not.toBe(parentNames({ app: 'a-b', environment: 'c' }).namespaced);
  });

  test('legacy parent names are the environment-only names of earlier versions', () => {
    expect(legacyParentNames('Prod_EU')).toEqual({ namespaced: 'shipshape-prod-eu', cluster: 'shipshape-prod-eu-cluster' });
  });

  test('withMemberLabel adds the part-of label without changing the input', () => {
    const input = manifest('ConfigMap', 'a', 'x');
    const labelled = withMemberLabel(input, 'id-1');
    expect(labelled.metadata.labels).toEqual({ [PART_OF_LABEL]: 'id-1' });
    expect(input.object.metadata.labels).toBeUndefined();
  });
});

describe('planApplySets with custom resources and dependencies', () => {
  const custom = (apiVersion: string, kind: string, name: string, namespace?: string): Manifest => ({
    object: { apiVersion, kind, metadata: { name, ...(namespace ? { namespace } : {}) } },
  });

  test('a custom resource written without a namespace is cluster-scoped; one with a namespace belongs to it', () => {
    const groups = planApplySets({ app: 'shop', environment: 'prod' }, [custom('snapshot.storage.k8s.io/v1', 'VolumeSnapshotClass', 'fast'), custom('cert-manager.io/v1', 'Certificate', 'tls', 'shop')]);
    expect(groups.map((g) => [g.namespace, g.clusterScoped, g.manifests.map((m) => m.object.kind)])).toEqual([
      ['default', true, ['VolumeSnapshotClass']],
      ['shop', false, ['Certificate']],
    ]);
  });

  test('a Namespace whose objects others depend on (addDependency) is applied before them', () => {
    const dependent = custom('v1', 'ConfigMap', 'a', 'alpha');
    const withAnnotation: Manifest = {
      object: { ...dependent.object, metadata: { ...dependent.object.metadata, annotations: { 'shipshape.io/depends-on': 'ConfigMap zeta/b' } } },
    };
    const groups = planApplySets({ app: 'shop', environment: 'prod' }, [withAnnotation, custom('v1', 'ConfigMap', 'b', 'zeta')]);
    expect(groups.map((g) => g.namespace)).toEqual(['zeta', 'alpha']);
  });

  test('dependencies that go both ways between two Namespaces are a cycle error', () => {
    const annotated = (name: string, namespace: string, dependsOn: string): Manifest => ({
      object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace, annotations: { 'shipshape.io/depends-on': dependsOn } } },
    });
    expect(() => planApplySets({ app: 'shop', environment: 'prod' }, [annotated('a', 'alpha', 'ConfigMap zeta/b'), annotated('b', 'zeta', 'ConfigMap alpha/a')])).toThrow(/dependency cycle: ConfigMap zeta\/b -> ConfigMap alpha\/a -> ConfigMap zeta\/b/);
  });

  test('objects of two Namespaces that need each other first are a cycle error naming the Namespaces', () => {
    const annotated = (name: string, namespace: string, dependsOn?: string): Manifest => ({
      object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace, ...(dependsOn ? { annotations: { 'shipshape.io/depends-on': dependsOn } } : {}) } },
    });
    const manifests = [annotated('a1', 'alpha', 'ConfigMap zeta/z1'), annotated('a2', 'alpha'), annotated('z1', 'zeta'), annotated('z2', 'zeta', 'ConfigMap alpha/a2')];
    expect(() => planApplySets({ app: 'shop', environment: 'prod' }, manifests)).toThrow(/dependency cycle: the objects of Namespace (alpha|zeta) -> the objects of Namespace (alpha|zeta)/);
  });
});
