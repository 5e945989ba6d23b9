import { Testing } from 'cdk8s';
import { ApiResource, App, AppChart, ClusterRole, Environment, Identity, NonResourceVerb, ServiceAccount, synthesize } from '../../../src';
import { expectValidationError } from '../../helpers/errors';
import { findObject } from '../../helpers/find';

describe('ClusterRole', () => {
  test('a minimal ClusterRole is cluster-scoped, may grant cluster-scoped resources and is bound cluster-wide', () => {
    const app = new App();
    const chart = new AppChart(new Environment(app, 'dev'), 'ops');
    const account = new ServiceAccount(chart, 'NodeWatcher');
    const reader = new ClusterRole(chart, 'NodeReader').allowRead(ApiResource.NODES);
    const readerBinding = reader.bind(account);
    expect(reader.namespace).toBeUndefined();
    expect(readerBinding.namespace).toBeUndefined();
    const manifests = synthesize(app).manifests;
    const role = findObject(manifests, 'ClusterRole', 'node-reader');
    expect(role.metadata.namespace).toBeUndefined();
    expect(role.rules).toEqual([{ apiGroups: [''], resources: ['nodes'], verbs: ['get', 'list', 'watch'] }]);
    const binding = findObject(manifests, 'ClusterRoleBinding', 'node-reader-binding');
    expect(binding.metadata.namespace).toBeUndefined();
    expect(binding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'node-reader' });
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'node-watcher', namespace: 'ops-dev' }]);
  });

  test('a ClusterRole renders every prop: a system: name (valid for RBAC, and accepted by validation), aggregation labels, grants and non-resource URLs', () => {
    const app = new App();
    const chart = new AppChart(app, 'ops');
    const role = new ClusterRole(chart, 'Metrics', {
      name: 'system:shop-metrics',
      aggregateTo: ['view'],
      labels: { team: 'ops' },
      annotations: { note: 'x' },
      grants: [{ verbs: ['get'], resources: ['pods/log'] }],
    });
    role.allowNonResourceUrls([NonResourceVerb.GET, NonResourceVerb.HEAD], '/metrics', '/healthz/*');
    role.bind(Identity.group('system:monitoring'));
    const manifests = synthesize(app).manifests;
    const written = findObject(manifests, 'ClusterRole', 'system:shop-metrics');
    expect(written.metadata.labels).toMatchObject({ 'rbac.authorization.k8s.io/aggregate-to-view': 'true', team: 'ops' });
    expect(written.metadata.annotations).toEqual({ note: 'x' });
    expect(written.rules).toEqual([
      { apiGroups: [''], resources: ['pods/log'], verbs: ['get'] },
      { nonResourceURLs: ['/healthz/*', '/metrics'], verbs: ['get', 'head'] },
    ]);
    expect(findObject(manifests, 'ClusterRoleBinding', 'system:shop-metrics-binding').subjects).toEqual([
      { kind: 'Group', name: 'system:monitoring', apiGroup: 'rbac.authorization.k8s.io' },
    ]);
  });

  test('ClusterRole.fromName refers to an existing ClusterRole such as view', () => {
    expect(ClusterRole.fromName('view')).toEqual({ kind: 'ClusterRole', name: 'view', namespace: undefined, path: 'ClusterRole view (existing)', external: true });
  });

  describe('refuses', () => {
    test('an aggregation target that cannot be a label key', () => {
      expectValidationError(() => new ClusterRole(Testing.chart(), 'R', { aggregateTo: ['View Role'] }), {
        path: 'test/R', field: 'aggregateTo[0]', value: '"View Role"', problem: /label key/, fix: /"view"/,
      });
    });
    test('non-resource URLs without verbs', () => {
      const role = new ClusterRole(Testing.chart(), 'R');
      expectValidationError(() => role.allowNonResourceUrls([], '/metrics'), { path: 'test/R', field: 'allowNonResourceUrls(#1).verbs', value: '[]', problem: /at least one verb/, fix: /GET/ });
    });
    test('non-resource verbs without URLs', () => {
      const role = new ClusterRole(Testing.chart(), 'R');
      expectValidationError(() => role.allowNonResourceUrls([NonResourceVerb.GET]), { path: 'test/R', field: 'allowNonResourceUrls(#1).urls', value: '[]', problem: /at least one URL/, fix: /metrics/ });
    });
    test('a URL that is not a path or has a wildcard inside', () => {
      const role = new ClusterRole(Testing.chart(), 'R');
      expectValidationError(() => role.allowNonResourceUrls([NonResourceVerb.GET], '/a/*/b'), {
        path: 'test/R', field: 'allowNonResourceUrls(#1).urls[0]', value: '"/a/*/b"', problem: /only at its end/, fix: /healthz/,
      });
    });
    test('a ClusterRole that grants nothing, at synthesis', () => {
      const app = new App();
      new ClusterRole(new AppChart(app, 'ops'), 'Empty');
      expect(() => synthesize(app)).toThrow(/ClusterRole 'ops\/Empty': rules: nothing was granted/);
    });
  });
});
