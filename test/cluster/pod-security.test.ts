/**
 * Differential test of the offline Pod Security and batch checks against the real API server
 * (test/cluster/main.go, kube-apiserver 1.36): the same Pods, workloads, Namespaces, CronJobs and Jobs
 * go through `validateManifests` and through a server-side dry run, and the verdicts must agree. The
 * constructs' own checks of PriorityClasses and pod security contexts are compared the same way.
 * Skipped, with a message, when Go or kubectl is missing, unless SHIPSHAPE_REQUIRE_CLUSTER=1 (CI).
 */
import { request } from 'node:https';
import { readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { Testing } from 'cdk8s';
import { load } from 'js-yaml';
import { FsGroupChangePolicy, Pod, PodSecurityContext, PreemptionPolicy, PriorityClass, PriorityClassProps, ShipshapeError } from '../../src';
import type { KubeObject } from '../../src/manifest/kube-object';
import { validateManifests, type Problem } from '../../src/validate';
import { describeCluster, TestCluster, useCluster } from './harness';

/** What the server answered to a dry-run create. */
interface ServerAnswer {
  readonly status: number;
  readonly message: string;
  readonly warnings: readonly string[];
}

/** A client for dry-run creates, using the token and CA of the harness's kubeconfig. */
class DryRunClient {
  readonly #server: URL;
  readonly #ca: Buffer;
  readonly #token: string;

  constructor(cluster: TestCluster) {
    const config = load(readFileSync(cluster.kubeconfig, 'utf8')) as any;
    this.#server = new URL(cluster.server);
    this.#ca = Buffer.from(config.clusters[0].cluster['certificate-authority-data'], 'base64');
    this.#token = config.users[0].user.token;
  }

  /** POSTs the object to its collection; with `dryRun` nothing is stored. */
  create(object: KubeObject, dryRun = true): Promise<ServerAnswer> {
    const [group, version] = object.apiVersion.includes('/') ? object.apiVersion.split('/') : ['', object.apiVersion];
    const plural = `${object.kind.toLowerCase()}${object.kind.endsWith('s') ? 'es' : 's'}`;
    const namespace = object.metadata.namespace === undefined ? '' : `/namespaces/${object.metadata.namespace}`;
    const path = `${group === '' ? '/api' : `/apis/${group}`}/${version}${namespace}/${plural}${dryRun ? '?dryRun=All' : ''}`;
    return this.#send('POST', path, JSON.stringify(object));
  }

  get(path: string): Promise<ServerAnswer> {
    return this.#send('GET', path);
  }

  #send(method: string, path: string, body?: string): Promise<ServerAnswer> {
    return new Promise((resolve, reject) => {
      const req = request(
        { host: this.#server.hostname, port: this.#server.port, path, method, ca: this.#ca, timeout: 30_000, headers: { authorization: `Bearer ${this.#token}`, 'content-type': 'application/json' } },
        (res) => {
          let text = '';
          res.on('data', (chunk: Buffer) => (text += chunk.toString()));
          res.on('end', () => {
            const warnings: string[] = [];
            for (let index = 0; index < res.rawHeaders.length; index += 2) {
              if (res.rawHeaders[index]?.toLowerCase() === 'warning') warnings.push(res.rawHeaders[index + 1] ?? '');
            }
            let message = '';
            try {
              message = (JSON.parse(text) as { message?: string }).message ?? '';
            } catch {
              message = text;
            }
            resolve({ status: res.statusCode ?? 0, message, warnings });
          });
        },
      );
      req.on('timeout', () => req.destroy(new Error(`${method} ${path} timed out`)));
      req.on('error', reject);
      req.end(body);
    });
  }
}

type Labels = Record<string, string>;
type Spec = Record<string, unknown>;

/** Namespaces at each level, pinned versions included, and warn/audit without enforce. */
const NAMESPACES: Record<string, Labels> = {
  'pss-privileged': { 'pod-security.kubernetes.io/enforce': 'privileged' },
  'pss-baseline': { 'pod-security.kubernetes.io/enforce': 'baseline' },
  'pss-restricted': { 'pod-security.kubernetes.io/enforce': 'restricted' },
  'pss-baseline-v1-27': { 'pod-security.kubernetes.io/enforce': 'baseline', 'pod-security.kubernetes.io/enforce-version': 'v1.27' },
  'pss-baseline-v1-18': { 'pod-security.kubernetes.io/enforce': 'baseline', 'pod-security.kubernetes.io/enforce-version': 'v1.18' },
  'pss-restricted-v1-24': { 'pod-security.kubernetes.io/enforce': 'restricted', 'pod-security.kubernetes.io/enforce-version': 'v1.24' },
  'pss-warn-only': { 'pod-security.kubernetes.io/warn': 'restricted', 'pod-security.kubernetes.io/audit': 'baseline' },
  'pss-audit-only': { 'pod-security.kubernetes.io/audit': 'restricted' },
  'pss-mixed': { 'pod-security.kubernetes.io/enforce': 'baseline', 'pod-security.kubernetes.io/warn': 'restricted' },
};

const container = (securityContext: Spec = {}, extra: Spec = {}): Spec => ({ name: 'main', image: 'registry.example.com/app:1.0.0', securityContext, ...extra });
const HARDENED = { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } };
const hardened = (securityContext: Spec = {}, extra: Spec = {}): Spec => container({ ...HARDENED, ...securityContext }, extra);
const POD_CONTEXT = { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } };
const restricted = (overrides: Spec = {}, podContext: Spec = {}): Spec => ({ securityContext: { ...POD_CONTEXT, ...podContext }, containers: [hardened()], ...overrides });

