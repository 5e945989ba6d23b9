import { Testing } from 'cdk8s';
import { App, AppChart, Cpu, PriorityClass, QuotaScope, ResourceQuota, Size, synthesize } from '../../../src';
import { AggregateValidationError } from '../../../src/errors';
import { expectValidationError, shipshapeErrorOf } from '../../helpers/errors';
import { findObject } from '../../helpers/find';

describe('ResourceQuota', () => {
  test('a minimal quota limits what it is given, with typed quantities', () => {
    const app = new App();
    const chart = new AppChart(app, 'team');
    new ResourceQuota(chart, 'Compute', { requests: { cpu: Cpu.units(4), memory: Size.gibibytes(8) } });
    const quota = findObject(synthesize(app).manifests, 'ResourceQuota', 'compute', 'team');
    expect(quota.spec).toEqual({ hard: { 'requests.cpu': '4', 'requests.memory': '8Gi' } });
  });

  test('a quota renders every prop: requests, limits, storage, object counts, storage classes, scopes and priority classes', () => {
    const c = Testing.chart();
    const quota = new ResourceQuota(c, 'All', {
      name: 'all',
      labels: { team: 'shop' },
      requests: { cpu: Cpu.millis(1500), memory: Size.gibibytes(4), ephemeralStorage: Size.gibibytes(10), storage: Size.gibibytes(100) },
      limits: { cpu: Cpu.units(3), memory: Size.gibibytes(6), ephemeralStorage: Size.gibibytes(20) },
      objects: { pods: 20, services: 10, loadBalancers: 0, nodePorts: 0, persistentVolumeClaims: 5, configMaps: 30, secrets: 30, other: { 'deployments.apps': 10, 'jobs.batch': 20 } },
      storageClasses: { fast: { storage: Size.gibibytes(50), persistentVolumeClaims: 2 } },
    });
    expect(quota.hard).toEqual({
      'requests.cpu': '1500m', 'requests.memory': '4Gi', 'requests.ephemeral-storage': '10Gi', 'requests.storage': '100Gi',
      'limits.cpu': '3', 'limits.memory': '6Gi', 'limits.ephemeral-storage': '20Gi',
      pods: '20', services: '10', 'services.loadbalancers': '0', 'services.nodeports': '0', persistentvolumeclaims: '5', configmaps: '30', secrets: '30',
      'count/deployments.apps': '10', 'count/jobs.batch': '20',
      'fast.storageclass.storage.k8s.io/requests.storage': '50Gi', 'fast.storageclass.storage.k8s.io/persistentvolumeclaims': '2',
    });
    const low = new PriorityClass(c, 'Low', { value: -10 });
    const scoped = new ResourceQuota(c, 'Batch', { scopes: [QuotaScope.TERMINATING], priorityClasses: [low, 'platform-high'], objects: { pods: 5 }, limits: { cpu: Cpu.units(2) } });
    expect(scoped.hard).toEqual({ pods: '5', 'limits.cpu': '2' });
    const written = Testing.synth(c).find((object) => object.metadata.name === 'batch');
    expect(written.spec).toEqual({
      hard: { pods: '5', 'limits.cpu': '2' },
      scopes: ['Terminating'],
      scopeSelector: { matchExpressions: [{ scopeName: 'PriorityClass', operator: 'In', values: ['low', 'platform-high'] }] },
    });
  });

  test('a quota scoped to classes of the cluster marks them as external for validation; the app\'s and built-in classes, and plain names, are checked', () => {
    const app = new App();
    const chart = new AppChart(app, 'team');
    const high = new PriorityClass(chart, 'High', { value: 1000 });
    new ResourceQuota(chart, 'Scoped', {
      objects: { pods: 10 },
      priorityClasses: [PriorityClass.fromPriorityClassName('platform-low'), high, PriorityClass.SYSTEM_CLUSTER_CRITICAL, 'platform-typo', PriorityClass.fromPriorityClassName('platform-batch'), 'high'],
    });
    const result = synthesize(app);
    const quota = findObject(result.manifests, 'ResourceQuota', 'scoped', 'team');
    expect(quota.metadata.annotations).toEqual({ 'validate.shipshape.io/external': 'PriorityClass/platform-batch, PriorityClass/platform-low' });
    // A name given twice is written once, in the order first given.
    expect(quota.spec.scopeSelector).toEqual({ matchExpressions: [{ scopeName: 'PriorityClass', operator: 'In', values: ['platform-low', 'high', 'system-cluster-critical', 'platform-typo', 'platform-batch'] }] });
    expect((result.report?.problems ?? []).filter((problem) => problem.ruleId === 'reference/quota-priority-class').map((problem) => [problem.severity, problem.value, problem.fieldPath])).toEqual([
      ['warning', 'platform-typo', 'spec.scopeSelector.matchExpressions[0].values[3]'],
    ]);
  });

  test('the classes of the cluster are marked after what the quota\'s own annotation already declares', () => {
    const app = new App();
    const chart = new AppChart(app, 'team');
    new ResourceQuota(chart, 'Scoped', {
      annotations: { 'validate.shipshape.io/external': 'PriorityClass/legacy' },
      objects: { pods: 10 },
      priorityClasses: ['legacy', PriorityClass.fromPriorityClassName('platform-low')],
    });
    const result = synthesize(app);
    const quota = findObject(result.manifests, 'ResourceQuota', 'scoped', 'team');
    expect(quota.metadata.annotations).toEqual({ 'validate.shipshape.io/external': 'PriorityClass/legacy, PriorityClass/platform-low' });
    expect((result.report?.problems ?? []).filter((problem) => problem.ruleId === 'reference/quota-priority-class')).toEqual([]);
  });

  describe('refuses', () => {
    const at = (props: ConstructorParameters<typeof ResourceQuota>[2], expected: { problem: RegExp; field: string; value: string; fix: RegExp }) => {
      expectValidationError(() => new ResourceQuota(Testing.chart(), 'Q', props), { path: 'test/Q', ...expected });
    };

    test('a quota that limits nothing', () => at({}, { problem: /limits nothing/, field: 'requests', value: 'nothing', fix: /at least one/ }));
    test('a negative or fractional count', () => at({ objects: { pods: 1.5 } }, { problem: /whole number/, field: 'objects.pods', value: '1.5', fix: /most objects/ }));
    test('a negative CPU amount', () => at({ limits: { cpu: Cpu.millis(-1) } }, { problem: /must not be negative/, field: 'limits.cpu', value: '"-1m"', fix: /most/ }));
    test('an object count that is not resource.group', () =>
      at({ objects: { other: { 'Deployment': 1 } } }, { problem: /not a resource as kubectl writes it/, field: 'objects.other["Deployment"]', value: '"Deployment"', fix: /deployments\.apps/ }));
    test('an invalid StorageClass name', () => at({ storageClasses: { 'Fast SSD': { persistentVolumeClaims: 1 } } }, { problem: /not a StorageClass name/, field: 'storageClasses', value: '"Fast SSD"', fix: /fast/ }));
    test('conflicting scopes', () =>
      at({ objects: { pods: 1 }, scopes: [QuotaScope.TERMINATING, QuotaScope.NOT_TERMINATING] }, { problem: /Terminating and NotTerminating/, field: 'scopes', value: '["Terminating","NotTerminating"]', fix: /two quotas/ }));
    test('BestEffort and NotBestEffort together', () =>
      at({ objects: { pods: 1 }, scopes: [QuotaScope.BEST_EFFORT, QuotaScope.NOT_BEST_EFFORT] }, { problem: /BestEffort and NotBestEffort/, field: 'scopes', value: '["BestEffort","NotBestEffort"]', fix: /two quotas/ }));
    test('a scope with resources it does not count', () =>
      at({ requests: { storage: Size.gibibytes(1) }, scopes: [QuotaScope.NOT_TERMINATING] }, { problem: /cannot limit requests\.storage/, field: 'scopes', value: '"NotTerminating"', fix: /quota without scopes/ }));
    test('BestEffort with compute', () =>
      at({ requests: { cpu: Cpu.units(1) }, scopes: [QuotaScope.BEST_EFFORT] }, { problem: /cannot limit requests\.cpu/, field: 'scopes', value: '"BestEffort"', fix: /limit only pods/ }));
    test('empty priority classes', () => at({ objects: { pods: 1 }, priorityClasses: [] }, { problem: /must not be empty/, field: 'priorityClasses', value: '[]', fix: /leave priorityClasses out/ }));
    test('an invalid priority class', () =>
      at({ objects: { pods: 1 }, priorityClasses: ['High!'] }, { problem: /is not a PriorityClass name: it must be a DNS-1123 subdomain/, field: 'priorityClasses[0]', value: '"High!"', fix: /e\.g\. "high"/ }));
    test('a priority class name that is too long', () =>
      at({ objects: { pods: 1 }, priorityClasses: [`p${'x'.repeat(253)}`] }, { problem: /must be at most 253 characters \(it has 254\)/, field: 'priorityClasses[0]', value: `"p${'x'.repeat(75)}...`, fix: /Use the name of a PriorityClass/ }));
    test('a priority class with the reserved system- prefix that is not built in, as an object of the cluster too', () =>
      at({ objects: { pods: 1 }, priorityClasses: [PriorityClass.SYSTEM_NODE_CRITICAL, PriorityClass.fromPriorityClassName('system-critical')] }, {
        problem: /starts with "system-", which is reserved for the cluster's own classes \(system-cluster-critical and system-node-critical\): no class of that name can exist, so the quota would count no pod/,
        field: 'priorityClasses[1]',
        value: '"system-critical"',
        fix: /Use system-cluster-critical or system-node-critical/,
      }));
    test('every bad priority class name at once, each with its index, value and fix', () => {
      const error = shipshapeErrorOf(() => new ResourceQuota(Testing.chart(), 'Q', { objects: { pods: 1 }, priorityClasses: ['High!', 'ok', 'system-x', 'a..b'] }));
      expect(error).toBeInstanceOf(AggregateValidationError);
      const messages = (error as AggregateValidationError).errors.map((each) => each.message);
      expect(messages).toEqual([
        expect.stringMatching(/^ResourceQuota 'test\/Q': priorityClasses\[0\]: is not a PriorityClass name: .*, got "High!"\. Use the name of a PriorityClass, e\.g\. "high"\.$/),
        expect.stringMatching(/^ResourceQuota 'test\/Q': priorityClasses\[2\]: starts with "system-".*, got "system-x"\. Use system-cluster-critical/),
        expect.stringMatching(/^ResourceQuota 'test\/Q': priorityClasses\[3\]: is not a PriorityClass name: .*, got "a\.\.b"\. Use the name of a PriorityClass, e\.g\. "a\.b"\.$/),
      ]);
      expect(error.message).toMatch(/^3 problems found:/);
    });
    test('priority classes with resources pods are not counted by', () =>
      at({ objects: { secrets: 1 }, priorityClasses: ['high'] }, { problem: /cannot limit secrets/, field: 'priorityClasses', value: '"PriorityClass"', fix: /quota without scopes/ }));
  });
});
