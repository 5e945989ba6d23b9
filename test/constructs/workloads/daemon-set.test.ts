import { App, Duration } from 'cdk8s';
import { AppChart, AppChartProps, DaemonSet, DaemonSetProps, DaemonSetUpdateStrategy, HostPathType, PodSecurityLevel, synthesize, SynthesisError, TaintEffect, Toleration, Volume } from '../../../src';
import { expectValidationError } from '../../helpers/errors';
import { findObject, findObjects } from '../../helpers/find';

const CONTAINER = { image: 'fluent/fluent-bit:3.1.9', ports: [{ number: 2020, name: 'metrics' }] };

function synthDaemonSet(props: DaemonSetProps = {}, chartProps: AppChartProps = {}) {
  const app = new App();
  const chart = new AppChart(app, 'logging', chartProps);
  const daemonSet = new DaemonSet(chart, 'Shipper', { containers: [CONTAINER], ...props });
  const output = synthesize(app).manifests;
  return { daemonSet, output, object: findObject(output, 'DaemonSet', daemonSet.name) };
}

describe('DaemonSet', () => {
  test('a minimal DaemonSet rolls one node at a time, with no replicas, spreading, budget, host paths or tolerations, and is valid', () => {
    const { object, output } = synthDaemonSet();
    expect(object.apiVersion).toBe('apps/v1');
    expect(object.spec.selector).toEqual({ matchLabels: { 'app.kubernetes.io/name': 'shipper' } });
    expect(object.spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } });
    expect(object.spec).not.toHaveProperty('replicas');
    const pod = object.spec.template.spec;
    expect(pod).not.toHaveProperty('topologySpreadConstraints');
    expect(pod).not.toHaveProperty('tolerations');
    expect(pod).not.toHaveProperty('volumes');
    expect(pod).not.toHaveProperty('hostNetwork');
    expect(pod.containers[0].readinessProbe).toEqual({ tcpSocket: { port: 'metrics' } });
    expect(findObjects(output, 'PodDisruptionBudget')).toEqual([]);
  });

  test('a DaemonSet renders every prop: update strategy, minimum ready time, tolerations, host paths where asked for', () => {
    const { object } = synthDaemonSet({
      name: 'log-shipper',
      updateStrategy: DaemonSetUpdateStrategy.rollingUpdate({ maxUnavailable: 0, maxSurge: '10%' }),
      minReady: Duration.seconds(20),
      tolerations: [Toleration.everything()],
      volumes: [Volume.fromHostPath('varlog', '/var/log', { type: HostPathType.DIRECTORY })],
      priorityClassName: 'system-node-critical',
      nodeSelector: { 'kubernetes.io/os': 'linux' },
    }, { namespaceProps: { podSecurity: PodSecurityLevel.PRIVILEGED } });
    expect(object.metadata.name).toBe('log-shipper');
    expect(object.spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: '10%' } });
    expect(object.spec.minReadySeconds).toBe(20);
    const pod = object.spec.template.spec;
    expect(pod.tolerations).toEqual([{ operator: 'Exists' }]);
    expect(pod.volumes).toEqual([{ name: 'varlog', hostPath: { path: '/var/log', type: 'Directory' } }]);
    expect(pod.priorityClassName).toBe('system-node-critical');
    expect(pod.nodeSelector).toEqual({ 'kubernetes.io/os': 'linux' });
  });

  test('fails at synthesis when a DaemonSet mounts a host path in a namespace that enforces baseline Pod Security', () => {
    const volumes = [Volume.fromHostPath('varlog', '/var/log', { type: HostPathType.DIRECTORY })];
    expect(() => synthDaemonSet({ volumes })).toThrow(SynthesisError);
    expect(() => synthDaemonSet({ volumes })).toThrow(/pod-security\/host-path-volumes[\s\S]*volume "varlog" is a hostPath volume/);
  });

  test('a DaemonSet can be updated only when its pods are deleted', () => {
    expect(synthDaemonSet({ updateStrategy: DaemonSetUpdateStrategy.onDelete() }).object.spec.updateStrategy).toEqual({ type: 'OnDelete' });
  });

  test('tolerations added after construction reach the output', () => {
    const app = new App();
    const daemonSet = new DaemonSet(new AppChart(app, 'logging'), 'Shipper', { containers: [CONTAINER] });
    daemonSet.tolerate(Toleration.exists('node-role.kubernetes.io/control-plane', { effect: TaintEffect.NO_SCHEDULE }));
    expect(findObject(synthesize(app).manifests, 'DaemonSet', 'shipper').spec.template.spec.tolerations).toEqual([
      { key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' },
    ]);
  });

  test('fails when both maxUnavailable and maxSurge are 0', () => {
    expectValidationError(() => synthDaemonSet({ updateStrategy: DaemonSetUpdateStrategy.rollingUpdate({ maxUnavailable: 0 }) }), {
      problem: /cannot be 0 while maxSurge is 0 too/,
      path: 'logging/Shipper',
      field: 'updateStrategy.maxUnavailable',
      value: '0',
      fix: /maxSurge to 1/,
    });
  });

  test('fails on a negative or malformed update budget', () => {
    expect(() => synthDaemonSet({ updateStrategy: DaemonSetUpdateStrategy.rollingUpdate({ maxUnavailable: -1 }) })).toThrow(/updateStrategy\.maxUnavailable: must be a whole number >= 0 or a percentage/);
    expect(() => synthDaemonSet({ updateStrategy: DaemonSetUpdateStrategy.rollingUpdate({ maxSurge: '150%' }) })).toThrow(/updateStrategy\.maxSurge: must be a whole number >= 0 or a percentage.*got "150%"/);
  });
});
