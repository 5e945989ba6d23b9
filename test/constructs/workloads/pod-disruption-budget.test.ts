import { App, Testing } from 'cdk8s';
import { AppChart, Deployment, PodDisruptionBudget, synthesize } from '../../../src';
import { expectValidationError } from '../../helpers/errors';
import { findObject } from '../../helpers/find';

function setup() {
  const app = new App();
  const chart = new AppChart(app, 'shop');
  const web = new Deployment(chart, 'Web', { replicas: 3, disruptionBudget: false, containers: [{ image: 'nginx:1.27' }] });
  return { app, chart, web };
}

describe('PodDisruptionBudget', () => {
  test('a minimal budget lets one pod of the selected workload go at a time', () => {
    const { app, chart, web } = setup();
    new PodDisruptionBudget(chart, 'Budget', { selects: web });
    const budget = findObject(synthesize(app).manifests, 'PodDisruptionBudget', 'budget');
    expect(budget.apiVersion).toBe('policy/v1');
    expect(budget.spec).toEqual({ maxUnavailable: 1, selector: { matchLabels: { 'app.kubernetes.io/name': 'web' } } });
  });

  test('a budget takes minAvailable or maxUnavailable as a number or a percentage', () => {
    const { chart, web } = setup();
    new PodDisruptionBudget(chart, 'Min', { selects: web, minAvailable: '50%' });
    new PodDisruptionBudget(chart, 'Max', { selects: web, maxUnavailable: 2, name: 'at-most-two' });
    const output = Testing.synth(chart);
    expect(findObject(output, 'PodDisruptionBudget', 'min').spec).toEqual({ minAvailable: '50%', selector: { matchLabels: { 'app.kubernetes.io/name': 'web' } } });
    expect(findObject(output, 'PodDisruptionBudget', 'at-most-two').spec.maxUnavailable).toBe(2);
  });

  test('fails when both minAvailable and maxUnavailable are given', () => {
    const { chart, web } = setup();
    expectValidationError(() => new PodDisruptionBudget(chart, 'Budget', { selects: web, minAvailable: 1, maxUnavailable: 1 }), {
      problem: /cannot be combined with maxUnavailable/,
      path: 'shop/Budget',
      field: 'minAvailable',
      value: '1',
      fix: /Give only one of minAvailable and maxUnavailable\./,
    });
  });

  test('fails when a value is negative, fractional or not a percentage', () => {
    const { chart, web } = setup();
    expect(() => new PodDisruptionBudget(chart, 'A', { selects: web, maxUnavailable: -1 })).toThrow(/maxUnavailable: must be a whole number >= 0 or a percentage from 0% to 100%, got -1\. Use e\.g\. 1 or "50%"\./);
    expect(() => new PodDisruptionBudget(chart, 'B', { selects: web, minAvailable: 1.5 })).toThrow(/minAvailable: must be .*got 1\.5/);
    expect(() => new PodDisruptionBudget(chart, 'C', { selects: web, minAvailable: '150%' })).toThrow(/got "150%"/);
  });

  test('fails when a Deployment is given both budget fields', () => {
    const { chart } = setup();
    expect(() => new Deployment(chart, 'Api', { containers: [{ image: 'nginx:1.27' }], disruptionBudget: { minAvailable: 1, maxUnavailable: 1 } })).toThrow(
      /PodDisruptionBudget 'shop\/Api\/DisruptionBudget': minAvailable: cannot be combined with maxUnavailable/,
    );
  });
});
