import { App, Duration, Testing } from 'cdk8s';
import { Annotations, AppChart, ConfigMap, Deployment, DeploymentProps, DeploymentStrategy, EnvValue, Secret, SecretValue, ServiceAccount, synthesize, Volume } from '../../../src';
import { withEnv } from '../../helpers/env';
import { expectValidationError } from '../../helpers/errors';
import { findObject, findObjects, hasObject } from '../../helpers/find';

const CONTAINER = { image: 'nginx:1.27', ports: [{ number: 8080, name: 'http' }] };

function synthDeployment(props: DeploymentProps = {}, addToChart: (chart: AppChart) => void = () => undefined) {
  const app = new App();
  const chart = new AppChart(app, 'shop');
  addToChart(chart);
  const deployment = new Deployment(chart, 'Web', { containers: [CONTAINER], ...props });
  const output = synthesize(app).manifests;
  return { deployment, output, object: findObject(output, 'Deployment', deployment.name) };
}

describe('Deployment', () => {
  test('a minimal Deployment has 2 replicas, a rolling update that never goes below them, spreading and a PDB, and is valid', () => {
    const { output, object, deployment } = synthDeployment();
    expect(object.apiVersion).toBe('apps/v1');
    expect(object.spec.replicas).toBe(2);
    expect(deployment.replicas).toBe(2);
    expect(object.spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 } });
    expect(object.spec.selector).toEqual({ matchLabels: { 'app.kubernetes.io/name': 'web' } });
    expect(object.spec.template.spec.topologySpreadConstraints).toEqual([
      { maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: { 'app.kubernetes.io/name': 'web' } } },
    ]);
    const budget = findObject(output, 'PodDisruptionBudget', 'web');
    expect(budget.spec).toEqual({ maxUnavailable: 1, selector: { matchLabels: { 'app.kubernetes.io/name': 'web' } } });
    expect(deployment.disruptionBudget?.name).toBe('web');
    expect(findObjects(output, 'HorizontalPodAutoscaler')).toHaveLength(0);
  });

  test('a Deployment renders every prop it is given', () => {
    const { object, output } = synthDeployment({
      name: 'storefront',
      replicas: 3,
      strategy: DeploymentStrategy.rollingUpdate({ maxSurge: 1, maxUnavailable: '10%' }),
      minReady: Duration.seconds(15),
      disruptionBudget: { minAvailable: 2 },
      serviceAccountName: 'storefront',
      securityContext: { runAsNonRoot: true, runAsUser: 1000 },
      podLabels: { tier: 'web' },
      podAnnotations: { 'prometheus.io/scrape': 'true' },
      terminationGracePeriod: Duration.minutes(1),
      nodeSelector: { pool: 'web' },
      labels: { team: 'shop' },
      annotations: { owner: 'shop' },
      skipChecks: { 'policy/read-only-root-filesystem': 'nginx writes its cache' },
    }, (chart) => new ServiceAccount(chart, 'Account', { name: 'storefront' }));
    expect(object.metadata.name).toBe('storefront');
    expect(object.metadata.labels).toMatchObject({ team: 'shop' });
    expect(object.metadata.annotations).toEqual({ owner: 'shop', 'validate.shipshape.io/skip': 'policy/read-only-root-filesystem: nginx writes its cache' });
    expect(object.spec.replicas).toBe(3);
    expect(object.spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: '10%' } });
    expect(object.spec.minReadySeconds).toBe(15);
    expect(object.spec.template.metadata.labels).toMatchObject({ tier: 'web', 'app.kubernetes.io/name': 'storefront' });
    expect(object.spec.template.metadata.annotations).toEqual({ 'prometheus.io/scrape': 'true' });
    const pod = object.spec.template.spec;
    expect(pod.serviceAccountName).toBe('storefront');
    expect(pod.securityContext).toEqual({ seccompProfile: { type: 'RuntimeDefault' }, runAsNonRoot: true, runAsUser: 1000 });
    expect(pod.terminationGracePeriodSeconds).toBe(60);
    expect(pod.nodeSelector).toEqual({ pool: 'web' });
    expect(findObject(output, 'PodDisruptionBudget', 'storefront').spec).toEqual({ minAvailable: 2, selector: { matchLabels: { 'app.kubernetes.io/name': 'storefront' } } });
  });

  test('a Deployment can recreate its pods instead of rolling them', () => {
    expect(synthDeployment({ strategy: DeploymentStrategy.recreate() }).object.spec.strategy).toEqual({ type: 'Recreate' });
  });

  test('a Deployment with 1 replica gets neither a PDB nor spreading', () => {
    const { output, object, deployment } = synthDeployment({ replicas: 1 });
    expect(hasObject(output, 'PodDisruptionBudget', 'web')).toBe(false);
    expect(deployment.disruptionBudget).toBeUndefined();
    expect(object.spec.template.spec).not.toHaveProperty('topologySpreadConstraints');
  });

  test('a Deployment with 1 replica gets a PDB when it asks for one', () => {
    expect(hasObject(synthDeployment({ replicas: 1, disruptionBudget: { maxUnavailable: 1 } }).output, 'PodDisruptionBudget', 'web')).toBe(true);
  });

  test('a Deployment with 0 replicas is paused and valid', () => {
    const { object, output } = synthDeployment({ replicas: 0 });
    expect(object.spec.replicas).toBe(0);
    expect(hasObject(output, 'PodDisruptionBudget', 'web')).toBe(false);
  });

  test('a Deployment with 2 replicas and disruptionBudget false gets no PDB', () => {
    expect(findObjects(synthDeployment({ disruptionBudget: false }).output, 'PodDisruptionBudget')).toHaveLength(0);
  });

  test('autoscaling creates an autoscaling/v2 HPA and leaves spec.replicas out', () => {
    const { output, object, deployment } = synthDeployment({ autoscaling: { minReplicas: 3, maxReplicas: 10, cpuUtilizationPercent: 70 } });
    expect(object.spec).not.toHaveProperty('replicas');
    expect(deployment.replicas).toBeUndefined();
    const hpa = findObject(output, 'HorizontalPodAutoscaler', 'web');
    expect(hpa.apiVersion).toBe('autoscaling/v2');
    expect(hpa.spec).toEqual({
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
      minReplicas: 3,
      maxReplicas: 10,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }],
    });
    expect(hasObject(output, 'PodDisruptionBudget', 'web')).toBe(true);
    expect(object.spec.template.spec.topologySpreadConstraints).toHaveLength(1);
  });

  test('autoscaling from 1 replica gets no PDB', () => {
    expect(hasObject(synthDeployment({ autoscaling: { minReplicas: 1, maxReplicas: 3 } }).output, 'PodDisruptionBudget', 'web')).toBe(false);
  });

  test('fails when replicas is negative', () => {
    expectValidationError(() => new Deployment(new AppChart(new App(), 'shop'), 'Web', { replicas: -1, containers: [CONTAINER] }), {
      problem: /replicas: must be a whole number >= 0/,
      path: 'shop/Web',
      field: 'replicas',
      value: '-1',
      fix: /Use 2 or more for high availability, or 0 to pause the workload\./,
    });
  });

  test('fails when replicas is not a whole number', () => {
    expect(() => new Deployment(new AppChart(new App(), 'shop'), 'Web', { replicas: 1.5, containers: [CONTAINER] })).toThrow(/replicas: must be a whole number >= 0, got 1\.5/);
  });

  test('fails when the replicas default of the chart is negative', () => {
    const chart = new AppChart(new App(), 'shop', { defaults: { replicas: -2 } });
    expect(() => new Deployment(chart, 'Web', { containers: [CONTAINER] })).toThrow(/Deployment 'shop\/Web': defaults\.replicas: must be a whole number >= 0, got -2/);
  });

  test('fails when replicas and autoscaling are both given', () => {
    expectValidationError(() => new Deployment(new AppChart(new App(), 'shop'), 'Web', { replicas: 3, autoscaling: { maxReplicas: 5 }, containers: [CONTAINER] }), {
      problem: /cannot be combined with autoscaling/,
      path: 'shop/Web',
      field: 'replicas',
      value: '3',
      fix: /Remove replicas and set autoscaling\.minReplicas instead\./,
    });
  });

  test('fails at synthesis when no container was added', () => {
    const app = new App();
    new Deployment(new AppChart(app, 'shop'), 'Web');
    expect(() => synthesize(app)).toThrow(/Deployment 'shop\/Web': containers: none were added\. Pass containers in the props or call addContainer\(\)\./);
  });
});

