import { App, Testing } from 'cdk8s';
import {
  AppChart,
  ConfigMap,
  Cpu,
  Deployment,
  Environment,
  Labels,
  PodSecurityLevel,
  Service,
  Size,
  StatefulSet,
  synthesize,
} from '../../../src';
import { expectValidationError } from '../../helpers/errors';
import { findObject, findObjects, hasObject, objectsOf } from '../../helpers/find';

const IMAGE = 'nginx:1.27';

describe('AppChart', () => {
  test('an AppChart in an Environment lives in the namespace <chart>-<environment>, which it creates', () => {
    const chart = new AppChart(new Environment(new App(), 'staging'), 'shop');
    new ConfigMap(chart, 'Config', { data: { a: 'b' } });
    const output = Testing.synth(chart);
    expect(chart.namespace).toBe('shop-staging');
    expect(chart.namespaceObject?.name).toBe('shop-staging');
    expect(hasObject(output, 'Namespace', 'shop-staging')).toBe(true);
    expect(findObject(output, 'ConfigMap', 'config').metadata.namespace).toBe('shop-staging');
  });

  test('an AppChart outside an Environment uses its id as the namespace', () => {
    const chart = new AppChart(new App(), 'tools');
    expect(chart.namespace).toBe('tools');
    expect(chart.environment).toBeUndefined();
    expect(chart.allowsDevelopmentSecrets).toBe(false);
  });

  test('an AppChart whose id is not a valid name gets a kebab-case namespace', () => {
    const chart = new AppChart(new Environment(new App(), 'dev'), 'MongoApp');
    expect(chart.namespace).toBe('mongo-app-dev');
    expect(new AppChart(new App(), 'My_Tools').namespace).toBe('my-tools');
  });

  test('an AppChart takes a namespace, Namespace props, labels, defaults and skipped checks', () => {
    const app = new App();
    const chart = new AppChart(new Environment(app, 'prod'), 'shop', {
      namespace: 'shop',
      namespaceProps: { podSecurity: PodSecurityLevel.RESTRICTED, annotations: { owner: 'team-shop' } },
      labels: { team: 'shop' },
      defaults: { replicas: 3 },
      skipChecks: { 'policy/run-as-non-root': 'the images need root' },
    });
    new Deployment(chart, 'Web', { containers: [{ image: IMAGE, ports: [{ number: 8080 }] }] });
    // The restricted level refuses the default pods (no capabilities.drop: ["ALL"], root allowed); this test is about the props.
    const reason = 'a test of AppChart props; the restricted level itself is tested in test/validate/pod-security.test.ts';
    const result = synthesize(app, { validation: { disabledChecks: ['pod-security/capabilities-restricted', 'pod-security/run-as-non-root'].map((id) => ({ id, reason })) } });
    const namespace = findObject(result.manifests, 'Namespace', 'shop');
    expect(namespace.metadata.labels).toMatchObject({ 'pod-security.kubernetes.io/enforce': 'restricted', team: 'shop' });
    expect(namespace.metadata.annotations).toMatchObject({ owner: 'team-shop' });
    const deployment = findObject(result.manifests, 'Deployment', 'web');
    expect(deployment.metadata.namespace).toBe('shop');
    expect(deployment.spec.replicas).toBe(3);
    for (const object of objectsOf(result.manifests)) {
      expect(object.metadata.annotations?.['validate.shipshape.io/skip']).toBe('policy/run-as-non-root: the images need root');
    }
  });

  test('an AppChart with createNamespace false writes no Namespace but still sets the namespace', () => {
    const chart = new AppChart(new App(), 'shop', { createNamespace: false, namespace: 'existing' });
    new ConfigMap(chart, 'Config', { data: { a: 'b' } });
    const output = Testing.synth(chart);
    expect(chart.namespaceObject).toBeUndefined();
    expect(findObjects(output, 'Namespace')).toHaveLength(0);
    expect(findObject(output, 'ConfigMap', 'config').metadata.namespace).toBe('existing');
  });

  test('an AppChart labels every object and every pod template', () => {
    const chart = new AppChart(new Environment(new App(), 'dev', { labels: { cost: 'dev-pool' } }), 'shop', { labels: { team: 'shop' } });
    const web = new Deployment(chart, 'Web', { containers: [{ image: IMAGE, ports: [{ number: 8080 }] }], autoscaling: { maxReplicas: 4 } });
    new Service(chart, 'WebService', { selects: web });
    new StatefulSet(chart, 'Db', { containers: [{ image: 'mongo:7.0.14', ports: [{ number: 27017 }] }] });
    const expected = { [Labels.PART_OF]: 'shop', [Labels.MANAGED_BY]: 'shipshape', [Labels.ENVIRONMENT]: 'dev', cost: 'dev-pool', team: 'shop' };
    const objects = objectsOf(Testing.synth(chart));
    expect(new Set(objects.map((object) => object.kind))).toEqual(
      new Set(['Namespace', 'Deployment', 'HorizontalPodAutoscaler', 'PodDisruptionBudget', 'Service', 'StatefulSet']),
    );
    for (const object of objects) expect(object.metadata.labels).toMatchObject(expected);
    for (const kind of ['Deployment', 'StatefulSet']) {
      for (const workload of findObjects(objects, kind)) expect(workload.spec.template.metadata.labels).toMatchObject(expected);
    }
  });

  test('an AppChart label overrides an environment label of the same key', () => {
    const chart = new AppChart(new Environment(new App(), 'dev', { labels: { team: 'platform' } }), 'shop', { labels: { team: 'shop' } });
    expect(chart.labels.team).toBe('shop');
  });

  test('AppChart defaults layer built-in, then Environment, then AppChart values', () => {
    const environment = new Environment(new App(), 'dev', { defaults: { replicas: 3, probes: false, allowLatestTag: true } });
    const chart = new AppChart(environment, 'shop', { defaults: { replicas: 4, resources: false } });
    expect(chart.defaults).toEqual({
      replicas: 4,
      resources: false,
      probes: false,
      allowLatestTag: true,
      spreadAcrossNodes: true,
      spreadAcrossZones: false,
      disruptionBudget: true,
      hardenedSecurityContext: true,
      automountServiceAccountToken: false,
    });
  });

  test('an AppChart default applies to every workload that does not override it', () => {
    const chart = new AppChart(new App(), 'shop', {
      defaults: { resources: { requests: { cpu: Cpu.millis(50), memory: Size.mebibytes(64) } } },
    });
    new Deployment(chart, 'Web', { containers: [{ image: IMAGE }] });
    new Deployment(chart, 'Api', { containers: [{ image: IMAGE }], defaults: { resources: false } });
    const output = Testing.synth(chart);
    expect(findObject(output, 'Deployment', 'web').spec.template.spec.containers[0].resources).toEqual({ requests: { cpu: '50m', memory: '64Mi' } });
    expect(findObject(output, 'Deployment', 'api').spec.template.spec.containers[0]).not.toHaveProperty('resources');
  });

  test('AppChart.nearest and isAppChart find the chart above a construct', () => {
    const chart = new AppChart(new App(), 'shop');
    const config = new ConfigMap(chart, 'Config');
    expect(AppChart.nearest(config)).toBe(chart);
    expect(AppChart.isAppChart(chart)).toBe(true);
    expect(AppChart.isAppChart(Testing.chart())).toBe(false);
    expect(AppChart.nearest(Testing.chart())).toBeUndefined();
  });

  test('fails when an AppChart is given a namespace that is not a DNS-1123 label', () => {
    expectValidationError(() => new AppChart(new Environment(new App(), 'dev'), 'shop', { namespace: 'Shop.Dev' }), {
      problem: /must be a DNS-1123 label/,
      path: 'dev/shop',
      field: 'namespace',
      value: '"Shop.Dev"',
      fix: /Use a name such as "shop-dev"/,
    });
  });

  test('fails when the generated namespace would be longer than 63 characters', () => {
    expect(() => new AppChart(new Environment(new App(), 'dev'), 'a'.repeat(60))).toThrow(/AppChart 'dev\/a+': namespace: must be at most 63 characters \(it has 64\)/);
  });
});
