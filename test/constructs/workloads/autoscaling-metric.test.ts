import { Metric, MetricTarget } from '../../../src';

describe('MetricTarget', () => {
  test('renders value, average value and utilization targets', () => {
    expect(MetricTarget.value('10k').toTarget()).toEqual({ type: 'Value', value: '10k' });
    expect(MetricTarget.averageValue(250).toTarget()).toEqual({ type: 'AverageValue', averageValue: 250 });
    expect(MetricTarget.averageUtilization(75).toTarget()).toEqual({ type: 'Utilization', averageUtilization: 75 });
  });

  test.each(['1', '500m', '10k', '1.5', '2Gi', '1e3', 7, 0.5])('accepts the positive quantity %j', (value) => {
    expect(MetricTarget.value(value).problem).toBeUndefined();
  });

  test.each(['0', '0k', '-1', 'ten', '', '1 k', '5%', 0, -2, Number.NaN])('refuses %j', (value) => {
    expect(MetricTarget.averageValue(value).problem).toBeDefined();
  });

  test('a utilization must be a whole percentage of at least 1', () => {
    expect(MetricTarget.averageUtilization(1).problem).toBeUndefined();
    expect(MetricTarget.averageUtilization(0).problem).toMatch(/whole percentage >= 1/);
    expect(MetricTarget.averageUtilization(12.5).problem).toMatch(/whole percentage >= 1/);
  });
});

describe('Metric', () => {
  test('each source renders its Kubernetes MetricSpec and says which targets it takes', () => {
    expect(Metric.pods('rps', MetricTarget.averageValue(5)).toMetricSpec()).toEqual({ type: 'Pods', pods: { metric: { name: 'rps', selector: undefined }, target: { type: 'AverageValue', averageValue: 5 } } });
    expect(Metric.pods('rps', MetricTarget.averageValue(5)).allowedTargets).toEqual(['AverageValue']);
    const described = { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', name: 'web' };
    expect(Metric.object('rps', described, MetricTarget.value(100), { selector: { path: 'api' } }).toMetricSpec()).toEqual({
      type: 'Object',
      object: { describedObject: described, metric: { name: 'rps', selector: { matchLabels: { path: 'api' } } }, target: { type: 'Value', value: 100 } },
    });
    expect(Metric.external('lag', MetricTarget.averageValue('30')).allowedTargets).toEqual(['Value', 'AverageValue']);
    expect(Metric.containerResource('memory', 'main', MetricTarget.averageValue('512Mi')).toMetricSpec()).toEqual({
      type: 'ContainerResource',
      containerResource: { name: 'memory', container: 'main', target: { type: 'AverageValue', averageValue: '512Mi' } },
    });
  });
});