describe('the configuration hash of a Deployment', () => {
  /** The config-hash annotation of a Deployment reading one ConfigMap and one Secret with this content. */
  function hashOf(configData: Record<string, string>, secretValue: string, extra: { replicas?: number; unrelated?: string } = {}): string | undefined {
    const chart = new AppChart(new App(), 'shop');
    const config = new ConfigMap(chart, 'Config', { data: configData });
    new ConfigMap(chart, 'Unrelated', { data: { value: extra.unrelated ?? 'same' } });
    const secret = new Secret(chart, 'Creds', { data: { password: SecretValue.fromEnv('SHIPSHAPE_TEST_HASH') } });
    const web = new Deployment(chart, 'Web', {
      replicas: extra.replicas,
      containers: [{ ...CONTAINER, env: { PASSWORD: EnvValue.fromSecret(secret, 'password') } }],
    });
    web.containers[0]!.mount('/etc/app', Volume.fromConfigMap(config));
    return withEnv({ SHIPSHAPE_TEST_HASH: secretValue }, () => findObject(Testing.synth(chart), 'Deployment', 'web').spec.template.metadata.annotations?.[Annotations.CONFIG_HASH]);
  }

  test('stays the same when nothing the pods read changes', () => {
    const hash = hashOf({ a: '1' }, 'pw');
    expect(hash).toMatch(/^[0-9a-f]{16}$/);
    expect(hashOf({ a: '1' }, 'pw', { replicas: 5, unrelated: 'changed' })).toBe(hash);
  });

  test('changes when a used ConfigMap changes', () => {
    expect(hashOf({ a: '2' }, 'pw')).not.toBe(hashOf({ a: '1' }, 'pw'));
  });

  test('changes when a used Secret changes', () => {
    expect(hashOf({ a: '1' }, 'other')).not.toBe(hashOf({ a: '1' }, 'pw'));
  });

  test('is absent when the pods read no ConfigMap or Secret, or only existing ones', () => {
    const chart = new AppChart(new App(), 'shop');
    new Deployment(chart, 'Plain', { containers: [CONTAINER] });
    new Deployment(chart, 'External', { containers: [{ ...CONTAINER, envFrom: [Secret.fromSecretName(chart, 'existing')] }] });
    const output = Testing.synth(chart);
    expect(findObject(output, 'Deployment', 'plain').spec.template.metadata).not.toHaveProperty('annotations');
    expect(findObject(output, 'Deployment', 'external').spec.template.metadata).not.toHaveProperty('annotations');
  });

  test('counts ConfigMaps used through envFrom', () => {
    const hashes = ['1', '2'].map((value) => {
      const chart = new AppChart(new App(), 'shop');
      const config = new ConfigMap(chart, 'Config', { data: { a: value } });
      new Deployment(chart, 'Web', { containers: [{ ...CONTAINER, envFrom: [config] }] });
      return findObject(Testing.synth(chart), 'Deployment', 'web').spec.template.metadata.annotations[Annotations.CONFIG_HASH];
    });
    expect(hashes[0]).not.toBe(hashes[1]);
  });
});
