import { KubeObject, Manifest } from '../../src/manifest/kube-object';
import { applySetId, parentNames, planApplySets, withMemberLabel, PART_OF_LABEL } from '../../src/deploy/applyset';

function manifest(kind: string, name: string, namespace?: string): Manifest {
  const object: KubeObject = { apiVersion: 'v1', kind, metadata: { name, ...(namespace ? { namespace } : {}) } };
  return { object };
}

describe('planApplySets', () => {
  test('makes one ApplySet for cluster-scoped objects and one per Namespace, cluster-scoped first', () => {
    const groups = planApplySets('prod', [
      manifest('ConfigMap', 'a', 'zeta'),
      manifest('Deployment', 'web', 'alpha'),
      manifest('Namespace', 'alpha'),
      manifest('Namespace', 'zeta'),
      manifest('ConfigMap', 'b', 'alpha'),
    ]);
    expect(groups.map((g) => [g.parentName, g.namespace, g.clusterScoped, g.manifests.length])).toEqual([
      ['shipshape-prod-cluster', 'default', true, 2],
      ['shipshape-prod', 'alpha', false, 2],
      ['shipshape-prod', 'zeta', false, 1],
    ]);
    expect(groups[1]?.manifests.map((m) => m.object.kind)).toEqual(['ConfigMap', 'Deployment']);
  });

  test('puts namespaced objects that name no Namespace into default', () => {
    const groups = planApplySets('dev', [manifest('ConfigMap', 'a')]);
    expect(groups.map((g) => g.namespace)).toEqual(['default']);
  });
});

describe('applySetId', () => {
  test('follows kubectl: applyset-base64url(sha256(name.namespace.Secret.))-v1', () => {
    const id = applySetId('shipshape-prod', 'shop');
    expect(id).toMatch(/^applyset-[A-Za-z0-9_-]{43}-v1$/);
    expect(id).not.toBe(applySetId('shipshape-prod', 'other'));
  });

  test('parent names are valid Secret names whatever the folder is called', () => {
    expect(parentNames('Prod_EU')).toEqual({ namespaced: 'shipshape-prod-eu', cluster: 'shipshape-prod-eu-cluster' });
  });

  test('withMemberLabel adds the part-of label without changing the input', () => {
    const input = manifest('ConfigMap', 'a', 'x');
    const labelled = withMemberLabel(input, 'id-1');
    expect(labelled.metadata.labels).toEqual({ [PART_OF_LABEL]: 'id-1' });
    expect(input.object.metadata.labels).toBeUndefined();
  });
});