/** Pods that break each rule once, and pods that pass some or all levels. */
const POD_CASES: Record<string, { spec: Spec; annotations?: Labels }> = {
  'restricted-compliant': { spec: restricted() },
  'root-image-defaults': { spec: { containers: [container()] } },
  'localhost-seccomp-net-bind': { spec: restricted({ containers: [hardened({ capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE'] } })] }, { runAsUser: 1000, seccompProfile: { type: 'Localhost', localhostProfile: 'profiles/app.json' } }) },
  'container-level-settings': { spec: { containers: [hardened({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } })] } },
  'host-network': { spec: restricted({ hostNetwork: true }) },
  'host-pid': { spec: restricted({ hostPID: true }) },
  'host-ipc': { spec: restricted({ hostIPC: true }) },
  privileged: { spec: restricted({ containers: [container({ privileged: true })] }) },
  'capability-sys-admin': { spec: restricted({ containers: [hardened({ capabilities: { drop: ['ALL'], add: ['SYS_ADMIN'] } })] }) },
  'capability-chown': { spec: restricted({ containers: [hardened({ capabilities: { drop: ['ALL'], add: ['CHOWN'] } })] }) },
  'capabilities-not-dropped': { spec: restricted({ containers: [container({ allowPrivilegeEscalation: false })] }) },
  'host-path': { spec: restricted({ volumes: [{ name: 'logs', hostPath: { path: '/var/log' } }] }) },
  'host-port': { spec: restricted({ containers: [hardened({}, { ports: [{ containerPort: 8080, hostPort: 8080 }] })] }) },
  'apparmor-unconfined': { spec: restricted({}, { appArmorProfile: { type: 'Unconfined' } }) },
  'apparmor-annotation': { spec: restricted(), annotations: { 'container.apparmor.security.beta.kubernetes.io/main': 'unconfined' } },
  'selinux-type': { spec: restricted({ containers: [hardened({ seLinuxOptions: { type: 'spc_t' } })] }) },
  'selinux-user': { spec: restricted({}, { seLinuxOptions: { user: 'system_u' } }) },
  'selinux-container-engine': { spec: restricted({ containers: [hardened({ seLinuxOptions: { type: 'container_engine_t' } })] }) },
  'proc-mount-unmasked-user-namespace': { spec: restricted({ hostUsers: false, containers: [hardened({ procMount: 'Unmasked' })] }) },
  'seccomp-unconfined': { spec: restricted({ containers: [hardened({ seccompProfile: { type: 'Unconfined' } })] }) },
  'seccomp-annotation-unconfined': { spec: restricted({}, { seccompProfile: undefined }), annotations: { 'seccomp.security.alpha.kubernetes.io/pod': 'unconfined' } },
  'seccomp-missing': { spec: restricted({}, { seccompProfile: undefined }) },
  'sysctl-unsafe': { spec: restricted({}, { sysctls: [{ name: 'kernel.msgmax', value: '65536' }] }) },
  'sysctl-from-1-32': { spec: restricted({}, { sysctls: [{ name: 'net.ipv4.tcp_rmem', value: '4096 87380 6291456' }] }) },
  'windows-host-process': { spec: { os: { name: 'windows' }, hostNetwork: true, securityContext: { windowsOptions: { hostProcess: true, runAsUserName: 'NT AUTHORITY\\SYSTEM' } }, containers: [{ name: 'main', image: 'registry.example.com/app:1.0.0' }] } },
  'windows-plain': { spec: { os: { name: 'windows' }, securityContext: { runAsNonRoot: true }, containers: [{ name: 'main', image: 'registry.example.com/app:1.0.0' }] } },
  'probe-host': { spec: restricted({ containers: [hardened({}, { readinessProbe: { httpGet: { host: '10.0.0.1', port: 8080, path: '/' } } })] }) },
  'nfs-volume': { spec: restricted({ volumes: [{ name: 'shared', nfs: { server: 'nfs.example.com', path: '/exports' } }] }) },
  'privilege-escalation': { spec: restricted({ containers: [hardened({ allowPrivilegeEscalation: true })] }) },
  'run-as-non-root-false': { spec: restricted({}, { runAsNonRoot: false }) },
  'run-as-user-zero': { spec: restricted({ containers: [hardened({ runAsUser: 0 })] }) },
  'user-namespace-root': { spec: restricted({ hostUsers: false }, { runAsNonRoot: undefined, runAsUser: 0 }) },
};

function ourProblems(objects: readonly KubeObject[]): readonly Problem[] {
  return validateManifests(objects.map((object) => ({ object })), { policies: false, references: false, kubernetesVersions: ['1.36'] }).problems;
}
const isPodSecurity = (problem: Problem): boolean => problem.ruleId.startsWith('pod-security/');
const namespaceObject = (name: string): KubeObject => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: NAMESPACES[name] } });

describeCluster('offline Pod Security and batch checks against kube-apiserver 1.36', () => {
  const harness = useCluster();
  let client: DryRunClient;

  // The suite's own set-up, once the cluster runs: its Namespaces, each with the default ServiceAccount.
  beforeAll(async () => {
    client = new DryRunClient(harness.cluster);
    for (const name of Object.keys(NAMESPACES)) {
      const created = await client.create(namespaceObject(name), false);
      if (created.status !== 201) throw new Error(`cannot create Namespace ${name}: ${created.status} ${created.message}`);
    }
    // The ServiceAccount admission refuses pods until the harness has created each Namespace's default account.
    const deadline = Date.now() + 30_000;
    for (const name of Object.keys(NAMESPACES)) {
      while ((await client.get(`/api/v1/namespaces/${name}/serviceaccounts/default`)).status !== 200) {
        if (Date.now() > deadline) throw new Error(`no default ServiceAccount in ${name} after 30 s`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
  }, 60_000);

  test('every Pod is refused by the server exactly when the offline check reports a Pod Security error, and warned about exactly when it warns', async () => {
    const disagreements: string[] = [];
    let refusals = 0;
    for (const namespace of Object.keys(NAMESPACES)) {
      for (const [name, { spec, annotations }] of Object.entries(POD_CASES)) {
        const pod: KubeObject = { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace, ...(annotations === undefined ? {} : { annotations }) }, spec: JSON.parse(JSON.stringify(spec)) };
        const answer = await client.create(pod);
        const problems = ourProblems([namespaceObject(namespace), pod]);
        const invalid = problems.filter((problem) => problem.severity === 'error' && !isPodSecurity(problem));
        if (answer.status !== 201 && answer.status !== 403) {
          disagreements.push(`${namespace}/${name}: the case itself is invalid (${answer.status}: ${answer.message})`);
          continue;
        }
        if (invalid.length > 0) disagreements.push(`${namespace}/${name}: the offline check finds the case invalid: ${invalid.map((problem) => problem.ruleId).join(', ')}`);
        const serverRefused = answer.status === 403 && answer.message.includes('violates PodSecurity');
        const oursRefused = problems.some((problem) => isPodSecurity(problem) && problem.severity === 'error');
        if (serverRefused) refusals += 1;
        if (serverRefused !== oursRefused) {
          disagreements.push(`${namespace}/${name}: server ${serverRefused ? `refuses (${answer.message})` : 'admits'}, offline ${oursRefused ? `refuses (${problems.map((problem) => problem.message).join(' | ')})` : 'admits'}`);
          continue;
        }
        if (serverRefused) continue;
        const serverWarned = answer.warnings.some((warning) => warning.includes('would violate PodSecurity'));
        // The audit level goes to the audit log, which a dry run does not show: compare the warn level only.
        const oursWarned = problems.some((problem) => isPodSecurity(problem) && problem.severity === 'warning' && /the warn (and audit )?level/.test(problem.message));
        if (serverWarned !== oursWarned) disagreements.push(`${namespace}/${name}: server ${serverWarned ? `warns (${answer.warnings.join(' | ')})` : 'does not warn'}, offline ${oursWarned ? 'warns' : 'does not warn'}`);
      }
    }
    expect(disagreements).toEqual([]);
    // The cases must exercise both outcomes, or the comparison proves nothing.
    expect(refusals).toBeGreaterThan(40);
  }, 300_000);

  test('a workload is admitted with a warning exactly when the offline check says its pods would be refused', async () => {
    const disagreements: string[] = [];
    for (const namespace of ['pss-baseline', 'pss-restricted', 'pss-baseline-v1-27', 'pss-baseline-v1-18']) {
      for (const [name, { spec, annotations }] of Object.entries(POD_CASES)) {
        const template = { metadata: { labels: { app: name }, ...(annotations === undefined ? {} : { annotations }) }, spec: JSON.parse(JSON.stringify(spec)) };
        const deployment: KubeObject = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace }, spec: { selector: { matchLabels: { app: name } }, template } };
        const answer = await client.create(deployment);
        if (answer.status !== 201) {
          disagreements.push(`${namespace}/${name}: the server refuses the Deployment itself (${answer.status}: ${answer.message})`);
          continue;
        }
        const serverWarned = answer.warnings.some((warning) => warning.includes('would violate PodSecurity'));
        const oursRefused = ourProblems([namespaceObject(namespace), deployment]).some((problem) => isPodSecurity(problem) && problem.severity === 'error');
        if (serverWarned !== oursRefused) disagreements.push(`${namespace}/${name}: server ${serverWarned ? `warns (${answer.warnings.join(' | ')})` : 'does not warn'}, offline ${oursRefused ? 'refuses its pods' : 'admits its pods'}`);
      }
    }
    expect(disagreements).toEqual([]);
  }, 300_000);

  test('a Namespace with a Pod Security label the admission cannot read is refused by both', async () => {
    const badLabels: Labels[] = [{ 'pod-security.kubernetes.io/enforce': 'strict' }, { 'pod-security.kubernetes.io/warn-version': '1.27' }, { 'pod-security.kubernetes.io/audit': 'Baseline' }];
    for (const labels of badLabels) {
      const namespace: KubeObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'pss-bad-label', labels } };
      const answer = await client.create(namespace);
      const ours = ourProblems([namespace]).filter((problem) => problem.ruleId === 'pod-security/namespace-labels');
      expect({ labels, refused: answer.status !== 201 }).toEqual({ labels, refused: true });
      expect(ours).toHaveLength(1);
    }
    const fine: KubeObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'pss-good-label', labels: { 'pod-security.kubernetes.io/enforce-version': 'v1.30' } } };
    expect((await client.create(fine)).status).toBe(201);
    expect(ourProblems([fine])).toEqual([]);
  }, 60_000);

  test('CronJob schedules and time zones, and Job restart policies, are refused by both or by neither', async () => {
    const schedules = [
      '* * * * *', '30 2 * * *', '0-30/10 8-18 1,15 */2 1-5', '5/15 * * * *', '0 0 1 JAN,mar,Dec *', '0 9 * * MON-FRI', '? ? ? ? ?', '0 0 1,,15 * *', '*-5 * * * *', '+5 * * * *',
      '0\t0  * * *', '@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly', '@every 1h30m', '@every 1.5h', '@every 0', '@every -1h',
      '', '0 0 * *', '0 0 0 * * *', '60 * * * *', '0 24 * * *', '0 0 0 * *', '0 0 * * 7', '0 0 * * 1-7', '0 0 1 JANUARY *', '0 0 * * 5-1', '*/0 * * * *', '1-2-3 * * * *',
      '1/2/3 * * * *', '-5 * * * *', '99999999999999999999 * * * *', '@fortnightly', '@Daily', '@daily ', '@every', '@every  1h', '@every 5', '@every 2d', '@every 2562048h',
      'TZ=UTC 0 0 * * *', 'CRON_TZ=Europe/Berlin 0 3 * * *', 'TZ=UTC',
    ];
    const timeZones = ['Etc/UTC', 'UTC', 'Europe/Berlin', 'America/Argentina/Buenos_Aires', 'US/Eastern', '', 'Local', 'europe/berlin', 'Mars/Olympus_Mons', 'Europe//Berlin', 'UTC+2'];
    const disagreements: string[] = [];
    const compare = async (label: string, object: KubeObject, field: string): Promise<void> => {
      const answer = await client.create(object);
      const serverRefused = answer.status === 422 && answer.message.includes(field);
      if (answer.status !== 201 && !serverRefused) disagreements.push(`${label}: unexpected answer ${answer.status}: ${answer.message}`);
      const ours = validateManifests([{ object }], { policies: false, references: false, podSecurity: false, kubernetesVersions: ['1.36'] }).problems.filter((problem) => problem.severity === 'error');
      if (serverRefused !== ours.length > 0) disagreements.push(`${label}: server ${serverRefused ? `refuses (${answer.message})` : 'accepts'}, offline ${ours.length > 0 ? `refuses (${ours.map((problem) => problem.message).join(' | ')})` : 'accepts'}`);
    };
    const podSpec = (restartPolicy?: string): Spec => ({ ...(restartPolicy === undefined ? {} : { restartPolicy }), containers: [{ name: 'main', image: 'registry.example.com/backup:1.0.0' }] });
    const cronJob = (name: string, extra: Spec): KubeObject => ({
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name, namespace: 'pss-privileged' },
      spec: { schedule: '0 3 * * *', jobTemplate: { spec: { template: { spec: podSpec('OnFailure') } } }, ...extra },
    });
    for (const [index, schedule] of schedules.entries()) await compare(`schedule ${JSON.stringify(schedule)}`, cronJob(`schedule-${index}`, { schedule }), 'spec.schedule');
    for (const [index, timeZone] of timeZones.entries()) await compare(`time zone ${JSON.stringify(timeZone)}`, cronJob(`zone-${index}`, { timeZone }), 'spec.timeZone');
    for (const restartPolicy of ['OnFailure', 'Never', 'Always', undefined]) {
      const job: KubeObject = { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: `restart-${(restartPolicy ?? 'unset').toLowerCase()}`, namespace: 'pss-privileged' }, spec: { template: { spec: podSpec(restartPolicy) } } };
      await compare(`Job restartPolicy ${String(restartPolicy)}`, job, 'restartPolicy');
    }
    expect(disagreements).toEqual([]);
  }, 300_000);
  test('PriorityClasses and pod security contexts: the constructs refuse what the server refuses, and only the recorded extras', async () => {
    // Refused by the constructs, accepted by the server, on purpose: each is a mistake the server lets through.
    const STRICTER: Record<string, string> = {
      'pod fsGroupChangePolicy-without-fsGroup': 'the kubelet ignores the policy without fsGroup',
      'pod sysctl-twice-two-spellings': 'the kubelet reads both spellings as one parameter; the server compares names exactly',
    };
    const disagreements: string[] = [];
    // `make` builds the construct and returns the part of its output that must equal what the server is sent.
    const compare = async (label: string, object: KubeObject, make: () => [unknown, unknown]): Promise<void> => {
      let oursRefused = false;
      try {
        const [written, sent] = make();
        if (!isDeepStrictEqual(written, sent)) disagreements.push(`${label}: the construct writes ${JSON.stringify(written)}, the server was sent ${JSON.stringify(sent)}`);
      } catch (error) {
        if (!(error instanceof ShipshapeError)) throw error;
        oursRefused = true;
      }
      const answer = await client.create(object);
      if (answer.status !== 201 && answer.status !== 422) disagreements.push(`${label}: unexpected answer ${answer.status}: ${answer.message}`);
      const serverRefused = answer.status === 422;
      const expected = STRICTER[label] === undefined ? serverRefused : true;
      if (oursRefused !== expected || (STRICTER[label] !== undefined && serverRefused)) {
        disagreements.push(`${label}: server ${serverRefused ? `refuses (${answer.message})` : 'accepts'}, construct ${oursRefused ? 'refuses' : 'accepts'}`);
      }
    };
    const priorities: Record<string, PriorityClassProps & { name: string }> = {
      lowest: { name: 'lowest', value: -2147483648 },
      highest: { name: 'highest', value: 1000000000, preemptionPolicy: PreemptionPolicy.NEVER, description: 'the top of the user range' },
      'above-user-range': { name: 'above-user-range', value: 1000000001 },
      'system-range': { name: 'system-range', value: 2000000000 },
      'system-mine': { name: 'system-mine', value: 10 },
    };
    for (const [label, props] of Object.entries(priorities)) {
      const raw: KubeObject = { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: props.name }, value: props.value, preemptionPolicy: props.preemptionPolicy ?? 'PreemptLowerPriority', ...(props.description === undefined ? {} : { description: props.description }) };
      await compare(`priority ${label}`, raw, () => {
        const chart = Testing.chart();
        new PriorityClass(chart, 'Class', props);
        const [object] = Testing.synth(chart) as KubeObject[];
        return [object, { ...raw, globalDefault: false }];
      });
    }
    const contexts: Record<string, Record<string, unknown>> = {
      'all-props': { fsGroup: 2000, fsGroupChangePolicy: 'OnRootMismatch', supplementalGroups: [3000, 0, 2147483647], sysctls: [{ name: 'net.ipv4.ip_local_port_range', value: '1024 65535' }, { name: 'kernel/msgmax', value: '65536' }] },
      'supplemental-group-negative': { supplementalGroups: [-1] },
      'supplemental-group-too-large': { supplementalGroups: [2147483648] },
      'run-as-user-negative': { runAsUser: -1 },
      'fsGroupChangePolicy-unknown': { fsGroup: 1, fsGroupChangePolicy: 'Sometimes' },
      'fsGroupChangePolicy-without-fsGroup': { fsGroupChangePolicy: 'Always' },
      'sysctl-upper-case': { sysctls: [{ name: 'Net.ipv4.ip_forward', value: '1' }] },
      'sysctl-empty-segment': { sysctls: [{ name: 'net..ipv4', value: '1' }] },
      'sysctl-too-long': { sysctls: [{ name: `net.${'a'.repeat(250)}`, value: '1' }] },
      'sysctl-twice': { sysctls: [{ name: 'kernel.sem', value: '1' }, { name: 'kernel.sem', value: '2' }] },
      'sysctl-twice-two-spellings': { sysctls: [{ name: 'net.ipv4.conf.eno2/100.rp_filter', value: '1' }, { name: 'net/ipv4/conf/eno2.100/rp_filter', value: '2' }] },
    };
    for (const [label, context] of Object.entries(contexts)) {
      const raw: KubeObject = { apiVersion: 'v1', kind: 'Pod', metadata: { name: label.toLowerCase(), namespace: 'pss-privileged' }, spec: { securityContext: context, containers: [{ name: 'main', image: 'registry.example.com/app:1.0.0' }] } };
      await compare(`pod ${label}`, raw, () => {
        const chart = Testing.chart();
        new Pod(chart, 'Pod', { containers: [{ image: 'registry.example.com/app:1.0.0' }], defaults: { hardenedSecurityContext: false }, securityContext: context as unknown as PodSecurityContext });
        const [object] = Testing.synth(chart) as Array<KubeObject & { spec: { securityContext: unknown } }>;
        return [object?.spec.securityContext, context];
      });
    }
    expect(FsGroupChangePolicy.ON_ROOT_MISMATCH).toBe(contexts['all-props']?.fsGroupChangePolicy);
    expect(disagreements).toEqual([]);
  }, 120_000);
});
