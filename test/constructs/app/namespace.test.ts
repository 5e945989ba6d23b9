import { App, Chart, Testing } from 'cdk8s';
import { AppChart, Environment, Namespace, PodSecurityLevel, synthesize } from '../../../src';
import { findObject, findObjects } from '../../helpers/find';

describe('Namespace', () => {
  test('a Namespace enforces Pod Security baseline and warns about restricted by default', () => {
    const chart = Testing.chart();
    const namespace = new Namespace(chart, 'Team');
    expect(namespace.podSecurity).toBe(PodSecurityLevel.BASELINE);
    expect(findObject(Testing.synth(chart), 'Namespace', 'team').metadata.labels).toEqual({
      'pod-security.kubernetes.io/enforce': 'baseline',
      'pod-security.kubernetes.io/warn': 'restricted',
    });
  });

  test('a Namespace takes a name, labels, annotations and another Pod Security level', () => {
    const chart = Testing.chart();
    new Namespace(chart, 'Team', { name: 'payments', podSecurity: PodSecurityLevel.RESTRICTED, labels: { team: 'pay' }, annotations: { owner: 'pay@example.com' } });
    const metadata = findObject(Testing.synth(chart), 'Namespace', 'payments').metadata;
    expect(metadata.labels).toEqual({ 'pod-security.kubernetes.io/enforce': 'restricted', team: 'pay' });
    expect(metadata.annotations).toEqual({ owner: 'pay@example.com' });
  });

  test('a Namespace without Pod Security carries no Pod Security labels', () => {
    const chart = Testing.chart();
    new Namespace(chart, 'Team', { podSecurity: false });
    expect(findObject(Testing.synth(chart), 'Namespace', 'team').metadata.labels ?? {}).toEqual({});
  });

  test('a Namespace never carries metadata.namespace, even in a chart with a namespace (Testing.synth)', () => {
    const chart = new AppChart(new Environment(Testing.app(), 'dev'), 'shop');
    new Namespace(chart, 'Extra');
    for (const namespace of findObjects(Testing.synth(chart), 'Namespace')) expect(namespace.metadata).not.toHaveProperty('namespace');
  });

  test('a Namespace never carries metadata.namespace in a plain cdk8s Chart with a namespace (chart.toJson)', () => {
    const chart = new Chart(new App(), 'plain', { namespace: 'team' });
    new Namespace(chart, 'Other');
    expect(findObject(chart.toJson(), 'Namespace', 'other').metadata).not.toHaveProperty('namespace');
  });

  test('a Namespace never carries metadata.namespace through synthesize', () => {
    const app = new App();
    new AppChart(new Environment(app, 'prod'), 'shop');
    const namespace = findObject(synthesize(app).manifests, 'Namespace', 'shop-prod');
    expect(namespace.metadata).not.toHaveProperty('namespace');
  });

  test('fails when a Namespace is given a name that is not a DNS-1123 label', () => {
    const chart = Testing.chart();
    expect(() => new Namespace(chart, 'Team', { name: 'team.payments' })).toThrow(/name: must be a DNS-1123 label.*got "team\.payments"\. Use a name such as "team-payments"/);
  });
});
