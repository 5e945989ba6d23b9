import { App, AppChart, Cpu, Environment, NamespaceBudget, Size, synthesize, Testing } from '../../../src';
import { findObject, findObjects } from '../../helpers/find';

describe('NamespaceBudget', () => {
  test('an AppChart budget writes a quota and a limit range into the chart namespace, and the chart\'s workloads fit', () => {
    const app = new App();
    const chart = new AppChart(new Environment(app, 'prod'), 'team', {
      budget: {
        quota: { requests: { cpu: Cpu.units(4) }, objects: { pods: 20 } },
        limits: { container: { defaultRequests: { cpu: Cpu.millis(100) } } },
      },
    });
    expect(chart.budget?.quota?.name).toBe('quota');
    const manifests = synthesize(app).manifests;
    expect(findObject(manifests, 'ResourceQuota', 'quota', 'team-prod').spec.hard).toEqual({ 'requests.cpu': '4', pods: '20' });
    expect(findObject(manifests, 'LimitRange', 'limits', 'team-prod').spec.limits).toEqual([{ type: 'Container', defaultRequest: { cpu: '100m' } }]);
  });

  test('each part is optional, and names can be changed', () => {
    const quotaOnly = new NamespaceBudget(Testing.chart(), 'B', { quota: { name: 'team-quota', objects: { secrets: 5 } } });
    expect(quotaOnly.quota?.name).toBe('team-quota');
    expect(quotaOnly.limits).toBeUndefined();
    const limitsOnly = new NamespaceBudget(Testing.chart(), 'B', { limits: { persistentVolumeClaim: { max: Size.gibibytes(10) } } });
    expect(limitsOnly.quota).toBeUndefined();
    expect(limitsOnly.limits?.name).toBe('limits');
  });

  test('a chart without budget has neither', () => {
    const app = new App();
    new AppChart(app, 'team');
    const manifests = synthesize(app).manifests;
    expect([...findObjects(manifests, 'ResourceQuota'), ...findObjects(manifests, 'LimitRange')]).toEqual([]);
  });
});
