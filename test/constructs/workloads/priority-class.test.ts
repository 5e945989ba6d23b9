import { App, Testing } from 'cdk8s';
import { AppChart, CronJob, DaemonSet, Deployment, Environment, Job, Pod, PreemptionPolicy, PriorityClass, StatefulSet, synthesize, validateManifests } from '../../../src';
import { expectValidationError } from '../../helpers/errors';
import { findObject } from '../../helpers/find';

const CONTAINER = { image: 'nginx:1.27' };

describe('PriorityClass', () => {
  test('a minimal PriorityClass is cluster-scoped, not the default, and may preempt', () => {
    const app = new App();
    const chart = new AppChart(new Environment(app, 'dev'), 'shop');
    const high = new PriorityClass(chart, 'HighPriority', { value: 1000 });
    const written = findObject(synthesize(app).manifests, 'PriorityClass', 'high-priority');
    expect(written).toEqual({
      apiVersion: 'scheduling.k8s.io/v1',
      kind: 'PriorityClass',
      metadata: expect.not.objectContaining({ namespace: expect.anything() }),
      value: 1000,
      globalDefault: false,
      preemptionPolicy: 'PreemptLowerPriority',
    });
    expect(high.namespace).toBeUndefined();
    expect(high.external).toBe(false);
  });

  test('a PriorityClass renders every prop, and a workload that takes it names it', () => {
    const app = new App();
    const chart = new AppChart(new Environment(app, 'dev'), 'shop');
    const batch = new PriorityClass(chart, 'Batch', {
      name: 'batch-low',
      value: -2147483648,
      globalDefault: true,
      preemptionPolicy: PreemptionPolicy.NEVER,
      description: 'Batch work that waits for room and never evicts anyone.',
      labels: { team: 'data' },
    });
    new Deployment(chart, 'Worker', { containers: [CONTAINER], priorityClass: batch });
    const manifests = synthesize(app).manifests;
    expect(findObject(manifests, 'PriorityClass', 'batch-low')).toMatchObject({
      metadata: { name: 'batch-low', labels: { team: 'data' } },
      value: -2147483648,
      globalDefault: true,
      preemptionPolicy: 'Never',
      description: 'Batch work that waits for room and never evicts anyone.',
    });
    expect(findObject(manifests, 'Deployment', 'worker', 'shop-dev').spec.template.spec.priorityClassName).toBe('batch-low');
  });

  test('workloads take the system classes and classes of the cluster by object, and priorityClassName still works', () => {
    const app = new App();
    const chart = new AppChart(app, 'shop');
    new PriorityClass(chart, 'Batch', { name: 'batch-low', value: -10 });
    new DaemonSet(chart, 'Agent', { containers: [CONTAINER], priorityClass: PriorityClass.SYSTEM_NODE_CRITICAL });
    new Deployment(chart, 'Web', { containers: [CONTAINER], priorityClass: PriorityClass.fromPriorityClassName('platform-high') });
    new Deployment(chart, 'Api', { containers: [CONTAINER], priorityClassName: 'batch-low' });
    const manifests = synthesize(app).manifests;
    expect(findObject(manifests, 'DaemonSet', 'agent').spec.template.spec.priorityClassName).toBe('system-node-critical');
    expect(findObject(manifests, 'Deployment', 'web').spec.template.spec.priorityClassName).toBe('platform-high');
    expect(findObject(manifests, 'Deployment', 'api').spec.template.spec.priorityClassName).toBe('batch-low');
    expect(PriorityClass.SYSTEM_CLUSTER_CRITICAL).toEqual({ name: 'system-cluster-critical', external: true });
  });
  test('fails on a value above the highest user priority', () => {
    expectValidationError(() => new PriorityClass(Testing.chart(), 'Critical', { value: 1000000001 }), {
      path: 'test/Critical',
      field: 'value',
      value: '1000000001',
      problem: /must be a whole number from -2147483648 to 1000000000; larger values are reserved for the system classes/,
      fix: /Use at most 1000000000, or PriorityClass\.SYSTEM_CLUSTER_CRITICAL/,
    });
  });

  test('fails on a value below the smallest 32-bit integer, or a fraction', () => {
    expect(() => new PriorityClass(Testing.chart(), 'Low', { value: -2147483649 })).toThrow(/value: must be a whole number from -2147483648 to 1000000000.*got -2147483649/);
    expect(() => new PriorityClass(Testing.chart(), 'Half', { value: 1.5 })).toThrow(/value: must be a whole number.*got 1\.5/);
  });

  test('fails on a name that starts with system-', () => {
    expectValidationError(() => new PriorityClass(Testing.chart(), 'Mine', { name: 'system-important', value: 10 }), {
      path: 'test/Mine',
      field: 'name',
      value: '"system-important"',
      problem: /starts with "system-", which is reserved for the cluster's own classes/,
      fix: /Choose another name/,
    });
  });

  test('fails on a name that is not a DNS-1123 subdomain', () => {
    expect(() => new PriorityClass(Testing.chart(), 'Mine', { name: 'High_Priority', value: 10 })).toThrow(/PriorityClass 'test\/Mine': name: must be a DNS-1123 subdomain/);
  });

  test('fails on a preemption policy that is not one of the enum', () => {
    expect(() => new PriorityClass(Testing.chart(), 'Mine', { value: 10, preemptionPolicy: 'Sometimes' as PreemptionPolicy })).toThrow(/preemptionPolicy: is not a preemption policy, got "Sometimes"/);
  });

  test('fails at synthesis when two classes of the app are the global default, as environments may share a cluster', () => {
    const app = new App();
    new PriorityClass(new AppChart(new Environment(app, 'dev'), 'platform'), 'Normal', { value: 0, globalDefault: true });
    const prod = new Environment(app, 'prod');
    new PriorityClass(new AppChart(prod, 'platform'), 'Other', { value: 1, globalDefault: true });
    new PriorityClass(new AppChart(prod, 'batch'), 'Low', { value: -10 });
    expect(() => synthesize(app)).toThrow(/PriorityClass 'dev\/platform\/Normal': globalDefault: is true, and so is it for 'prod\/platform\/Other'; the API server admits one default class per cluster/);
  });

  test('fails when a workload gets both priorityClass and priorityClassName', () => {
    const chart = new AppChart(new App(), 'shop');
    expectValidationError(() => new Deployment(chart, 'Web', { containers: [CONTAINER], priorityClass: PriorityClass.SYSTEM_CLUSTER_CRITICAL, priorityClassName: 'high' }), {
      path: 'shop/Web',
      field: 'priorityClassName',
      value: '"high"',
      problem: /cannot be combined with priorityClass/,
      fix: /Give only priorityClass/,
    });
  });
});

