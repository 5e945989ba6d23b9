import { App, Testing } from 'cdk8s';
import { Annotations, AppChart, ConfigMap, Deployment, Labels } from '../../../src';
import { findObject } from '../../helpers/find';

describe('Labels and Annotations', () => {
  test('a workload selects its pods by the name label, whose value is its name', () => {
    const chart = new AppChart(new App(), 'shop');
    new Deployment(chart, 'Web', { containers: [{ image: 'nginx:1.27' }] });
    const deployment = findObject(Testing.synth(chart), 'Deployment', 'web');
    expect(deployment.spec.selector.matchLabels).toEqual({ [Labels.NAME]: 'web' });
    expect(deployment.spec.template.metadata.labels[Labels.NAME]).toBe('web');
  });

  test('pods that read a ConfigMap carry the configuration hash annotation', () => {
    const chart = new AppChart(new App(), 'shop');
    const config = new ConfigMap(chart, 'Config', { data: { a: 'b' } });
    new Deployment(chart, 'Web', { containers: [{ image: 'nginx:1.27', envFrom: [config] }] });
    const annotations = findObject(Testing.synth(chart), 'Deployment', 'web').spec.template.metadata.annotations;
    expect(annotations[Annotations.CONFIG_HASH]).toMatch(/^[0-9a-f]{16}$/);
  });

  test('the label and annotation keys are the documented ones (changing them breaks selectors of running apps)', () => {
    expect(Labels).toEqual({
      NAME: 'app.kubernetes.io/name',
      PART_OF: 'app.kubernetes.io/part-of',
      MANAGED_BY: 'app.kubernetes.io/managed-by',
      ENVIRONMENT: 'shipshape.io/environment',
    });
    expect(Annotations.CONFIG_HASH).toBe('shipshape.io/config-hash');
  });
});
