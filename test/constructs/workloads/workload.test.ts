import { App, Testing } from 'cdk8s';
import { AppChart, Deployment, StatefulSet, Volume } from '../../../src';
import { expectValidationError } from '../../helpers/errors';
import { findObject } from '../../helpers/find';

function newChart(): AppChart {
  return new AppChart(new App(), 'shop');
}

describe('Workload', () => {
  test('init containers run before the others and must be named', () => {
    const chart = newChart();
    const web = new Deployment(chart, 'Web', {
      initContainers: [{ name: 'migrate', image: 'migrate:4.17.0', args: ['up'] }],
      containers: [{ image: 'nginx:1.27' }],
    });
    web.addInitContainer({ name: 'warm', image: 'busybox:1.36' });
    const pod = findObject(Testing.synth(chart), 'Deployment', 'web').spec.template.spec;
    expect(pod.initContainers.map((container: { name: string }) => container.name)).toEqual(['migrate', 'warm']);
    expect(pod.containers.map((container: { name: string }) => container.name)).toEqual(['main']);
  });

  test('containers added after construction reach the output', () => {
    const chart = newChart();
    const web = new Deployment(chart, 'Web');
    web.addContainer({ image: 'nginx:1.27' });
    web.addContainer({ name: 'sidecar', image: 'envoy:1.30.1', ports: [{ number: 9901 }] });
    expect(web.exposedPorts).toEqual([{ number: 9901 }]);
    expect(findObject(Testing.synth(chart), 'Deployment', 'web').spec.template.spec.containers.map((c: { name: string }) => c.name)).toEqual(['main', 'sidecar']);
  });

  test('volumes given in props are added to the pod even when nothing mounts them', () => {
    const chart = newChart();
    new StatefulSet(chart, 'Db', { containers: [{ image: 'mongo:7.0.14' }], volumes: [Volume.fromEmptyDir('spare')] });
    expect(findObject(Testing.synth(chart), 'StatefulSet', 'db').spec.template.spec.volumes).toEqual([{ name: 'spare', emptyDir: {} }]);
  });

  test('a workload exposes its kind and name for messages, and copies of its containers', () => {
    const web = new Deployment(newChart(), 'Web', { containers: [{ image: 'nginx:1.27' }] });
    expect(web.displayName).toBe('Deployment web');
    expect(web.path).toBe('shop/Web');
    (web.containers as unknown as unknown[]).pop();
    expect(web.containers).toHaveLength(1);
  });

  test('fails when a second container has no name', () => {
    expectValidationError(() => new Deployment(newChart(), 'Web', { containers: [{ image: 'nginx:1.27' }, { image: 'busybox:1.36' }] }), {
      problem: /is required for every container but the first/,
      path: 'shop/Web',
      field: 'containers[1].name',
      value: 'nothing',
      fix: /Name the container, e\.g\. "sidecar"\./,
    });
  });

  test('fails when an init container has no name', () => {
    expect(() => new Deployment(newChart(), 'Web', { initContainers: [{ image: 'busybox:1.36' }], containers: [{ image: 'nginx:1.27' }] })).toThrow(/initContainers\[0\]\.name: is required/);
  });

  test('fails when two containers of a pod share a name, init containers included', () => {
    expect(() => new Deployment(newChart(), 'Web', { initContainers: [{ name: 'main', image: 'busybox:1.36' }], containers: [{ image: 'nginx:1.27' }] })).toThrow(
      /Deployment 'shop\/Web': containers\[0\]\.name: is already used by another container of this pod, got "main"\. Give each container its own name\./,
    );
  });

  test('fails when skipped checks have no reason', () => {
    expect(() => new Deployment(newChart(), 'Web', { containers: [{ image: 'nginx:1.27' }], skipChecks: { 'policy/run-as-non-root': ' ' } })).toThrow(/needs a check id like 'policy\/latest-tag' and a non-empty reason/);
  });
});
