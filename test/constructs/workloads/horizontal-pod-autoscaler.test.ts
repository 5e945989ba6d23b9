import { App, Testing } from 'cdk8s';
import { AppChart, Deployment, HorizontalPodAutoscaler } from '../../../src';
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
});
