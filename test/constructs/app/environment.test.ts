import { App, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { AppChart, Deployment, Environment } from '../../../src';
import { expectValidationError } from '../../helpers/errors';
import { findObject } from '../../helpers/find';

describe('Environment', () => {
  test('an Environment is named by its id and allows development Secrets only when it is dev', () => {
    const app = new App();
    const dev = new Environment(app, 'dev');
    const prod = new Environment(app, 'prod');
    expect(dev.name).toBe('dev');
    expect(dev.allowDevelopmentSecrets).toBe(true);
    expect(prod.allowDevelopmentSecrets).toBe(false);
    expect(prod.defaults).toEqual({});
    expect(prod.labels).toEqual({});
  });

  test('an Environment passes its labels and defaults to its charts', () => {
    const environment = new Environment(new App(), 'qa', { labels: { cost: 'qa' }, defaults: { replicas: 3 }, allowDevelopmentSecrets: true });
    const chart = new AppChart(environment, 'shop');
    new Deployment(chart, 'Web', { containers: [{ image: 'nginx:1.27' }] });
    const deployment = findObject(Testing.synth(chart), 'Deployment', 'web');
    expect(deployment.metadata.labels).toMatchObject({ cost: 'qa', 'shipshape.io/environment': 'qa' });
    expect(deployment.spec.replicas).toBe(3);
    expect(chart.allowsDevelopmentSecrets).toBe(true);
  });

  test('Environment.of finds the environment above a construct, and nothing outside one', () => {
    const app = new App();
    const environment = new Environment(app, 'dev');
    expect(Environment.of(new Construct(new Construct(environment, 'A'), 'B'))).toBe(environment);
    expect(Environment.of(new Construct(app, 'Outside'))).toBeUndefined();
  });

  test('fails when an Environment id is not a DNS-1123 label', () => {
    expectValidationError(() => new Environment(new App(), 'Prod_EU'), {
      problem: /must be a DNS-1123 label/,
      path: 'Prod_EU',
      field: 'id',
      value: '"Prod_EU"',
      fix: /Use a name such as "prod-eu"/,
    });
  });

  test('fails when an Environment id is longer than 40 characters', () => {
    expect(() => new Environment(new App(), 'e'.repeat(41))).toThrow(/id: must be at most 40 characters \(it has 41\)/);
  });
});
