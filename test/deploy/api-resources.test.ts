import { parseApiResources } from '../../src/deploy/apply-environment';
import { memberTypes } from '../../src/deploy/cluster-state';

describe('parseApiResources', () => {
  test('maps Kind.group to resource.group from kubectl api-resources --no-headers, with or without short names', () => {
    const stdout = [
      'bindings                                         v1                                true         Binding',
      'configmaps                          cm           v1                                true         ConfigMap',
      'deployments                         deploy       apps/v1                           true         Deployment',
      'certificates                        cert,certs   cert-manager.io/v1                true         Certificate',
      'priorityclasses                     pc           scheduling.k8s.io/v1              false        PriorityClass',
      '',
      'a line kubectl would never print with too many columns',
    ].join('\n');
    expect([...parseApiResources(stdout)]).toEqual([
      ['Binding', 'bindings'],
      ['ConfigMap', 'configmaps'],
      ['Deployment.apps', 'deployments.apps'],
      ['Certificate.cert-manager.io', 'certificates.cert-manager.io'],
      ['PriorityClass.scheduling.k8s.io', 'priorityclasses.scheduling.k8s.io'],
    ]);
  });
});

describe('memberTypes', () => {
  const parent = { name: 'p', namespace: 'shop', id: 'applyset-x' };

  test('reads the group-kinds when the parent has them, as kubectl 1.29 and later do, even beside older group-resources', () => {
    expect(memberTypes({ ...parent, groupKinds: ['ConfigMap', 'Deployment.apps'], groupResources: ['configmaps'] })).toEqual(['ConfigMap', 'Deployment.apps']);
    expect(memberTypes({ ...parent, groupKinds: [], groupResources: ['configmaps'] })).toEqual([]);
  });

  test('reads the group-resources of a parent last written by kubectl 1.27 or 1.28, and nothing from a parent with neither', () => {
    expect(memberTypes({ ...parent, groupResources: ['configmaps', 'deployments.apps'] })).toEqual(['configmaps', 'deployments.apps']);
    expect(memberTypes(parent)).toEqual([]);
  });
});
