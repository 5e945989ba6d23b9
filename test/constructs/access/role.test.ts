import { Testing } from 'cdk8s';
import { ApiResource, App, AppChart, ConfigMap, Deployment, Environment, Identity, Role, Secret, SecretValue, ServiceAccount, synthesize, Verb } from '../../../src';
import { expectValidationError } from '../../helpers/errors';
import { findObject } from '../../helpers/find';

function setup() {
  const app = new App();
  const chart = new AppChart(new Environment(app, 'dev'), 'shop');
  return { app, chart };
}

describe('Role', () => {
  test('a minimal Role grants exactly what it was asked and is bound through one RoleBinding', () => {
    const { app, chart } = setup();
    const account = new ServiceAccount(chart, 'Reader');
    const role = new Role(chart, 'PodReader');
    role.allowRead('pods');
    role.bind(account);
    const manifests = synthesize(app).manifests;
    const written = findObject(manifests, 'Role', 'pod-reader', 'shop-dev');
    expect(written.apiVersion).toBe('rbac.authorization.k8s.io/v1');
    expect(written.rules).toEqual([{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] }]);
    const binding = findObject(manifests, 'RoleBinding', 'pod-reader-binding', 'shop-dev');
    expect(binding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'pod-reader' });
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'reader', namespace: 'shop-dev' }]);
  });

  test('a construct as resource names exactly that object through resourceNames', () => {
    const { chart } = setup();
    const secret = new Secret(chart, 'Token', { data: { token: SecretValue.fromEnv('SHOP_TOKEN', { developmentValue: 'x' }) } });
    const role = new Role(chart, 'TokenReader').allowRead(secret);
    expect(role.rules).toEqual([{ apiGroups: [''], resources: ['secrets'], resourceNames: ['token'], verbs: ['get', 'list', 'watch'] }]);
  });

  test('grants are merged into as few rules as grant the same, never wider, in a stable order', () => {
    const { chart } = setup();
    const web = new Deployment(chart, 'Web', { containers: [{ image: 'nginx:1.27.0' }] });
    const config = new ConfigMap(chart, 'Settings', { data: { a: '1' } });
    const existing = Secret.fromSecretName(chart, 'db-password');
    const role = new Role(chart, 'Operator')
      .allowRead('pods', 'services')
      .allow(['get', 'patch'], web, 'deployments.apps/scale')
      .allowWrite(config)
      .allowRead(existing)
      .allow(['get'], 'pods');
    expect(role.rules).toEqual([
      { apiGroups: [''], resources: ['configmaps'], resourceNames: ['settings'], verbs: ['delete', 'patch', 'update'] },
      { apiGroups: [''], resources: ['pods', 'services'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: [''], resources: ['secrets'], resourceNames: ['db-password'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: ['apps'], resources: ['deployments'], resourceNames: ['web'], verbs: ['get', 'patch'] },
      { apiGroups: ['apps'], resources: ['deployments/scale'], verbs: ['get', 'patch'] },
    ]);
  });

  test('a grant on every object subsumes grants on named objects of the same verb', () => {
    const { chart } = setup();
    const config = new ConfigMap(chart, 'Settings', { data: { a: '1' } });
    const role = new Role(chart, 'R').allow(['get'], config).allow(['get'], ApiResource.CONFIG_MAPS);
    expect(role.rules).toEqual([{ apiGroups: [''], resources: ['configmaps'], verbs: ['get'] }]);
  });

  test('a Role renders every prop it is given: name, labels, annotations and grants; wildcards and custom verbs only when asked', () => {
    const c = Testing.chart();
    new Role(c, 'Everything', {
      name: 'system:shop-admin',
      labels: { team: 'shop' },
      annotations: { 'example.com/owner': 'platform' },
      grants: [
        { verbs: [Verb.ALL], resources: [ApiResource.allIn('cert-manager.io')] },
        { verbs: [Verb.custom('frobnicate')], resources: [ApiResource.custom({ apiGroup: 'example.com', resource: 'widgets' })] },
        { verbs: ['get'], resources: [ApiResource.ALL] },
      ],
    });
    const [role] = Testing.synth(c);
    expect(role.metadata).toMatchObject({ name: 'system:shop-admin', labels: { team: 'shop' }, annotations: { 'example.com/owner': 'platform' } });
    expect(role.rules).toEqual([
      { apiGroups: ['*'], resources: ['*'], verbs: ['get'] },
      { apiGroups: ['cert-manager.io'], resources: ['*'], verbs: ['*'] },
      { apiGroups: ['example.com'], resources: ['widgets'], verbs: ['frobnicate'] },
    ]);
  });

  test('grants added after bind() still reach the output, and bind() adds to the same binding', () => {
    const { app, chart } = setup();
    const role = new Role(chart, 'R');
    const first = role.bind(Identity.user('jane@example.com'));
    const second = role.bind(Identity.group('ops'), Identity.serviceAccount('monitoring', 'prometheus'));
    role.allowRead('configmaps');
    expect(second).toBe(first);
    const manifests = synthesize(app).manifests;
    expect(findObject(manifests, 'Role', 'r').rules).toEqual([{ apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list', 'watch'] }]);
    const binding = findObject(manifests, 'RoleBinding', 'r-binding');
    expect(binding.subjects).toEqual([
      { kind: 'User', name: 'jane@example.com', apiGroup: 'rbac.authorization.k8s.io' },
      { kind: 'Group', name: 'ops', apiGroup: 'rbac.authorization.k8s.io' },
      { kind: 'ServiceAccount', name: 'prometheus', namespace: 'monitoring' },
    ]);
    expect(binding.metadata.annotations?.['validate.shipshape.io/external']).toBe('ServiceAccount/prometheus');
  });

  test('Role.fromName refers to an existing Role', () => {
    expect(Role.fromName('reader')).toMatchObject({ kind: 'Role', name: 'reader', external: true });
  });

  describe('refuses', () => {
    const at = (build: (role: Role) => void, expected: { problem: RegExp; field: string; value: string; fix: RegExp }) => {
      const c = Testing.chart();
      const role = new Role(c, 'R');
      expectValidationError(() => build(role), { path: 'test/R', ...expected });
    };

    test('empty verbs', () => at((r) => r.allow([], 'pods'), { problem: /at least one verb/, field: 'allow(#1).verbs', value: '[]', fix: /get/ }));
    test('no resources', () => at((r) => r.allow(['get']), { problem: /at least one resource/, field: 'allow(#1).resources', value: '[]', fix: /ApiResource/ }));
    test('an unknown verb unless it is made custom', () =>
      at((r) => r.allow(['gets' as 'get'], 'pods'), { problem: /not a known verb/, field: 'allow(#1).verbs[0]', value: '"gets"', fix: /Verb\.custom\("gets"\)/ }));
    test('a wildcard verb written as a string', () => at((r) => r.allow(['*' as 'get'], 'pods'), { problem: /is a wildcard/, field: 'allow(#1).verbs[0]', value: '"*"', fix: /Verb\.ALL/ }));
    test('a custom verb that is not a word', () =>
      at((r) => r.allow([Verb.custom('Not A Verb')], 'pods'), { problem: /is not a verb/, field: 'allow(#1).verbs[0]', value: '"Not A Verb"', fix: /lower-case/ }));
    test('a wildcard resource written as a string', () => at((r) => r.allow(['get'], '*'), { problem: /is a wildcard/, field: 'allow(#1).resources[0]', value: '"*"', fix: /ApiResource\.ALL/ }));
    test('a resource in the wrong API group', () =>
      at((r) => r.allowRead('deployments'), { problem: /not a resource of the core API group/, field: 'allow(#1).resources[0]', value: '"deployments"', fix: /"deployments\.apps"/ }));
    test('a kind where a resource is needed', () =>
      at((r) => r.allowRead('Deployment'), { problem: /not a plural resource name/, field: 'allow(#1).resources[0]', value: '"Deployment"', fix: /deployments\.apps/ }));
    test('an invalid API group', () =>
      at((r) => r.allowRead(ApiResource.custom({ apiGroup: 'Bad_Group', resource: 'things' })), { problem: /invalid API group/, field: 'allow(#1).resources[0]', value: '"things.Bad_Group"', fix: /DNS name/ }));
    test('an invalid group for allIn', () =>
      at((r) => r.allowRead(ApiResource.allIn('Bad Group')), { problem: /not a valid API group/, field: 'allow(#1).resources[0]', value: '"*.Bad Group"', fix: /cert-manager/ }));
    test('a verb the resource does not support', () =>
      at((r) => r.allow(['deletecollection'], 'bindings'), { problem: /does not support deletecollection/, field: 'allow(#1).resources[0]', value: '"bindings"', fix: /supports create/ }));
    test('a cluster-scoped resource', () =>
      at((r) => r.allowRead(ApiResource.NODES), { problem: /cluster-scoped/, field: 'allow(#1).resources[0]', value: '"nodes"', fix: /ClusterRole/ }));
    test('create on a named object', () => {
      const c = Testing.chart();
      const config = new ConfigMap(c, 'Settings', { data: { a: '1' } });
      const role = new Role(c, 'R');
      expectValidationError(() => role.allow(['create', 'get'], config), {
        path: 'test/R', field: 'allow(#1).resources[0]', value: '"ConfigMap settings"', problem: /cannot be granted create by name/, fix: /allow\(\['create'\], 'configmaps'\)/,
      });
    });
    test('an object of another namespace', () => {
      const app = new App();
      const other = new AppChart(app, 'other');
      const secret = Secret.fromSecretName(other, 'x');
      const foreign = new ConfigMap(other, 'Foreign', { data: { a: '1' } });
      const role = new Role(new AppChart(app, 'shop'), 'R');
      role.allowRead(secret);
      expectValidationError(() => role.allowRead(foreign), { path: 'shop/R', field: 'allow(#2).resources[0]', value: '"ConfigMap foreign"', problem: /lives in namespace other/, fix: /namespace other/ });
    });
    test('something that is not a resource', () =>
      at((r) => r.allowRead(42 as unknown as string), { problem: /is not a resource/, field: 'allow(#1).resources[0]', value: '42', fix: /ApiResource/ }));
    test('an invalid name', () => {
      const c = Testing.chart();
      expectValidationError(() => new Role(c, 'R', { name: 'a/b' }), { path: 'test/R', field: 'name', value: '"a/b"', problem: /must not contain "\/"/, fix: /a-b/ });
    });
    test('a Role that grants nothing, at synthesis', () => {
      const { app, chart } = setup();
      new Role(chart, 'Empty');
      expect(() => synthesize(app)).toThrow(/Role 'dev\/shop\/Empty': rules: nothing was granted/);
    });
  });
});
