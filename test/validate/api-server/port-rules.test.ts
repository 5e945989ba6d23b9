import { validateYaml } from '../../../src/validate';

interface PortSpec {
  readonly containerPort: number;
  readonly hostPort?: number;
  readonly protocol?: string;
  readonly hostIP?: string;
}

/** A pod spec (of a Pod, or of a DaemonSet template) with these containers and init containers, each a list of ports. */
const podDocument = (kind: 'Pod' | 'DaemonSet', options: { hostNetwork?: boolean; containers: PortSpec[][]; initContainers?: PortSpec[][] }): string => {
  const containers = (list: PortSpec[][], prefix: string) => list.map((ports, index) => ({ name: `${prefix}${index}`, image: 'nginx:1.27.0', ports }));
  const spec = {
    ...(options.hostNetwork === true ? { hostNetwork: true } : {}),
    ...(options.initContainers === undefined ? {} : { initContainers: containers(options.initContainers, 'init') }),
    containers: containers(options.containers, 'app'),
  };
  const object = kind === 'Pod'
    ? { apiVersion: 'v1', kind, metadata: { name: 'agent' }, spec }
    : { apiVersion: 'apps/v1', kind, metadata: { name: 'agent' }, spec: { selector: { matchLabels: { app: 'agent' } }, template: { metadata: { labels: { app: 'agent' } }, spec } } };
  return JSON.stringify(object);
};

