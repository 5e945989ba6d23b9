import { App, Testing } from 'cdk8s';
import { AppChart, BUILT_IN_DEFAULTS, Cpu, Deployment, DeploymentProps, mergeDefaults, Size, StatefulSet, WorkloadDefaults } from '../../../src';
import { findObject, findObjects } from '../../helpers/find';

const CONTAINER = { image: 'nginx:1.27', ports: [{ number: 8080 }] };

/** Synthesizes one Deployment `web` with the defaults given per chart or per object. */
function deployment(where: 'chart' | 'object', defaults: WorkloadDefaults, props: DeploymentProps = {}) {
  const chart = new AppChart(new App(), 'shop', where === 'chart' ? { defaults } : {});
  new Deployment(chart, 'Web', { containers: [CONTAINER], ...props, ...(where === 'object' ? { defaults } : {}) });
  const output = Testing.synth(chart);
  return { output, deployment: findObject(output, 'Deployment', 'web') };
}

describe('mergeDefaults', () => {
  test('gives the built-in defaults when nothing overrides them', () => {
    expect(mergeDefaults()).toEqual(BUILT_IN_DEFAULTS);
  });

  test('lets later layers win key by key and ignores undefined values', () => {
    expect(mergeDefaults({ replicas: 3, probes: false }, { replicas: 5, probes: undefined })).toMatchObject({ replicas: 5, probes: false, disruptionBudget: true });
  });

  test('does not change the built-in defaults', () => {
    mergeDefaults({ replicas: 9 });
    expect(BUILT_IN_DEFAULTS.replicas).toBe(2);
  });
});

describe.each(['chart', 'object'] as const)('every default can be changed and removed per %s', (where) => {
  test('the built-in defaults give 2 replicas, resources, probes, a PDB, spreading and a hardened security context', () => {
    const { output, deployment: web } = deployment(where, {});
    const pod = web.spec.template.spec;
    expect(web.spec.replicas).toBe(2);
    expect(pod.containers[0].resources).toEqual({ requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } });
    expect(pod.containers[0].readinessProbe).toEqual({ tcpSocket: { port: 8080 } });
    expect(pod.containers[0].securityContext).toEqual({ allowPrivilegeEscalation: false });
    expect(pod.securityContext).toEqual({ seccompProfile: { type: 'RuntimeDefault' } });
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(pod.topologySpreadConstraints).toHaveLength(1);
    expect(findObjects(output, 'PodDisruptionBudget')).toHaveLength(1);
  });

  test('the replica count can be changed', () => {
    expect(deployment(where, { replicas: 5 }).deployment.spec.replicas).toBe(5);
  });

  test('the resources can be changed and removed', () => {
    const resources = { limits: { cpu: Cpu.units(1), memory: Size.gibibytes(1) } };
    expect(deployment(where, { resources }).deployment.spec.template.spec.containers[0].resources).toEqual({ limits: { cpu: '1', memory: '1Gi' } });
    expect(deployment(where, { resources: false }).deployment.spec.template.spec.containers[0]).not.toHaveProperty('resources');
  });

  test('the default probes can be removed', () => {
    const container = deployment(where, { probes: false }).deployment.spec.template.spec.containers[0];
    expect(container).not.toHaveProperty('readinessProbe');
    expect(container).not.toHaveProperty('livenessProbe');
    expect(container).not.toHaveProperty('startupProbe');
  });

  test('the disruption budget can be removed', () => {
    expect(findObjects(deployment(where, { disruptionBudget: false }).output, 'PodDisruptionBudget')).toHaveLength(0);
  });

  test('spreading across nodes can be removed', () => {
    expect(deployment(where, { spreadAcrossNodes: false }).deployment.spec.template.spec).not.toHaveProperty('topologySpreadConstraints');
  });

  test('the hardened security context can be removed', () => {
    const pod = deployment(where, { hardenedSecurityContext: false }).deployment.spec.template.spec;
    expect(pod).not.toHaveProperty('securityContext');
    expect(pod.containers[0]).not.toHaveProperty('securityContext');
  });

  test('the service account token can be mounted', () => {
    expect(deployment(where, { automountServiceAccountToken: true }).deployment.spec.template.spec.automountServiceAccountToken).toBe(true);
  });

  test('the latest tag can be allowed', () => {
    const chart = new AppChart(new App(), 'shop', where === 'chart' ? { defaults: { allowLatestTag: true } } : {});
    const props = where === 'object' ? { defaults: { allowLatestTag: true } } : {};
    expect(() => new Deployment(chart, 'Web', { containers: [{ image: 'nginx' }], ...props })).not.toThrow();
    expect(() => new Deployment(chart, 'Other', { containers: [{ image: 'nginx' }], defaults: { allowLatestTag: false } })).toThrow(/has no tag/);
  });
});

test('an object default overrides the chart default, which overrides the built-in one', () => {
  const chart = new AppChart(new App(), 'shop', { defaults: { replicas: 3, disruptionBudget: false } });
  new Deployment(chart, 'Web', { containers: [CONTAINER], defaults: { replicas: 4, disruptionBudget: true } });
  new Deployment(chart, 'Api', { containers: [CONTAINER] });
  new StatefulSet(chart, 'Db', { containers: [CONTAINER] });
  const output = Testing.synth(chart);
  expect(findObject(output, 'Deployment', 'web').spec.replicas).toBe(4);
  expect(findObject(output, 'Deployment', 'api').spec.replicas).toBe(3);
  expect(findObjects(output, 'PodDisruptionBudget').map((budget) => budget.metadata.name)).toEqual(['web']);
});
