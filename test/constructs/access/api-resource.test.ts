import { ApiResource } from '../../../src';

describe('ApiResource', () => {
  test('of() reads kubectl\'s resource[.group][/subresource] form and knows the scope of built-in resources', () => {
    expect(ApiResource.of('deployments.apps')).toMatchObject({ apiGroup: 'apps', resource: 'deployments', namespaced: true, problem: undefined });
    expect(ApiResource.of('pods/log')).toMatchObject({ apiGroup: '', resource: 'pods/log', namespaced: true, supportedVerbs: undefined });
    expect(ApiResource.of('nodes')).toMatchObject({ apiGroup: '', resource: 'nodes', namespaced: false });
    expect(ApiResource.of('ingresses.networking.k8s.io').toString()).toBe('ingresses.networking.k8s.io');
    expect(ApiResource.POD_LOGS.toString()).toBe('pods/log');
  });

  test('custom resources are taken as written, with an unknown scope', () => {
    expect(ApiResource.of('certificates.cert-manager.io')).toMatchObject({ apiGroup: 'cert-manager.io', resource: 'certificates', namespaced: undefined, problem: undefined });
    expect(ApiResource.custom({ apiGroup: 'example.com', resource: 'widgets/status' })).toMatchObject({ apiGroup: 'example.com', resource: 'widgets/status', problem: undefined });
  });

  test('wildcards exist only as ALL and allIn()', () => {
    expect(ApiResource.ALL).toMatchObject({ apiGroup: '*', resource: '*', problem: undefined });
    expect(ApiResource.allIn('apps')).toMatchObject({ apiGroup: 'apps', resource: '*', problem: undefined });
    expect(ApiResource.of('*').problem?.problem).toBe('is a wildcard');
    expect(ApiResource.custom({ apiGroup: '*', resource: 'pods' }).problem?.problem).toBe('is a wildcard');
  });

  test('mistakes are kept as problems for the role to report: wrong group, kinds, bad syntax', () => {
    expect(ApiResource.of('deployments').problem?.fix).toMatch(/"deployments\.apps"/);
    expect(ApiResource.of('jobs.apps').problem?.fix).toMatch(/"jobs\.batch"/);
    expect(ApiResource.of('events').problem).toBeUndefined();
    expect(ApiResource.of('widgets').problem?.fix).toMatch(/ApiResource\.custom/);
    expect(ApiResource.of('Pod').problem?.fix).toMatch(/not kinds/);
    expect(ApiResource.of('pods/log/extra').problem?.problem).toBe('is not a plural resource name');
  });
});
