import { validateYaml, type KubernetesVersion } from '../../../src/validate';

/** A Pod with the given spec fields before its containers and the given sysctls. */
const pod = (specFields: string, sysctls: readonly string[]): string =>
  [
    'apiVersion: v1',
    'kind: Pod',
    'metadata:',
    '  name: tuned',
    'spec:',
    ...specFields.split('\n').filter((line) => line !== '').map((line) => `  ${line}`),
    '  securityContext:',
    '    sysctls:',
    ...sysctls.map((name) => `    - {name: ${JSON.stringify(name)}, value: "1"}`),
    '  containers:',
    '  - {name: app, image: "nginx:1.27.0"}',
    '',
  ].join('\n');

/** The sysctl problems the validator reports for a document, for the given target versions. */
const sysctlProblemsOf = (text: string, versions: readonly KubernetesVersion[] = ['1.36']) =>
  validateYaml([{ file: 'pod.yaml', text }], { policies: false, kubernetesVersions: versions })
    .problems.filter((problem) => problem.ruleId.includes('sysctl'))
    .map((problem) => ({ ruleId: problem.ruleId, severity: problem.severity, fieldPath: problem.fieldPath, value: problem.value, message: problem.message, fix: problem.fix }));

describe('API-server rules: sysctls and the namespaces a pod shares with the node', () => {
  test('fails on a network sysctl in a pod with hostNetwork, in the words of the API server', () => {
    expect(sysctlProblemsOf(pod('hostNetwork: true', ['net.ipv4.ip_local_port_range']))).toEqual([
      {
        ruleId: 'api/sysctl-host-namespace',
        severity: 'error',
        fieldPath: 'spec.securityContext.sysctls[0].name',
        value: 'net.ipv4.ip_local_port_range',
        message: 'spec.securityContext.sysctls[0].name sets "net.ipv4.ip_local_port_range", a sysctl of the network namespace, which may not be specified when \'hostNetwork\' is true',
        fix: "Remove the sysctl (with hostNetwork the pod shares the node's network namespace, so it would change the node's own setting), or remove hostNetwork: true.",
      },
    ]);
  });

  test('fails on each IPC sysctl in a pod with hostIPC: kernel.shm*, kernel.msg*, kernel.sem and fs.mqueue.*', () => {
    const names = ['kernel.shmmax', 'kernel.msgmnb', 'kernel.sem', 'fs.mqueue.msg_max', 'kernel.shm_rmid_forced'];
    const problems = sysctlProblemsOf(pod('hostIPC: true', names));
    expect(problems.map((problem) => [problem.ruleId, problem.fieldPath, problem.value])).toEqual(
      names.map((name, index) => ['api/sysctl-host-namespace', `spec.securityContext.sysctls[${index}].name`, name]),
    );
    expect(problems[0]?.message).toBe('spec.securityContext.sysctls[0].name sets "kernel.shmmax", a sysctl of the IPC namespace, which may not be specified when \'hostIPC\' is true');
  });

  test('reads a name written with "/" as the kubelet does, and a workload template at its own path', () => {
    const deployment = [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata: {name: web}',
      'spec:',
      '  selector: {matchLabels: {app: web}}',
      '  template:',
      '    metadata: {labels: {app: web}}',
      '    spec:',
      '      hostNetwork: true',
      '      securityContext: {sysctls: [{name: net/ipv4/conf/eno2.100/rp_filter, value: "1"}]}',
      '      containers: [{name: web, image: "nginx:1.27.0"}]',
      '',
    ].join('\n');
    expect(sysctlProblemsOf(deployment).map((problem) => [problem.ruleId, problem.fieldPath])).toEqual([['api/sysctl-host-namespace', 'spec.template.spec.securityContext.sysctls[0].name']]);
  });

  test('a pod with hostNetwork may set IPC sysctls, and a pod with hostIPC may set network sysctls', () => {
    expect(sysctlProblemsOf(pod('hostNetwork: true', ['kernel.shm_rmid_forced', 'fs.mqueue.queues_max']))).toEqual([]);
    expect(sysctlProblemsOf(pod('hostIPC: true', ['net.ipv4.ip_unprivileged_port_start', 'net.core.somaxconn']))).toEqual([]);
  });

  test('a pod in its own namespaces may set network and IPC sysctls, and one sharing both may set sysctls of neither', () => {
    expect(sysctlProblemsOf(pod('hostNetwork: false', ['net.ipv4.ip_local_port_range', 'kernel.sem', 'kernel.msgmax']))).toEqual([]);
    // kernel.shmfoo is not a known IPC sysctl and vm.* is in no namespace: the API server leaves them to the kubelet.
    expect(sysctlProblemsOf(pod('hostNetwork: true\nhostIPC: true', ['kernel.shmfoo', 'vm.swappiness']))).toEqual([]);
  });

  test('for Kubernetes 1.27, whose API server accepts the pod, it is a warning that the kubelet will refuse to run it', () => {
    const problems = sysctlProblemsOf(pod('hostNetwork: true', ['net.core.somaxconn']), ['1.27', '1.36']);
    expect(problems.map((problem) => problem.severity)).toEqual(['warning', 'error']);
    expect(problems[0]?.message).toMatch(/the 1\.27 API server accepts this, but the kubelet refuses to run the pod: "not allowed with host net enabled"/);
  });

  test('fails on a sysctl name the API server does not accept, and on a name set twice', () => {
    const problems = sysctlProblemsOf(pod('', ['Net.IPv4.x', 'net.core.somaxconn', 'net.core.somaxconn']));
    expect(problems.map((problem) => [problem.ruleId, problem.fieldPath, problem.value])).toEqual([
      ['api/sysctl-name', 'spec.securityContext.sysctls[0].name', 'Net.IPv4.x'],
      ['api/duplicate-sysctl', 'spec.securityContext.sysctls[2].name', 'net.core.somaxconn'],
    ]);
  });
});
