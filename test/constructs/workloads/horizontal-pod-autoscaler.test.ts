import { App, Duration, Testing } from 'cdk8s';
import {
  AppChart,
  Deployment,
  HorizontalPodAutoscaler,
  Ingress,
  Metric,
  MetricTarget,
  ScalingPolicySelect,
  ScalingPolicyType,
  Service,
  synthesize,
} from '../../../src';
import { expectValidationError } from '../../helpers/errors';
import { findObject } from '../../helpers/find';

const CONTAINER = { image: 'nginx:1.27' };

function newChart(): AppChart {
  return new AppChart(new App(), 'shop');
}

describe('HorizontalPodAutoscaler', () => {
  test('a minimal autoscaler scales from 2 on 80% CPU', () => {
    const chart = newChart();
    new HorizontalPodAutoscaler(chart, 'Scaler', { target: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, maxReplicas: 5 });
    expect(findObject(Testing.synth(chart), 'HorizontalPodAutoscaler', 'scaler').spec).toEqual({
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
      minReplicas: 2,
      maxReplicas: 5,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }],
    });
  });

  test('a memory target alone replaces the CPU default; both can be given', () => {
    const chart = newChart();
    new Deployment(chart, 'Memory', { containers: [CONTAINER], autoscaling: { maxReplicas: 4, memoryUtilizationPercent: 75 } });
    new Deployment(chart, 'Both', { containers: [CONTAINER], autoscaling: { minReplicas: 3, maxReplicas: 9, cpuUtilizationPercent: 60, memoryUtilizationPercent: 70 } });
    const output = Testing.synth(chart);
    expect(findObject(output, 'HorizontalPodAutoscaler', 'memory').spec.metrics).toEqual([
      { type: 'Resource', resource: { name: 'memory', target: { type: 'Utilization', averageUtilization: 75 } } },
    ]);
    expect(findObject(output, 'HorizontalPodAutoscaler', 'both').spec.metrics.map((metric: { resource: { name: string } }) => metric.resource.name)).toEqual(['cpu', 'memory']);
    expect(findObject(output, 'HorizontalPodAutoscaler', 'both').spec.minReplicas).toBe(3);
  });

  test('fails when minReplicas is below 1', () => {
    expectValidationError(() => new Deployment(newChart(), 'Web', { containers: [CONTAINER], autoscaling: { minReplicas: 0, maxReplicas: 3 } }), {
      problem: /must be a whole number >= 1/,
      path: 'shop/Web/Autoscaler',
      field: 'minReplicas',
      value: '0',
      fix: /Use 2 or more for high availability\./,
    });
  });

  test('fails when maxReplicas is below minReplicas', () => {
    expect(() => new Deployment(newChart(), 'Web', { containers: [CONTAINER], autoscaling: { minReplicas: 3, maxReplicas: 2 } })).toThrow(
      /HorizontalPodAutoscaler 'shop\/Web\/Autoscaler': maxReplicas: must be a whole number >= minReplicas \(3\), got 2\. Raise maxReplicas or lower minReplicas\./,
    );
  });

  test('fails when a utilization target is below 1 or fractional', () => {
    expect(() => new Deployment(newChart(), 'Web', { containers: [CONTAINER], autoscaling: { maxReplicas: 3, cpuUtilizationPercent: 0 } })).toThrow(/cpuUtilizationPercent: must be a whole number >= 1, got 0/);
    expect(() => new Deployment(newChart(), 'Web', { containers: [CONTAINER], autoscaling: { maxReplicas: 3, memoryUtilizationPercent: 50.5 } })).toThrow(/memoryUtilizationPercent: .*got 50\.5/);
  });

  test('custom, object, external and container metrics replace the CPU default, with scaling behavior, and the output is valid', () => {
    const app = new App();
    const chart = new AppChart(app, 'shop');
    const web = new Deployment(chart, 'Web', { containers: [{ image: 'nginx:1.27', ports: [{ number: 80, name: 'http' }] }], autoscaling: { maxReplicas: 2 } });
    const service = new Service(chart, 'Service', { selects: web });
    const ingress = new Ingress(chart, 'Ingress', { rules: [{ host: 'shop.example.com', service }] });
    new Deployment(chart, 'Api', {
      containers: [CONTAINER],
      autoscaling: {
        minReplicas: 3,
        maxReplicas: 30,
        metrics: [
          Metric.pods('requests_per_second', MetricTarget.averageValue('100'), { selector: { verb: 'GET' } }),
          Metric.object('requests_per_second', ingress, MetricTarget.value('10k')),
          Metric.external('queue_messages_ready', MetricTarget.averageValue(30), { selector: { queue: 'orders' } }),
          Metric.containerResource('cpu', 'main', MetricTarget.averageUtilization(70)),
        ],
        behavior: {
          scaleUp: { stabilizationWindow: Duration.seconds(0), policies: [{ type: ScalingPolicyType.PERCENT, value: 100, period: Duration.seconds(15) }, { type: ScalingPolicyType.PODS, value: 4, period: Duration.seconds(15) }], selectPolicy: ScalingPolicySelect.MAX },
          scaleDown: { stabilizationWindow: Duration.minutes(10), policies: [{ type: ScalingPolicyType.PODS, value: 1, period: Duration.minutes(1) }] },
        },
      },
    });
    const spec = findObject(synthesize(app).manifests, 'HorizontalPodAutoscaler', 'api').spec;
    expect(spec.metrics).toEqual([
      { type: 'Pods', pods: { metric: { name: 'requests_per_second', selector: { matchLabels: { verb: 'GET' } } }, target: { type: 'AverageValue', averageValue: '100' } } },
      { type: 'Object', object: { describedObject: { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', name: 'ingress' }, metric: { name: 'requests_per_second' }, target: { type: 'Value', value: '10k' } } },
      { type: 'External', external: { metric: { name: 'queue_messages_ready', selector: { matchLabels: { queue: 'orders' } } }, target: { type: 'AverageValue', averageValue: 30 } } },
      { type: 'ContainerResource', containerResource: { name: 'cpu', container: 'main', target: { type: 'Utilization', averageUtilization: 70 } } },
    ]);
    expect(spec.behavior).toEqual({
      scaleUp: { stabilizationWindowSeconds: 0, selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }, { type: 'Pods', value: 4, periodSeconds: 15 }] },
      scaleDown: { stabilizationWindowSeconds: 600, policies: [{ type: 'Pods', value: 1, periodSeconds: 60 }] },
    });
  });

  test('a CPU target given with other metrics is kept, and scaling down can be switched off', () => {
    const chart = newChart();
    new Deployment(chart, 'Web', {
      containers: [CONTAINER],
      autoscaling: { maxReplicas: 4, cpuUtilizationPercent: 60, metrics: [Metric.external('lag', MetricTarget.value(5))], behavior: { scaleDown: { selectPolicy: ScalingPolicySelect.DISABLED } } },
    });
    const spec = findObject(Testing.synth(chart), 'HorizontalPodAutoscaler', 'web').spec;
    expect(spec.metrics.map((metric: { type: string }) => metric.type)).toEqual(['Resource', 'External']);
    expect(spec.behavior).toEqual({ scaleDown: { selectPolicy: 'Disabled' } });
  });

  test('fails when a metric gets a target type its source does not accept', () => {
    expectValidationError(
      () => new Deployment(newChart(), 'Web', { containers: [CONTAINER], autoscaling: { maxReplicas: 3, metrics: [Metric.pods('rps', MetricTarget.value(10))] } }),
      { problem: /is not a target type of Pods metrics/, path: 'shop/Web/Autoscaler', field: 'metrics[0].target', value: '"Value"', fix: /MetricTarget\.averageValue/ },
    );
    expect(() => new Deployment(newChart(), 'Web', { containers: [CONTAINER], autoscaling: { maxReplicas: 3, metrics: [Metric.external('lag', MetricTarget.averageUtilization(50))] } })).toThrow(
      /metrics\[0\]\.target: is not a target type of External metrics.*Use MetricTarget\.value or MetricTarget\.averageValue\./,
    );
  });

  test('fails on a target value that is not a positive quantity, and on an empty metric name', () => {
    const scale = (metric: Metric) => () => new Deployment(newChart(), 'Web', { containers: [CONTAINER], autoscaling: { maxReplicas: 3, metrics: [metric] } });
    expect(scale(Metric.external('lag', MetricTarget.value('ten')))).toThrow(/metrics\[0\]\.target: must be a positive quantity/);
    expect(scale(Metric.external('lag', MetricTarget.value('0')))).toThrow(/metrics\[0\]\.target: must be a positive quantity/);
    expect(scale(Metric.external('lag', MetricTarget.value(-3)))).toThrow(/metrics\[0\]\.target: must be more than 0/);
    expect(scale(Metric.containerResource('memory', 'main', MetricTarget.averageUtilization(0)))).toThrow(/metrics\[0\]\.target: must be a whole percentage >= 1/);
    expect(scale(Metric.pods(' ', MetricTarget.averageValue(1)))).toThrow(/metrics\[0\]\.name: must not be empty/);
  });

  test('fails on a stabilization window over an hour, an empty policy list, or a policy out of range', () => {
    const behave = (behavior: object) => () => new Deployment(newChart(), 'Web', { containers: [CONTAINER], autoscaling: { maxReplicas: 3, behavior } });
    expect(behave({ scaleDown: { stabilizationWindow: Duration.hours(2) } })).toThrow(/behavior\.scaleDown\.stabilizationWindow: must be whole seconds from 0 to 1 hour, got "7200s"/);
    expect(behave({ scaleUp: { policies: [] } })).toThrow(/behavior\.scaleUp\.policies: must not be empty/);
    expect(behave({ scaleUp: { policies: [{ type: ScalingPolicyType.PODS, value: 0, period: Duration.seconds(15) }] } })).toThrow(/behavior\.scaleUp\.policies\[0\]\.value: must be a whole number >= 1, got 0/);
    expect(behave({ scaleUp: { policies: [{ type: ScalingPolicyType.PODS, value: 1, period: Duration.hours(1) }] } })).toThrow(/behavior\.scaleUp\.policies\[0\]\.period: must be whole seconds from 1 second to 30 minutes, got "3600s"/);
  });
});
