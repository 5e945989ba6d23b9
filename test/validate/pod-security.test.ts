import { Testing } from 'cdk8s';
import { AppChart, Deployment, Environment, PodSecurityLevel, Volume } from '../../src';
import type { KubeObject } from '../../src/manifest/kube-object';
import { synthesize } from '../../src/synth';
import { validateManifests, type KubernetesVersion, type Problem } from '../../src/validate';

type Labels = Record<string, string>;

const namespace = (name: string, labels: Labels): KubeObject => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } });
const levels = (enforce: string, extra: Labels = {}): Labels => ({ 'pod-security.kubernetes.io/enforce': enforce, ...extra });

/** A container that passes the restricted level. */
const hardened = (name = 'main', extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  name,
  image: 'registry.example.com/app:1.0.0',
  securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, ...extra },
});
/** A pod spec that passes the restricted level. */
const restrictedSpec = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
  containers: [hardened()],
  ...overrides,
});
const pod = (spec: Record<string, unknown>, ns = 'apps', annotations: Labels = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p', namespace: ns, annotations },
  spec,
});
const deployment = (spec: Record<string, unknown>, ns = 'apps', annotations: Labels = {}): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: ns },
  spec: { selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' }, annotations }, spec } },
});

function check(objects: KubeObject[], versions: KubernetesVersion[] = ['1.36']): Problem[] {
  return validateManifests(objects.map((object) => ({ object })), { policies: false, references: false, kubernetesVersions: versions }).problems.filter((problem) =>
    problem.ruleId.startsWith('pod-security/'),
  );
}
const summary = (problems: readonly Problem[]): string[] => problems.map((problem) => `${problem.severity} ${problem.ruleId} ${problem.fieldPath ?? ''}`);

