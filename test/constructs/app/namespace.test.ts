import { App, Chart, Testing } from 'cdk8s';
import { AppChart, DaemonSet, Environment, Namespace, PodSecurityLevel, synthesize, Volume } from '../../../src';
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

  test('the warn level is the next stricter level than the enforced one', () => {
    const chart = Testing.chart();
    const privileged = new Namespace(chart, 'Agents', { podSecurity: PodSecurityLevel.PRIVILEGED });
    const restricted = new Namespace(chart, 'Strict', { podSecurity: PodSecurityLevel.RESTRICTED });
    const manifests = Testing.synth(chart);
    expect(privileged.podSecurityWarn).toBe(PodSecurityLevel.BASELINE);
    expect(findObject(manifests, 'Namespace', 'agents').metadata.labels).toEqual({
      'pod-security.kubernetes.io/enforce': 'privileged',
      'pod-security.kubernetes.io/warn': 'baseline',
    });
    expect(restricted.podSecurityWarn).toBeUndefined();
    expect(findObject(manifests, 'Namespace', 'strict').metadata.labels).toEqual({ 'pod-security.kubernetes.io/enforce': 'restricted' });
  });

  test('the warn level can be chosen, removed, or set without an enforced level', () => {
    const chart = Testing.chart();
    new Namespace(chart, 'Agents', { podSecurity: PodSecurityLevel.PRIVILEGED, podSecurityWarn: PodSecurityLevel.RESTRICTED });
    new Namespace(chart, 'Quiet', { podSecurityWarn: false });
    new Namespace(chart, 'Preview', { podSecurity: false, podSecurityWarn: PodSecurityLevel.BASELINE });
    const labels = (name: string): unknown => findObject(Testing.synth(chart), 'Namespace', name).metadata.labels ?? {};
    expect(labels('agents')).toEqual({ 'pod-security.kubernetes.io/enforce': 'privileged', 'pod-security.kubernetes.io/warn': 'restricted' });
    expect(labels('quiet')).toEqual({ 'pod-security.kubernetes.io/enforce': 'baseline' });
    expect(labels('preview')).toEqual({ 'pod-security.kubernetes.io/warn': 'baseline' });
  });

  test('a privileged Namespace warns only about what baseline refuses: a DaemonSet\'s host path, not restricted\'s rules', () => {
    const app = new App();
    const chart = new AppChart(new Environment(app, 'dev'), 'logging', { namespaceProps: { podSecurity: PodSecurityLevel.PRIVILEGED } });
    const shipper = new DaemonSet(chart, 'Shipper', { containers: [{ image: 'fluent/fluent-bit:3.1.9' }] });
    shipper.containers[0]!.mount('/var/log', Volume.fromHostPath('varlog', '/var/log'), { readOnly: true });
    const warnings = synthesize(app).report!.problems.filter((problem) => problem.ruleId.startsWith('pod-security/'));
    expect(warnings.map((problem) => [problem.ruleId, problem.severity])).toEqual([['pod-security/host-path-volumes', 'warning']]);
  });

  test('fails when the warn level is not stricter than the enforced one', () => {
    const chart = Testing.chart();
    expect(() => new Namespace(chart, 'Team', { podSecurityWarn: PodSecurityLevel.BASELINE })).toThrow(
      /podSecurityWarn: can never warn.*enforced level baseline.*got "baseline"\. Use a stricter level than baseline, or false/,
    );
    expect(() => new Namespace(chart, 'Strict', { podSecurity: PodSecurityLevel.RESTRICTED, podSecurityWarn: PodSecurityLevel.RESTRICTED })).toThrow(/Remove podSecurityWarn/);
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