describe('PriorityClass references of workloads', () => {
  const referenceErrors = (app: App) =>
    validateManifests(synthesize(app, { validate: false }).manifests, { policies: false })
      .problems.filter((problem) => problem.ruleId === 'reference/missing-priority-class')
      .map((problem) => `${problem.constructPath ?? ''} ${problem.fieldPath ?? ''} ${JSON.stringify(problem.value)}`);

  test('a class of the app passes, by object or by name, from another chart and environment too (classes are cluster-wide)', () => {
    const app = new App();
    const batch = new PriorityClass(new AppChart(new Environment(app, 'platform'), 'classes'), 'Batch', { name: 'batch-low', value: -10 });
    const chart = new AppChart(new Environment(app, 'prod'), 'shop');
    new Deployment(chart, 'Worker', { containers: [CONTAINER], priorityClass: batch });
    new Job(chart, 'Report', { containers: [CONTAINER], priorityClassName: 'batch-low' });
    expect(referenceErrors(app)).toEqual([]);
    expect(findObject(synthesize(app).manifests, 'Deployment', 'worker', 'shop-prod').metadata.annotations?.['validate.shipshape.io/external']).toBeUndefined();
  });

  test('a class of the cluster taken with fromPriorityClassName is marked external on every kind of workload, CronJobs included', () => {
    const app = new App();
    const chart = new AppChart(app, 'shop');
    const platform = PriorityClass.fromPriorityClassName('platform-high');
    new Deployment(chart, 'Web', { containers: [CONTAINER], priorityClass: platform });
    new StatefulSet(chart, 'Db', { containers: [CONTAINER], priorityClass: platform });
    new DaemonSet(chart, 'Agent', { containers: [CONTAINER], priorityClass: platform });
    new Job(chart, 'Migrate', { containers: [CONTAINER], priorityClass: platform });
    new CronJob(chart, 'Backup', { schedule: '0 2 * * *', containers: [CONTAINER], priorityClass: platform });
    new Pod(chart, 'Debug', { containers: [CONTAINER], priorityClass: platform });
    expect(referenceErrors(app)).toEqual([]);
    const manifests = synthesize(app).manifests;
    for (const [kind, name] of [['Deployment', 'web'], ['StatefulSet', 'db'], ['DaemonSet', 'agent'], ['Job', 'migrate'], ['CronJob', 'backup'], ['Pod', 'debug']] as const) {
      expect({ kind, annotations: findObject(manifests, kind, name).metadata.annotations }).toMatchObject({ kind, annotations: { 'validate.shipshape.io/external': 'PriorityClass/platform-high' } });
    }
  });

  test('the system classes need nothing in the app and no mark, by object or by name', () => {
    const app = new App();
    const chart = new AppChart(app, 'shop');
    new DaemonSet(chart, 'Agent', { containers: [CONTAINER], priorityClass: PriorityClass.SYSTEM_NODE_CRITICAL });
    new Deployment(chart, 'Dns', { containers: [CONTAINER], priorityClassName: 'system-cluster-critical' });
    expect(referenceErrors(app)).toEqual([]);
    expect(findObject(synthesize(app).manifests, 'DaemonSet', 'agent').metadata.annotations?.['validate.shipshape.io/external']).toBeUndefined();
  });

  test('fails at synthesis when a class named only by string is neither in the app, nor built in, nor marked external', () => {
    const app = new App();
    const chart = new AppChart(app, 'shop');
    new Deployment(chart, 'Api', { containers: [CONTAINER], priorityClassName: 'platform-high' });
    new CronJob(chart, 'Backup', { schedule: '0 2 * * *', containers: [CONTAINER], priorityClassName: 'nightly' });
    expect(referenceErrors(app)).toEqual([
      'shop/Api spec.template.spec.priorityClassName "platform-high"',
      'shop/Backup spec.jobTemplate.spec.template.spec.priorityClassName "nightly"',
    ]);
    expect(() => synthesize(app)).toThrow(
      /ERROR reference\/missing-priority-class: Deployment shop\/api[\s\S]*field: +spec\.template\.spec\.priorityClassName = "platform-high"[\s\S]*PriorityClass "platform-high" is not part of the output[\s\S]*validate\.shipshape\.io\/external: "PriorityClass\/platform-high"/,
    );
  });

  test('fails when a workload names a system- class that no cluster has, even one of the cluster by object', () => {
    const app = new App();
    const chart = new AppChart(app, 'shop');
    new Deployment(chart, 'Api', { containers: [CONTAINER], priorityClass: PriorityClass.fromPriorityClassName('system-very-critical') });
    expect(referenceErrors(app)).toEqual(['shop/Api spec.template.spec.priorityClassName "system-very-critical"']);
    expect(() => synthesize(app)).toThrow(/PriorityClass "system-very-critical" cannot exist: names that start with "system-" are reserved/);
  });
});