describe('Pod Security levels of a Namespace', () => {
  test('a restricted-compliant pod passes every level', () => {
    for (const level of ['privileged', 'baseline', 'restricted']) expect(check([namespace('apps', levels(level)), pod(restrictedSpec())])).toEqual([]);
  });

  test('pods in a Namespace that is not part of the input, or without a namespace, are not checked', () => {
    const bad = restrictedSpec({ hostNetwork: true });
    expect(check([namespace('other', levels('restricted')), pod(bad, 'apps')])).toEqual([]);
    expect(check([namespace('apps', levels('restricted')), { ...pod(bad), metadata: { name: 'p' } }])).toEqual([]);
  });

  test('a Namespace without Pod Security labels, or a privileged one, checks nothing', () => {
    const bad = restrictedSpec({ hostNetwork: true, volumes: [{ name: 'h', hostPath: { path: '/' } }] });
    expect(check([namespace('apps', {}), pod(bad)])).toEqual([]);
    expect(check([namespace('apps', levels('privileged')), pod(bad)])).toEqual([]);
  });

  test('a violation of the enforced level is an error that names the level, the Namespace, the field and the value', () => {
    const problems = check([namespace('apps', levels('baseline')), pod(restrictedSpec({ volumes: [{ name: 'logs', hostPath: { path: '/var/log' } }] }))]);
    expect(problems).toEqual([
      expect.objectContaining({
        ruleId: 'pod-security/host-path-volumes',
        severity: 'error',
        fieldPath: 'spec.volumes[0].hostPath',
        value: '/var/log',
        message: 'Namespace "apps" enforces Pod Security "baseline:latest", so the API server refuses this Pod: volume "logs" is a hostPath volume',
        object: expect.objectContaining({ kind: 'Pod', namespace: 'apps', name: 'p' }),
      }),
    ]);
    expect(problems[0]?.fix).toMatch(/emptyDir.*enforce level is privileged/);
  });

  test('a workload template is checked like its pods: the workload is accepted, its pods are refused', () => {
    const [problem] = check([namespace('apps', levels('baseline')), deployment(restrictedSpec({ hostPID: true }))]);
    expect(problem).toMatchObject({ severity: 'error', ruleId: 'pod-security/host-namespaces', fieldPath: 'spec.template.spec.hostPID' });
    expect(problem?.message).toContain('will refuse every pod this Deployment creates (the Deployment itself is accepted)');
  });

  test.each([
    ['DaemonSet', 'apps/v1', (spec: object) => ({ selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec } }), 'spec.template.spec'],
    ['StatefulSet', 'apps/v1', (spec: object) => ({ serviceName: 's', selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec } }), 'spec.template.spec'],
    ['ReplicaSet', 'apps/v1', (spec: object) => ({ selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec } }), 'spec.template.spec'],
    ['ReplicationController', 'v1', (spec: object) => ({ selector: { a: 'b' }, template: { metadata: { labels: { a: 'b' } }, spec } }), 'spec.template.spec'],
    ['Job', 'batch/v1', (spec: object) => ({ template: { spec: { ...spec, restartPolicy: 'Never' } } }), 'spec.template.spec'],
    ['CronJob', 'batch/v1', (spec: object) => ({ schedule: '@daily', jobTemplate: { spec: { template: { spec: { ...spec, restartPolicy: 'Never' } } } } }), 'spec.jobTemplate.spec.template.spec'],
  ])('a %s template is checked', (kind, apiVersion, specOf, specPath) => {
    const object: KubeObject = { apiVersion, kind, metadata: { name: 'w', namespace: 'apps' }, spec: specOf(restrictedSpec({ hostIPC: true })) };
    expect(summary(check([namespace('apps', levels('baseline')), object]))).toEqual([`error pod-security/host-namespaces ${specPath}.hostIPC`]);
  });

  test('a DaemonSet with a hostPath volume in a Namespace enforcing baseline fails, as in issue 8', () => {
    const logShipper: KubeObject = {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'log-shipper', namespace: 'apps' },
      spec: {
        selector: { matchLabels: { app: 'log-shipper' } },
        template: {
          metadata: { labels: { app: 'log-shipper' } },
          spec: { containers: [{ name: 'shipper', image: 'fluent/fluent-bit:3.1.0', volumeMounts: [{ name: 'logs', mountPath: '/var/log' }] }], volumes: [{ name: 'logs', hostPath: { path: '/var/log' } }] },
        },
      },
    };
    const problems = check([namespace('apps', levels('baseline', { 'pod-security.kubernetes.io/warn': 'restricted' })), logShipper]);
    expect(problems.filter((problem) => problem.severity === 'error')).toEqual([
      expect.objectContaining({ ruleId: 'pod-security/host-path-volumes', fieldPath: 'spec.template.spec.volumes[0].hostPath', value: '/var/log' }),
    ]);
    expect(problems.filter((problem) => problem.severity === 'warning').map((problem) => problem.ruleId)).toEqual([
      'pod-security/allow-privilege-escalation',
      'pod-security/capabilities-restricted',
      'pod-security/run-as-non-root',
      'pod-security/seccomp-profile-restricted',
    ]);
  });

  test('warn and audit levels give warnings; the same rule failing in both is one warning', () => {
    const ns = namespace('apps', { 'pod-security.kubernetes.io/warn': 'restricted', 'pod-security.kubernetes.io/audit': 'restricted' });
    const problems = check([ns, deployment(restrictedSpec({ securityContext: { seccompProfile: { type: 'RuntimeDefault' } } }))]);
    expect(summary(problems)).toEqual(['warning pod-security/run-as-non-root spec.template.spec.securityContext.runAsNonRoot']);
    expect(problems[0]?.message).toContain('the warn and audit level of Namespace "apps" (the API server answers with a warning and the audit log records it');
  });

  test('a rule the enforced level refuses is reported once, as an error, not again as a warning', () => {
    const ns = namespace('apps', levels('baseline', { 'pod-security.kubernetes.io/warn': 'restricted' }));
    const problems = check([ns, pod(restrictedSpec({ hostNetwork: true }))]);
    expect(summary(problems)).toEqual(['error pod-security/host-namespaces spec.hostNetwork']);
  });

  test('a restricted rule that replaces a baseline one adds only what the baseline error does not say', () => {
    const ns = namespace('apps', levels('baseline', { 'pod-security.kubernetes.io/warn': 'restricted' }));
    const spec = restrictedSpec({ volumes: [{ name: 'h', hostPath: { path: '/' } }], containers: [hardened('main', { capabilities: { add: ['NET_ADMIN'] } })] });
    expect(summary(check([ns, pod(spec)]))).toEqual([
      'error pod-security/capabilities-baseline spec.containers[0].securityContext.capabilities.add[0]',
      'error pod-security/host-path-volumes spec.volumes[0].hostPath',
      'warning pod-security/capabilities-restricted spec.containers[0].securityContext.capabilities.drop',
    ]);
  });

  test('one problem per rule and template names every offending container', () => {
    const spec = restrictedSpec({ containers: [hardened('a', { privileged: true }), hardened('b', { privileged: true })], initContainers: [hardened('init', { privileged: true })] });
    const problems = check([namespace('apps', levels('baseline')), deployment(spec)]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ fieldPath: 'spec.template.spec.initContainers[0].securityContext.privileged', value: true });
    expect(problems[0]?.message).toMatch(/container "init" must not.*; container "a" must not.*; container "b" must not/);
  });

  test('without a warn label, warn follows a stricter enforce level', () => {
    const problems = check([namespace('apps', levels('restricted')), deployment(restrictedSpec({ securityContext: {} }))]);
    expect(problems.map((problem) => problem.severity)).toEqual(['error', 'error']);
  });

  test('a Namespace with a bad level or version label is refused itself, and its pods are not checked', () => {
    const problems = check([namespace('apps', { 'pod-security.kubernetes.io/enforce': 'strict', 'pod-security.kubernetes.io/warn-version': '1.27' }), pod(restrictedSpec({ hostPID: true }))]);
    expect(summary(problems)).toEqual([
      'error pod-security/namespace-labels metadata.labels["pod-security.kubernetes.io/enforce"]',
      'error pod-security/namespace-labels metadata.labels["pod-security.kubernetes.io/warn-version"]',
    ]);
    expect(problems[0]).toMatchObject({ value: 'strict', object: expect.objectContaining({ kind: 'Namespace' }) });
  });

  test('switching a rule off with a reason suppresses it on that object only', () => {
    const skipped = pod(restrictedSpec({ hostNetwork: true }));
    const annotated = { ...skipped, metadata: { ...skipped.metadata, annotations: { 'validate.shipshape.io/skip': 'pod-security/host-namespaces: a node agent' } } };
    expect(check([namespace('apps', levels('baseline')), annotated])).toEqual([]);
  });

  test('the option podSecurity: false switches every Pod Security check off', () => {
    const objects = [namespace('apps', levels('baseline')), pod(restrictedSpec({ hostNetwork: true }))];
    const report = validateManifests(objects.map((object) => ({ object })), { policies: false, references: false, podSecurity: false });
    expect(report.problems).toEqual([]);
  });
});

