import { App, Duration } from 'cdk8s';
import { AppChart, AppChartProps, DaemonSet, DaemonSetProps, DaemonSetUpdateStrategy, DnsPolicy, HostPathType, PodSecurityLevel, Protocol, synthesize, SynthesisError, TaintEffect, Toleration, Volume } from '../../../src';
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

  describe('host namespaces', () => {
    const privileged = { namespaceProps: { podSecurity: PodSecurityLevel.PRIVILEGED } };
    const skipChecks = { 'policy/host-network': 'a node agent', 'policy/host-pid': 'a node agent', 'policy/host-ipc': 'a node agent' };

    test('a node agent shares the node\'s network, process and IPC namespaces when asked, and keeps resolving Service names', () => {
      const pod = synthDaemonSet({ hostNetwork: true, hostPID: true, hostIPC: true, skipChecks }, privileged).object.spec.template.spec;
      expect(pod).toMatchObject({ hostNetwork: true, hostPID: true, hostIPC: true, dnsPolicy: 'ClusterFirstWithHostNet' });
    });

    test('the DNS policy can be chosen, with the host network or without', () => {
      expect(synthDaemonSet({ hostNetwork: true, dnsPolicy: DnsPolicy.DEFAULT, skipChecks }, privileged).object.spec.template.spec.dnsPolicy).toBe('Default');
      expect(synthDaemonSet({ dnsPolicy: DnsPolicy.CLUSTER_FIRST }).object.spec.template.spec.dnsPolicy).toBe('ClusterFirst');
    });

    test('without them, none of the fields is written', () => {
      const pod = synthDaemonSet({ hostNetwork: false, hostPID: false, hostIPC: false }).object.spec.template.spec;
      for (const field of ['hostNetwork', 'hostPID', 'hostIPC', 'dnsPolicy']) expect(pod).not.toHaveProperty(field);
    });

    test('fails at synthesis in a Namespace that enforces baseline Pod Security, which refuses host namespaces, and until the policy check is skipped with a reason', () => {
      expect(() => synthDaemonSet({ hostNetwork: true, skipChecks })).toThrow(/ERROR pod-security\/host-namespaces[\s\S]*hostNetwork=true/);
      expect(() => synthDaemonSet({ hostPID: true }, privileged)).toThrow(/ERROR policy\/host-pid[\s\S]*spec\.template\.spec\.hostPID = true/);
    });

    test('fails on a network sysctl with hostNetwork, in either spelling, since it would change the node\'s own setting', () => {
      expectValidationError(() => synthDaemonSet({ hostNetwork: true, securityContext: { sysctls: [{ name: 'kernel.shm_rmid_forced', value: '1' }, { name: 'net.ipv4.ip_local_port_range', value: '1024 65535' }] } }, privileged), {
        path: 'logging/Shipper',
        field: 'securityContext.sysctls[1].name',
        value: '"net.ipv4.ip_local_port_range"',
        problem: /is a sysctl of the network namespace, which the pods share with the node \(hostNetwork: true\)/,
        fix: /Remove the sysctl, or remove hostNetwork: true/,
      });
      expect(() => synthDaemonSet({ hostNetwork: true, securityContext: { sysctls: [{ name: 'net/ipv4/ip_forward', value: '1' }] } }, privileged)).toThrow(/sysctls\[0\]\.name: is a sysctl of the network namespace/);
    });

    test('fails when two containers on the host network listen on one port, which would be one port of the node', () => {
      expectValidationError(() => synthDaemonSet({
        hostNetwork: true,
        skipChecks,
        containers: [
          { image: 'prom/node-exporter:v1.8.2', ports: [{ number: 9100, name: 'metrics' }] },
          { name: 'proxy', image: 'quay.io/brancz/kube-rbac-proxy:v0.18.1', ports: [{ number: 8443, name: 'https' }, { number: 9100, name: 'again' }] },
        ],
      }, privileged), {
        path: 'logging/Shipper',
        field: 'containers[1].ports[1]',
        value: '9100',
        problem: /opens host port TCP\/9100, which another container of the pod already opens \(with hostNetwork every container port is a port of the node\)/,
        fix: /Give each container its own ports/,
      });
      const apart = synthDaemonSet({ skipChecks, containers: [{ image: 'nginx:1.27.2', ports: [{ number: 9100 }] }, { name: 'other', image: 'nginx:1.27.2', ports: [{ number: 9100, protocol: Protocol.UDP }] }] }, privileged);
      expect(apart.object.spec.template.spec.containers).toHaveLength(2);
      expect(() => synthDaemonSet({ containers: [{ image: 'nginx:1.27.2', ports: [{ number: 8080, hostPort: 80 }] }, { name: 'other', image: 'nginx:1.27.2', ports: [{ number: 8081, hostPort: 80 }] }] }, privileged))
        .toThrow(/containers\[1\]\.ports\[0\]: opens host port TCP\/80, which another container of the pod already opens, so the API server refuses the pods/);
    });

    test('fails on an IPC sysctl with hostIPC, and allows each sysctl with the other namespace shared', () => {
      expectValidationError(() => synthDaemonSet({ hostIPC: true, securityContext: { sysctls: [{ name: 'kernel.shm_rmid_forced', value: '1' }] } }, privileged), {
        path: 'logging/Shipper',
        field: 'securityContext.sysctls[0].name',
        value: '"kernel.shm_rmid_forced"',
        problem: /is a sysctl of the IPC namespace, which the pods share with the node \(hostIPC: true\)/,
        fix: /remove hostIPC: true/,
      });
      const pod = synthDaemonSet({
        hostNetwork: true,
        skipChecks,
        securityContext: { sysctls: [{ name: 'kernel.shm_rmid_forced', value: '1' }] },
      }, privileged).object.spec.template.spec;
      expect(pod.securityContext.sysctls).toEqual([{ name: 'kernel.shm_rmid_forced', value: '1' }]);
      expect(synthDaemonSet({ hostIPC: true, skipChecks, securityContext: { sysctls: [{ name: 'net.ipv4.ping_group_range', value: '0 0' }] } }, privileged).object.spec.template.spec.hostIPC).toBe(true);
    });
  });
});