/** The port warnings of a document: rule, field and message. */
const portWarnings = (text: string) =>
  validateYaml([{ file: 'agent.yaml', text }], { policies: false, kubernetesVersions: ['1.36'] })
    .problems.filter((problem) => problem.severity === 'warning' && ['api/duplicate-port', 'api/host-ip-without-host-port'].includes(problem.ruleId))
    .map((problem) => [problem.ruleId, problem.fieldPath, problem.message.replace(/ \(the API server warns.*$/, '')]);

/** The host port problems of a document: rule, field and value. */
const hostPortProblems = (text: string) =>
  validateYaml([{ file: 'agent.yaml', text }], { policies: false, kubernetesVersions: ['1.36'] })
    .problems.filter((problem) => problem.ruleId.includes('host-') && problem.ruleId.startsWith('api/'))
    .map((problem) => [problem.ruleId, problem.severity, problem.fieldPath, problem.value]);

describe('API-server rules: host ports', () => {
  test('fails when two containers of a pod open the same protocol, host IP and host port, in the words of the API server', () => {
    const text = podDocument('Pod', { containers: [[{ containerPort: 8080, hostPort: 80 }], [{ containerPort: 8081, hostPort: 80 }]] });
    expect(hostPortProblems(text)).toEqual([['api/duplicate-host-port', 'error', 'spec.containers[1].ports[0].hostPort', 80]]);
    const [problem] = validateYaml([{ file: 'agent.yaml', text }], { policies: false, kubernetesVersions: ['1.36'] }).problems.filter((found) => found.ruleId === 'api/duplicate-host-port');
    expect(problem?.message).toBe('spec.containers[1].ports[0].hostPort opens TCP//80 on the node, which spec.containers[0].ports[0].hostPort already opens, so the API server refuses the pods');
    expect(problem?.fix).toBe('Open each host port once per pod (per protocol and host IP).');
  });

  test('the same host port is fine once per protocol and per host IP, and a host port of 0 opens nothing', () => {
    expect(hostPortProblems(podDocument('Pod', { containers: [
      [{ containerPort: 53, hostPort: 53 }, { containerPort: 53, hostPort: 53, protocol: 'UDP' }],
      [{ containerPort: 8080, hostPort: 80, hostIP: '10.0.0.1' }, { containerPort: 8081, hostPort: 80, hostIP: '10.0.0.2' }],
      [{ containerPort: 9000, hostPort: 0 }, { containerPort: 9001, hostPort: 0 }],
    ] }))).toEqual([]);
  });

  test('with hostNetwork, an unset host port is the container port: two containers on one port fail, in a Pod and in a template', () => {
    for (const kind of ['Pod', 'DaemonSet'] as const) {
      const text = podDocument(kind, { hostNetwork: true, containers: [[{ containerPort: 9100 }], [{ containerPort: 9100 }]] });
      const prefix = kind === 'Pod' ? 'spec' : 'spec.template.spec';
      expect(hostPortProblems(text)).toEqual([['api/duplicate-host-port', 'error', `${prefix}.containers[1].ports[0].hostPort`, 9100]]);
    }
    expect(hostPortProblems(podDocument('DaemonSet', { containers: [[{ containerPort: 9100 }], [{ containerPort: 9100 }]] }))).toEqual([]);
  });

  test('with hostNetwork, a regular container\'s host port must equal its container port; an init container\'s need not', () => {
    expect(hostPortProblems(podDocument('DaemonSet', {
      hostNetwork: true,
      initContainers: [[{ containerPort: 80, hostPort: 81 }]],
      containers: [[{ containerPort: 8080, hostPort: 80 }, { containerPort: 9100, hostPort: 9100 }]],
    }))).toEqual([['api/host-network-port', 'error', 'spec.template.spec.containers[0].ports[0].hostPort', 80]]);
  });

  test('each init container is checked on its own, as it runs alone', () => {
    expect(hostPortProblems(podDocument('Pod', {
      initContainers: [[{ containerPort: 80, hostPort: 81 }, { containerPort: 82, hostPort: 81 }], [{ containerPort: 80, hostPort: 80 }]],
      containers: [[{ containerPort: 8080, hostPort: 80 }]],
    }))).toEqual([['api/duplicate-host-port', 'error', 'spec.initContainers[0].ports[1].hostPort', 81]]);
  });

  describe('the API server\'s port definition warnings', () => {
    test('one container port and protocol declared twice in a pod, across containers and init containers, is a duplicate', () => {
      expect(portWarnings(podDocument('Pod', {
        initContainers: [[{ containerPort: 8080 }]],
        containers: [[{ containerPort: 8080 }], [{ containerPort: 8080 }, { containerPort: 8080, protocol: 'UDP' }]],
      }))).toEqual([
        ['api/duplicate-port', 'spec.containers[0].ports[0]', 'spec.containers[0].ports[0]: duplicate port definition with spec.initContainers[0].ports[0]'],
        ['api/duplicate-port', 'spec.containers[1].ports[0]', 'spec.containers[1].ports[0]: duplicate port definition with spec.initContainers[0].ports[0]'],
        ['api/duplicate-port', 'spec.containers[1].ports[0]', 'spec.containers[1].ports[0]: duplicate port definition with spec.containers[0].ports[0]'],
      ]);
    });

    test('the same container port with and without a host port overlaps; one host port with and without a host IP is ambiguous; a host IP alone does nothing', () => {
      expect(portWarnings(podDocument('DaemonSet', { containers: [
        [{ containerPort: 80, hostPort: 80, hostIP: '10.0.0.1' }],
        [{ containerPort: 80 }],
        [{ containerPort: 443, hostPort: 443, hostIP: '10.0.0.1' }, { containerPort: 443, hostPort: 443 }, { containerPort: 9000, hostIP: '10.0.0.2' }],
      ] }))).toEqual([
        ['api/duplicate-port', 'spec.template.spec.containers[1].ports[0]', 'spec.template.spec.containers[1].ports[0]: overlapping port definition with spec.template.spec.containers[0].ports[0]'],
        ['api/duplicate-port', 'spec.template.spec.containers[2].ports[1]', 'spec.template.spec.containers[2].ports[1]: dangerously ambiguous port definition with spec.template.spec.containers[2].ports[0]'],
        ['api/host-ip-without-host-port', 'spec.template.spec.containers[2].ports[2]', 'spec.template.spec.containers[2].ports[2] sets hostIP 10.0.0.2 without a hostPort, which does nothing'],
      ]);
    });

    test('one port and protocol twice in one container is an error, as server-side apply keys a container\'s ports by them', () => {
      const text = podDocument('Pod', { containers: [[{ containerPort: 80 }, { containerPort: 80, protocol: 'UDP' }, { containerPort: 80, hostPort: 8080 }]] });
      expect(hostPortProblems(text)).toEqual([]);
      const errors = validateYaml([{ file: 'agent.yaml', text }], { policies: false, kubernetesVersions: ['1.36'] }).problems.filter((problem) => problem.severity === 'error');
      expect(errors.map((problem) => [problem.ruleId, problem.fieldPath, problem.value])).toEqual([['api/duplicate-port-key', 'spec.containers[0].ports[2]', 80]]);
      expect(errors[0]?.message).toBe('spec.containers[0].ports[2] declares 80/TCP again (also spec.containers[0].ports[0]): server-side apply, which shipshape apply and `kubectl apply --server-side` use, keys a container\'s ports by containerPort and protocol and refuses the object');
    });

    test('one host port on two host IPs, and different container ports, are no warning', () => {
      expect(portWarnings(podDocument('Pod', { containers: [[{ containerPort: 80, hostPort: 80, hostIP: '10.0.0.1' }], [{ containerPort: 80, hostPort: 80, hostIP: '10.0.0.2' }, { containerPort: 81 }]] }))).toEqual([]);
    });
  });
});