describe('each Pod Security rule', () => {
  const baselineCases: [string, Record<string, unknown>, Labels, string][] = [
    ['host-namespaces', { hostNetwork: true }, {}, 'spec.hostNetwork'],
    ['privileged', { containers: [hardened('main', { privileged: true })] }, {}, 'spec.containers[0].securityContext.privileged'],
    ['capabilities-baseline', { containers: [hardened('main', { capabilities: { add: ['SYS_ADMIN'] } })] }, {}, 'spec.containers[0].securityContext.capabilities.add[0]'],
    ['host-path-volumes', { volumes: [{ name: 'h', hostPath: { path: '/etc' } }] }, {}, 'spec.volumes[0].hostPath'],
    ['host-ports', { containers: [{ ...hardened(), ports: [{ containerPort: 80, hostPort: 8080 }] }] }, {}, 'spec.containers[0].ports[0].hostPort'],
    ['app-armor-profile', { securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' }, appArmorProfile: { type: 'Unconfined' } } }, {}, 'spec.securityContext.appArmorProfile.type'],
    ['app-armor-profile', {}, { 'container.apparmor.security.beta.kubernetes.io/main': 'unconfined' }, 'metadata.annotations["container.apparmor.security.beta.kubernetes.io/main"]'],
    ['selinux-options', { containers: [hardened('main', { seLinuxOptions: { type: 'spc_t' } })] }, {}, 'spec.containers[0].securityContext.seLinuxOptions.type'],
    ['selinux-options', { containers: [hardened('main', { seLinuxOptions: { user: 'system_u' } })] }, {}, 'spec.containers[0].securityContext.seLinuxOptions.user'],
    ['proc-mount', { containers: [hardened('main', { procMount: 'Unmasked' })] }, {}, 'spec.containers[0].securityContext.procMount'],
    ['seccomp-profile-baseline', { containers: [hardened('main', { seccompProfile: { type: 'Unconfined' } })] }, {}, 'spec.containers[0].securityContext.seccompProfile.type'],
    ['sysctls', { securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' }, sysctls: [{ name: 'kernel.msgmax', value: '1' }] } }, {}, 'spec.securityContext.sysctls[0].name'],
    ['windows-host-process', { containers: [hardened('main', { windowsOptions: { hostProcess: true } })] }, {}, 'spec.containers[0].securityContext.windowsOptions.hostProcess'],
    ['host-probes-and-lifecycle', { containers: [{ ...hardened(), readinessProbe: { httpGet: { host: '10.0.0.1', port: 80 } } }] }, {}, 'spec.containers[0].readinessProbe.httpGet.host'],
  ];
  test.each(baselineCases)('baseline refuses %s (case %#)', (rule, overrides, annotations, fieldPath) => {
    const bad = pod(restrictedSpec(overrides), 'apps', annotations);
    expect(summary(check([namespace('apps', levels('baseline')), bad]))).toEqual([`error pod-security/${rule} ${fieldPath}`]);
    expect(check([namespace('apps', levels('privileged')), bad])).toEqual([]);
  });

  const restrictedCases: [string, Record<string, unknown>, string][] = [
    ['restricted-volumes', { volumes: [{ name: 'n', nfs: { server: 'nfs', path: '/' } }] }, 'spec.volumes[0].nfs'],
    ['allow-privilege-escalation', { containers: [hardened('main', { allowPrivilegeEscalation: true })] }, 'spec.containers[0].securityContext.allowPrivilegeEscalation'],
    ['run-as-non-root', { securityContext: { seccompProfile: { type: 'RuntimeDefault' } } }, 'spec.securityContext.runAsNonRoot'],
    ['run-as-non-root', { containers: [hardened('main', { runAsNonRoot: false })] }, 'spec.containers[0].securityContext.runAsNonRoot'],
    ['run-as-user', { containers: [hardened('main', { runAsUser: 0 })] }, 'spec.containers[0].securityContext.runAsUser'],
    ['seccomp-profile-restricted', { securityContext: { runAsNonRoot: true } }, 'spec.securityContext.seccompProfile.type'],
    ['capabilities-restricted', { containers: [hardened('main', { capabilities: { drop: ['NET_RAW'] } })] }, 'spec.containers[0].securityContext.capabilities.drop'],
    ['capabilities-restricted', { containers: [hardened('main', { capabilities: { drop: ['ALL'], add: ['CHOWN'] } })] }, 'spec.containers[0].securityContext.capabilities.add[0]'],
  ];
  test.each(restrictedCases)('restricted refuses %s (case %#), baseline allows it', (rule, overrides, fieldPath) => {
    const bad = pod(restrictedSpec(overrides));
    expect(summary(check([namespace('apps', levels('restricted')), bad]))).toEqual([`error pod-security/${rule} ${fieldPath}`]);
    expect(check([namespace('apps', levels('baseline')), bad])).toEqual([]);
  });

  test('restricted allows NET_BIND_SERVICE, Localhost profiles, volumes of allowed types and a non-root user', () => {
    const spec = restrictedSpec({
      securityContext: { runAsNonRoot: true, runAsUser: 1000, seccompProfile: { type: 'Localhost', localhostProfile: 'p.json' } },
      containers: [hardened('main', { capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE'] } })],
      volumes: [{ name: 'a', emptyDir: {} }, { name: 'b', configMap: { name: 'c' } }, { name: 'c', persistentVolumeClaim: { claimName: 'd' } }, { name: 'd', projected: { sources: [] } }, { name: 'e', ephemeral: { volumeClaimTemplate: { spec: {} } } }],
    });
    expect(check([namespace('apps', levels('restricted')), pod(spec)])).toEqual([]);
  });

  test('container settings may replace the pod-level runAsNonRoot and seccomp profile', () => {
    const spec = restrictedSpec({ securityContext: {}, containers: [hardened('main', { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } })] });
    expect(check([namespace('apps', levels('restricted')), pod(spec)])).toEqual([]);
  });

  test('Windows pods are exempt from the Linux-only restricted rules from policy version 1.25', () => {
    const spec = { os: { name: 'windows' }, securityContext: { runAsNonRoot: true }, containers: [{ name: 'main', image: 'x:1' }] };
    expect(check([namespace('apps', levels('restricted')), pod(spec)])).toEqual([]);
    const old = check([namespace('apps', levels('restricted', { 'pod-security.kubernetes.io/enforce-version': 'v1.24' })), pod(spec)]);
    expect(old.map((problem) => problem.ruleId).sort()).toEqual(['pod-security/allow-privilege-escalation', 'pod-security/capabilities-restricted', 'pod-security/seccomp-profile-restricted']);
  });

  test('pods in a user namespace may run as root and unmask /proc from policy version 1.35', () => {
    const spec = restrictedSpec({ hostUsers: false, securityContext: { runAsUser: 0, seccompProfile: { type: 'RuntimeDefault' } }, containers: [hardened('main', { procMount: 'Unmasked' })] });
    expect(summary(check([namespace('apps', levels('baseline')), pod(spec)]))).toEqual([]);
    expect(summary(check([namespace('apps', levels('restricted')), pod(spec)]))).toEqual(['error pod-security/proc-mount-restricted spec.containers[0].securityContext.procMount']);
    const at134 = check([namespace('apps', levels('restricted', { 'pod-security.kubernetes.io/enforce-version': 'v1.34' })), pod(spec)]);
    expect(at134.map((problem) => problem.ruleId).sort()).toEqual(['pod-security/proc-mount', 'pod-security/run-as-non-root', 'pod-security/run-as-user']);
  });
});

describe('policy versions', () => {
  const sysctlPod = (name: string): KubeObject => pod(restrictedSpec({ securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' }, sysctls: [{ name, value: '1' }] } }));

  test('latest means the target Kubernetes version: a sysctl allowed from 1.32 is refused for 1.27 only', () => {
    const problems = check([namespace('apps', levels('baseline')), sysctlPod('net.ipv4.tcp_rmem')], ['1.27', '1.36']);
    expect(problems).toEqual([expect.objectContaining({ ruleId: 'pod-security/sysctls', kubernetesVersions: ['1.27'] })]);
  });

  test('an enforce-version pins the rules of that version', () => {
    const ns = namespace('apps', levels('baseline', { 'pod-security.kubernetes.io/enforce-version': 'v1.28' }));
    expect(check([ns, sysctlPod('net.ipv4.tcp_keepalive_time')])).toHaveLength(1);
    expect(check([ns, sysctlPod('net.ipv4.ip_local_reserved_ports')])).toEqual([]);
    expect(check([namespace('apps', levels('baseline', { 'pod-security.kubernetes.io/enforce-version': 'v1.26' })), sysctlPod('net.ipv4.ip_local_reserved_ports')])).toHaveLength(1);
  });

  test('probe hosts are refused from policy version 1.34 only', () => {
    const probed = pod(restrictedSpec({ containers: [{ ...hardened(), livenessProbe: { tcpSocket: { host: 'db', port: 5432 } } }] }));
    expect(check([namespace('apps', levels('baseline')), probed], ['1.27', '1.36'])).toEqual([expect.objectContaining({ ruleId: 'pod-security/host-probes-and-lifecycle', kubernetesVersions: ['1.36'] })]);
    expect(check([namespace('apps', levels('baseline', { 'pod-security.kubernetes.io/enforce-version': 'v1.33' })), probed])).toEqual([]);
  });

  test('the SELinux type container_engine_t is allowed from policy version 1.31', () => {
    const engine = pod(restrictedSpec({ containers: [hardened('main', { seLinuxOptions: { type: 'container_engine_t' } })] }));
    expect(check([namespace('apps', levels('baseline')), engine], ['1.27', '1.36'])).toEqual([expect.objectContaining({ kubernetesVersions: ['1.27'] })]);
  });

  test('before 1.19 the seccomp rule reads the alpha annotations', () => {
    const annotated = pod(restrictedSpec(), 'apps', { 'seccomp.security.alpha.kubernetes.io/pod': 'unconfined' });
    const ns = (version: string): KubeObject => namespace('apps', levels('baseline', { 'pod-security.kubernetes.io/enforce-version': version }));
    expect(summary(check([ns('v1.18'), annotated]))).toEqual(['error pod-security/seccomp-profile-baseline metadata.annotations["seccomp.security.alpha.kubernetes.io/pod"]']);
    expect(check([ns('v1.19'), annotated])).toEqual([]);
  });
});

describe('the Namespaces that shipshape creates', () => {
  const app = (podSecurity?: PodSecurityLevel, hostPath = false): ReturnType<typeof Testing.app> => {
    const root = Testing.app();
    const chart = new AppChart(new Environment(root, 'prod'), 'agents', podSecurity === undefined ? {} : { namespaceProps: { podSecurity } });
    const agent = new Deployment(chart, 'Agent', { replicas: 1, containers: [{ image: 'fluent/fluent-bit:3.1.0' }] });
    if (hostPath) agent.containers[0]!.mount('/var/log', Volume.fromHostPath('logs', '/var/log'), { readOnly: true });
    return root;
  };
  const podSecurityProblems = (root: ReturnType<typeof Testing.app>): string[] =>
    (synthesize(root).report?.problems ?? []).filter((problem) => problem.ruleId.startsWith('pod-security/')).map((problem) => `${problem.severity} ${problem.ruleId}`);

  test('enforce baseline and warn restricted: the default workload gets one restricted warning per rule, no error', () => {
    expect(podSecurityProblems(app())).toEqual(['warning pod-security/capabilities-restricted', 'warning pod-security/run-as-non-root']);
  });

  test('a hostPath volume in the default Namespace fails synthesis, naming the rule', () => {
    expect(() => synthesize(app(undefined, true))).toThrow(/ERROR pod-security\/host-path-volumes: Deployment agents-prod\/agent[\s\S]*enforces Pod Security "baseline:latest"/);
  });

  test('a privileged Namespace accepts the hostPath volume, and its baseline warn level (the next stricter) still flags it', () => {
    expect(podSecurityProblems(app(PodSecurityLevel.PRIVILEGED, true))).toEqual(['warning pod-security/host-path-volumes']);
  });

  test('a restricted Namespace refuses what the default workload leaves open', () => {
    expect(() => synthesize(app(PodSecurityLevel.RESTRICTED))).toThrow(/ERROR pod-security\/run-as-non-root/);
  });
});

test('a rule broken the same way under every target version is one problem, not one per version', () => {
  const spec = restrictedSpec({ securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' }, sysctls: [{ name: 'kernel.msgmax', value: '1' }] }, containers: [hardened('main', { seLinuxOptions: { type: 'spc_t' } })] });
  const problems = check([namespace('apps', levels('baseline')), pod(spec)], ['1.27', '1.36']);
  expect(problems.map((problem) => [problem.ruleId, problem.kubernetesVersions])).toEqual([
    ['pod-security/selinux-options', undefined],
    ['pod-security/sysctls', undefined],
  ]);
});
