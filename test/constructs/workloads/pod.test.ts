import { App, Testing } from 'cdk8s';
import { AppChart, Pod, RestartPolicy, synthesize } from '../../../src';
import { findObject } from '../../helpers/find';

describe('Pod', () => {
  test('a minimal Pod carries the chart and selector labels itself and is valid', () => {
    const app = new App();
    new Pod(new AppChart(app, 'shop'), 'Debug', { containers: [{ image: 'busybox:1.36', command: ['sleep', '3600'] }] });
    const pod = findObject(synthesize(app).manifests, 'Pod', 'debug');
    expect(pod.apiVersion).toBe('v1');
    expect(pod.metadata.labels).toMatchObject({ 'app.kubernetes.io/name': 'debug', 'app.kubernetes.io/part-of': 'shop' });
    expect(pod.spec.containers[0]).toMatchObject({ name: 'main', image: 'busybox:1.36', command: ['sleep', '3600'] });
    expect(pod.spec).not.toHaveProperty('restartPolicy');
  });

  test('a Pod renders its restart policy, pod labels and pod annotations on itself', () => {
    const chart = new AppChart(new App(), 'shop');
    new Pod(chart, 'Job', { restartPolicy: RestartPolicy.NEVER, podLabels: { kind: 'one-off' }, podAnnotations: { note: 'x' }, containers: [{ image: 'busybox:1.36' }] });
    const pod = findObject(Testing.synth(chart), 'Pod', 'job');
    expect(pod.spec.restartPolicy).toBe('Never');
    expect(pod.metadata.labels).toMatchObject({ kind: 'one-off' });
    expect(pod.metadata.annotations).toEqual({ note: 'x' });
  });

  test('fails at synthesis when a Pod has no containers', () => {
    const app = new App();
    new Pod(new AppChart(app, 'shop'), 'Empty');
    expect(() => synthesize(app)).toThrow(/Pod 'shop\/Empty': containers: none were added/);
  });
});
