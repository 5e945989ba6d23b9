import { App, Duration } from 'cdk8s';
import {
  AppChart,
  Deployment,
  Environment,
  NodeLabelQuery,
  PriorityClass,
  StatefulSet,
  synthesize,
  TaintEffect,
  Toleration,
  Topology,
} from '../../../src';
import { expectValidationError } from '../../helpers/errors';
import { findObject } from '../../helpers/find';

const CONTAINER = { image: 'nginx:1.27' };

function podSpec(app: App, kind: string, name: string, namespace?: string) {
  return findObject(synthesize(app).manifests, kind, name, namespace).spec.template.spec;
}

describe('scheduling', () => {
  test('tolerations render every form: equal, exists, everything, with effects and a toleration period', () => {
    const app = new App();
    const web = new Deployment(new AppChart(app, 'shop'), 'Web', {
      containers: [CONTAINER],
      tolerations: [Toleration.equal('dedicated', 'web', { effect: TaintEffect.NO_SCHEDULE })],
    });
    web.tolerate(Toleration.exists('node.kubernetes.io/unreachable', { effect: TaintEffect.NO_EXECUTE, tolerationPeriod: Duration.minutes(1) }));
    web.tolerate(Toleration.everything({ effect: TaintEffect.PREFER_NO_SCHEDULE }));
    expect(podSpec(app, 'Deployment', 'web').tolerations).toEqual([
      { key: 'dedicated', operator: 'Equal', value: 'web', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 60 },
      { operator: 'Exists', effect: 'PreferNoSchedule' },
    ]);
  });

  test('required node conditions are ANDed within a call and ORed across calls; preferences carry weights', () => {
    const app = new App();
    const chart = new AppChart(app, 'shop');
    new PriorityClass(chart, 'HighPriority', { value: 1000 });
    const web = new Deployment(chart, 'Web', {
      containers: [CONTAINER],
      requiredNodes: [NodeLabelQuery.is('kubernetes.io/arch', 'amd64'), NodeLabelQuery.in('pool', ['web', 'general'])],
      preferredNodes: [NodeLabelQuery.greaterThan('cpu-generation', 3)],
      priorityClassName: 'high-priority',
    });
    web.requireNodes(NodeLabelQuery.exists('gpu'), NodeLabelQuery.notIn('zone-state', ['draining']));
    web.preferNodes([NodeLabelQuery.doesNotExist('spot'), NodeLabelQuery.lessThan('load', 50)], { weight: 10 });
    const pod = podSpec(app, 'Deployment', 'web');
    expect(pod.priorityClassName).toBe('high-priority');
    expect(pod.affinity).toEqual({
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [
            { matchExpressions: [{ key: 'kubernetes.io/arch', operator: 'In', values: ['amd64'] }, { key: 'pool', operator: 'In', values: ['web', 'general'] }] },
            { matchExpressions: [{ key: 'gpu', operator: 'Exists' }, { key: 'zone-state', operator: 'NotIn', values: ['draining'] }] },
          ],
        },
        preferredDuringSchedulingIgnoredDuringExecution: [
          { weight: 100, preference: { matchExpressions: [{ key: 'cpu-generation', operator: 'Gt', values: ['3'] }] } },
          { weight: 10, preference: { matchExpressions: [{ key: 'spot', operator: 'DoesNotExist' }, { key: 'load', operator: 'Lt', values: ['50'] }] } },
        ],
      },
    });
  });

  test('separateFrom and colocateWith select the other workload by its labels, by node or zone, preferred or required', () => {
    const app = new App();
    const chart = new AppChart(app, 'shop');
    const db = new StatefulSet(chart, 'Db', { containers: [{ image: 'mongo:7.0.14' }] });
    const cache = new Deployment(chart, 'Cache', { replicas: 1, containers: [{ image: 'redis:7.4.1' }] });
    const web = new Deployment(chart, 'Web', { containers: [CONTAINER] });
    web.separateFrom(db);
    web.separateFrom(web, { topology: Topology.ZONE, required: true });
    web.colocateWith(cache, { topology: Topology.NODE, weight: 50 });
    web.colocateWith(cache, { topology: Topology.custom('example.com/rack'), required: true });
    const affinity = podSpec(app, 'Deployment', 'web').affinity;
    expect(affinity.podAntiAffinity).toEqual({
      requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { 'app.kubernetes.io/name': 'web' } }, topologyKey: 'topology.kubernetes.io/zone' }],
      preferredDuringSchedulingIgnoredDuringExecution: [
        { weight: 100, podAffinityTerm: { labelSelector: { matchLabels: { 'app.kubernetes.io/name': 'db' } }, topologyKey: 'kubernetes.io/hostname' } },
      ],
    });
    expect(affinity.podAffinity).toEqual({
      requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { 'app.kubernetes.io/name': 'cache' } }, topologyKey: 'example.com/rack' }],
      preferredDuringSchedulingIgnoredDuringExecution: [
        { weight: 50, podAffinityTerm: { labelSelector: { matchLabels: { 'app.kubernetes.io/name': 'cache' } }, topologyKey: 'kubernetes.io/hostname' } },
      ],
    });
    expect(affinity).not.toHaveProperty('nodeAffinity');
    expect(Topology.REGION.key).toBe('topology.kubernetes.io/region');
  });

  test('a workload in another namespace is selected in its namespace', () => {
    const app = new App();
    const db = new StatefulSet(new AppChart(app, 'data'), 'Db', { containers: [{ image: 'mongo:7.0.14' }] });
    const web = new Deployment(new AppChart(app, 'shop'), 'Web', { containers: [CONTAINER] });
    web.colocateWith(db, { topology: Topology.ZONE });
    expect(podSpec(app, 'Deployment', 'web').affinity.podAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm).toEqual({
      labelSelector: { matchLabels: { 'app.kubernetes.io/name': 'db' } },
      namespaces: ['data'],
      topologyKey: 'topology.kubernetes.io/zone',
    });
  });

  test('spreading across zones is off by default and can be switched on per environment, per chart and per object', () => {
    const app = new App();
    const hostname = { maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: { 'app.kubernetes.io/name': 'web' } } };
    const zone = { ...hostname, topologyKey: 'topology.kubernetes.io/zone' };
    new Deployment(new AppChart(new Environment(app, 'dev'), 'plain'), 'Web', { containers: [CONTAINER] });
    new Deployment(new AppChart(new Environment(app, 'prod', { defaults: { spreadAcrossZones: true } }), 'shop'), 'Web', { containers: [CONTAINER] });
    new Deployment(new AppChart(new Environment(app, 'qa'), 'chart', { defaults: { spreadAcrossZones: true, spreadAcrossNodes: false } }), 'Web', { containers: [CONTAINER] });
    new Deployment(new AppChart(new Environment(app, 'staging'), 'object'), 'Web', { containers: [CONTAINER], defaults: { spreadAcrossZones: true } });
    expect(podSpec(app, 'Deployment', 'web', 'plain-dev').topologySpreadConstraints).toEqual([hostname]);
    expect(podSpec(app, 'Deployment', 'web', 'shop-prod').topologySpreadConstraints).toEqual([hostname, zone]);
    expect(podSpec(app, 'Deployment', 'web', 'chart-qa').topologySpreadConstraints).toEqual([zone]);
    expect(podSpec(app, 'Deployment', 'web', 'object-staging').topologySpreadConstraints).toEqual([hostname, zone]);
  });

  test('fails when a toleration period is given for an effect other than NoExecute', () => {
    expectValidationError(
      () => new Deployment(new AppChart(new App(), 'shop'), 'Web', { containers: [CONTAINER], tolerations: [Toleration.exists('gpu', { tolerationPeriod: Duration.minutes(5) })] }),
      { problem: /applies only to the NoExecute effect/, path: 'shop/Web', field: 'tolerations[0].tolerationPeriod', value: '"every effect"', fix: /TaintEffect\.NO_EXECUTE/ },
    );
  });

  test('fails on an invalid label key in a toleration, a node query or a topology', () => {
    const web = new Deployment(new AppChart(new App(), 'shop'), 'Web', { containers: [CONTAINER] });
    expect(() => web.tolerate(Toleration.exists('bad key'))).toThrow(/tolerations\[0\]\.key: is not a valid label key/);
    expect(() => web.requireNodes(NodeLabelQuery.exists('-bad'))).toThrow(/requiredNodes\[0\]\[0\]\.key: is not a valid label key.*got "-bad"/);
    expect(() => web.separateFrom(web, { topology: Topology.custom('Bad_Prefix.example/zone') })).toThrow(/separateFrom\[0\]\.topology: is not a valid label key/);
  });

  test('fails when a node condition set is empty, or In/NotIn have no values', () => {
    const web = new Deployment(new AppChart(new App(), 'shop'), 'Web', { containers: [CONTAINER] });
    expectValidationError(() => web.requireNodes(), { problem: /has no conditions/, path: 'shop/Web', field: 'requiredNodes[0]', value: '[]', fix: /NodeLabelQuery\.is/ });
    expect(() => web.preferNodes([NodeLabelQuery.in('pool', [])])).toThrow(/preferredNodes\[0\]\[0\]\.values: must not be empty for In/);
  });

  test('fails when a numeric node condition is not a whole number', () => {
    const web = new Deployment(new AppChart(new App(), 'shop'), 'Web', { containers: [CONTAINER] });
    expect(() => web.requireNodes(NodeLabelQuery.greaterThan('generation', 2.5))).toThrow(/requiredNodes\[0\]\[0\]\.values: must be a whole number, got "2\.5"/);
  });

  test('fails when a weight is outside 1 to 100, or given for a required rule', () => {
    const web = new Deployment(new AppChart(new App(), 'shop'), 'Web', { containers: [CONTAINER] });
    expectValidationError(() => web.preferNodes([NodeLabelQuery.exists('ssd')], { weight: 0 }), {
      problem: /must be a whole number from 1 to 100/,
      path: 'shop/Web',
      field: 'preferredNodes[0].weight',
      value: '0',
      fix: /Use 100/,
    });
    expect(() => web.colocateWith(web, { weight: 101 })).toThrow(/colocateWith\[0\]\.weight: must be a whole number from 1 to 100, got 101/);
    expect(() => web.separateFrom(web, { required: true, weight: 5 })).toThrow(/separateFrom\[0\]\.weight: applies only to preferred rules, got 5/);
  });

  test('fails when the target selects no pods', () => {
    const web = new Deployment(new AppChart(new App(), 'shop'), 'Web', { containers: [CONTAINER] });
    expect(() => web.separateFrom({ path: 'somewhere', selectorLabels: {}, namespace: 'shop' })).toThrow(/separateFrom\[0\]: selects no pods .*got "somewhere"/);
  });

  test('fails on an invalid priority class name', () => {
    expectValidationError(() => new Deployment(new AppChart(new App(), 'shop'), 'Web', { containers: [CONTAINER], priorityClassName: 'High_Priority' }), {
      problem: /is not a valid PriorityClass name/,
      path: 'shop/Web',
      field: 'priorityClassName',
      value: '"High_Priority"',
      fix: /high-priority/,
    });
  });
});
