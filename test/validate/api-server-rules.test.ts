import type { KubeObject } from '../../src/manifest/kube-object';
import { parseManifestsFromYaml, validateManifests, validateYaml, type KubernetesVersion, type ValidateOptions } from '../../src/validate';
import { oneVersionCrd } from '../helpers/crd';

const problemsOf = (object: Record<string, unknown>, options: ValidateOptions = {}) =>
  validateManifests([{ object: object as KubeObject }], { policies: false, references: false, ...options }).problems;

const podWithInit = (init: Record<string, unknown>) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p' },
  spec: { initContainers: [{ name: 'proxy', image: 'envoyproxy/envoy:v1.31.2', ...init }], containers: [{ name: 'main', image: 'nginx:1.27.0' }] },
});

describe('API-server rules: native sidecars', () => {
  test('a native sidecar is refused for Kubernetes 1.27 with a clear reason, besides the unknown field', () => {
    const problems = problemsOf(podWithInit({ restartPolicy: 'Always' }));
    const sidecar = problems.filter((problem) => problem.ruleId === 'api/native-sidecar-version');
    expect(sidecar).toHaveLength(1);
    expect(sidecar[0]).toMatchObject({ severity: 'error', kubernetesVersions: ['1.27'], fieldPath: 'spec.initContainers[0].restartPolicy' });
    expect(sidecar[0]!.message).toMatch(/need Kubernetes 1\.29 or later/);
    expect(problems.map((problem) => problem.ruleId).sort()).toEqual(['api/native-sidecar-version', 'schema/unknown-field']);
  });

  test('a native sidecar is accepted when every target is 1.29 or later, and a plain init container everywhere', () => {
    expect(problemsOf(podWithInit({ restartPolicy: 'Always' }), { kubernetesVersions: ['1.36'] })).toEqual([]);
    expect(problemsOf(podWithInit({}))).toEqual([]);
  });
});

const rbac = (kind: string, name: string): string =>
  `apiVersion: rbac.authorization.k8s.io/v1\nkind: ${kind}\nmetadata:\n  name: ${JSON.stringify(name)}\n${kind.endsWith('Binding') ? 'roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}\nsubjects: [{kind: Group, apiGroup: rbac.authorization.k8s.io, name: g}]\n' : 'rules: []\n'}`;

const nameErrors = (text: string) =>
  validateYaml([{ file: 'x.yaml', text }], { kubernetesVersions: ['1.36'] }).problems.filter((problem) => problem.ruleId === 'api/name');

describe('API-server rules: names', () => {
  test.each(['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding'])('a %s name is a path segment, as the server checks it: system:foo is valid', (kind) => {
    expect(nameErrors(rbac(kind, 'system:controller:foo'))).toEqual([]);
  });

  test.each(['Role', 'ClusterRoleBinding'])('a %s named with "/" or ".." is refused', (kind) => {
    expect(nameErrors(rbac(kind, 'a/b')).map((problem) => problem.message)).toEqual([expect.stringMatching(/must not contain "\/" or "%".*path segment/)]);
    expect(nameErrors(rbac(kind, '..'))).toHaveLength(1);
  });

  test('a Service name starting with a digit is refused for Kubernetes 1.27 and accepted by 1.36 (RelaxedServiceNameValidation)', () => {
    const service = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: 1web\nspec:\n  ports: [{port: 80}]\n';
    const names = (versions: Array<'1.27' | '1.36'>) =>
      validateYaml([{ file: 'x.yaml', text: service }], { kubernetesVersions: versions }).problems.filter((problem) => problem.ruleId === 'api/name');
    expect(names(['1.36'])).toEqual([]);
    const refused = names(['1.27', '1.36']);
    expect(refused.map((problem) => [problem.kubernetesVersions, problem.severity])).toEqual([[['1.27'], 'error']]);
    expect(refused[0]!.message).toMatch(/start with a letter.*DNS-1035 label before Kubernetes 1\.36/);
    expect(refused[0]!.fix).toMatch(/"svc-1web"/);
  });

  test('a Service name that no version accepts is one problem, naming the strictest rule the targets apply', () => {
    const service = (name: string) => `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\nspec:\n  ports: [{port: 80}]\n`;
    const both = validateYaml([{ file: 'x.yaml', text: service('Web_1') }], { kubernetesVersions: ['1.27', '1.36'] }).problems.filter((problem) => problem.ruleId === 'api/name');
    expect(both.map((problem) => [problem.kubernetesVersions, problem.message])).toEqual([[undefined, expect.stringMatching(/Service names must be a DNS-1035 label/)]]);
    expect(nameErrors(service('Web_1')).map((problem) => problem.message)).toEqual([expect.stringMatching(/Service names must be a DNS-1123 label/)]);
  });

  test('other kinds keep the DNS-1123 subdomain rule', () => {
    expect(nameErrors('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: "system:foo"\n')).toHaveLength(1);
  });
});

const errorsOf = (object: Record<string, unknown>, versions: KubernetesVersion[] = ['1.27', '1.36']): string[] =>
  validateManifests([{ object: object as never }], { kubernetesVersions: versions, references: false, policies: false })
    .problems.filter((problem) => problem.severity === 'error')
    .map((problem) => `${problem.ruleId} ${problem.fieldPath ?? ''}${problem.kubernetesVersions ? ` (${problem.kubernetesVersions.join(',')})` : ''}`);

const deployment = (spec: Record<string, unknown> = {}): Record<string, unknown> => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'shop' },
  spec: {
    selector: { matchLabels: { app: 'web' } },
    template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27.0' }] } },
    ...spec,
  },
});
const container = (extra: Record<string, unknown>): Record<string, unknown> => deployment({
  template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27.0', ...extra }] } },
});

describe('names the server accepts', () => {
  test('RBAC objects and disruption budgets have path-segment names, so a colon is fine', () => {
    for (const kind of ['ClusterRole', 'ClusterRoleBinding']) {
      const object = { apiVersion: 'rbac.authorization.k8s.io/v1', kind, metadata: { name: 'system:aggregated-metrics-reader' }, ...(kind === 'ClusterRole' ? { rules: [] } : { roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' } }) };
      expect(errorsOf(object)).toEqual([]);
    }
    expect(errorsOf({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'a/b', namespace: 'shop' }, rules: [] })).toEqual(['api/name metadata.name']);
  });

  test('a Service name starting with a digit is refused for 1.27 only (1.34 relaxed the rule)', () => {
    const service = { apiVersion: 'v1', kind: 'Service', metadata: { name: '1web', namespace: 'shop' }, spec: { selector: { app: 'web' }, ports: [{ port: 80 }] } };
    expect(errorsOf(service)).toEqual(['api/name metadata.name (1.27)']);
    expect(errorsOf(service, ['1.36'])).toEqual([]);
  });

  test('every *List kind is expanded into its items, as kubectl does', () => {
    const parsed = parseManifestsFromYaml('apiVersion: v1\nkind: ConfigMapList\nitems:\n- {apiVersion: v1, kind: ConfigMap, metadata: {name: a}}\n- {apiVersion: v1, kind: ConfigMap, metadata: {name: b}}\n', 'list.yaml');
    expect(parsed.manifests.map((manifest) => manifest.object.metadata.name)).toEqual(['a', 'b']);
  });
});

describe('rules of the server\'s Go code that no schema carries', () => {
  test('a Deployment without spec, or whose template has no spec, is refused', () => {
    expect(errorsOf({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' } })).toEqual(['api/spec-required spec']);
    expect(errorsOf(deployment({ template: { metadata: { labels: { app: 'web' } } } }))).toEqual(['api/containers-required spec.template.spec.containers']);
  });

  test('negative replicas and a rollout that can never progress are refused', () => {
    expect(errorsOf(deployment({ replicas: -1 }))).toEqual(['api/number-range spec.replicas']);
    expect(errorsOf(deployment({ strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 0 } } }))).toEqual(['api/rollout-stalls spec.strategy.rollingUpdate.maxUnavailable']);
    expect(errorsOf(deployment({ strategy: { type: 'Recreate', rollingUpdate: { maxSurge: 1 } } }))).toEqual(['api/recreate-with-rolling-update spec.strategy.rollingUpdate']);
  });

  test('probes need exactly one handler, env exactly one source, requests stay within limits', () => {
    expect(errorsOf(container({ readinessProbe: { periodSeconds: 5 } }))).toEqual(['api/handler-count spec.template.spec.containers[0].readinessProbe']);
    expect(errorsOf(container({ env: [{ name: 'A', value: 'x', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }] }))).toEqual(['api/env-value-and-source spec.template.spec.containers[0].env[0].valueFrom']);
    expect(errorsOf(container({ resources: { requests: { cpu: '2' }, limits: { cpu: '500m' } } }))).toEqual(['api/request-above-limit spec.template.spec.containers[0].resources.requests.cpu']);
  });

  test('a Service needs ports unless headless, and nodePort only with NodePort or LoadBalancer', () => {
    const service = (spec: Record<string, unknown>): Record<string, unknown> => ({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'shop' }, spec });
    expect(errorsOf(service({ selector: { app: 'web' } }))).toEqual(['api/service-ports-required spec.ports']);
    expect(errorsOf(service({ clusterIP: 'None', selector: { app: 'web' } }))).toEqual([]);
    expect(errorsOf(service({ ports: [{ port: 80, nodePort: 30080 }] }))).toEqual(['api/node-port-type spec.ports[0].nodePort']);
    expect(errorsOf(service({ clusterIP: 'abc', ports: [{ port: 80 }] }))).toEqual(['api/cluster-ip spec.clusterIP']);
  });

  test('Ingress hosts are DNS names with a leading wildcard at most, and paths are absolute', () => {
    const ingress = (host: string, path: string): Record<string, unknown> => ({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: 'web', namespace: 'shop' },
      spec: { rules: [{ host, http: { paths: [{ path, pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } }] } }] },
    });
    expect(errorsOf(ingress('*.example.com', '/'))).toEqual([]);
    expect(errorsOf(ingress('10.0.0.1', '/'))).toEqual(['api/ingress-host spec.rules[0].host']);
    expect(errorsOf(ingress('a.*.example.com', '/'))).toEqual(['api/ingress-host spec.rules[0].host']);
    expect(errorsOf(ingress('example.com', 'shop'))).toEqual(['api/ingress-path spec.rules[0].http.paths[0].path']);
  });

  test('a CronJob schedule is five valid fields or a macro, and its Job template needs a restart policy', () => {
    const cronJob = (schedule: string, restartPolicy?: string): Record<string, unknown> => ({
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'report', namespace: 'shop' },
      spec: { schedule, jobTemplate: { spec: { template: { spec: { ...(restartPolicy ? { restartPolicy } : {}), containers: [{ name: 'r', image: 'busybox:1.36' }] } } } } },
    });
    expect(errorsOf(cronJob('*/5 * * * *', 'OnFailure'))).toEqual([]);
    expect(errorsOf(cronJob('@daily', 'Never'))).toEqual([]);
    expect(errorsOf(cronJob('61 * * * *', 'Never'))).toEqual(['api/cron-schedule spec.schedule']);
    expect(errorsOf(cronJob('*/5 * * * *'))).toEqual(['api/job-restart-policy spec.jobTemplate.spec.template.spec.restartPolicy']);
  });

  test('budgets, CIDRs, claims and RBAC references are checked as the server does', () => {
    expect(errorsOf({ apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'web', namespace: 'shop' }, spec: { minAvailable: '150%', selector: { matchLabels: { app: 'web' } } } })).toEqual(['api/number-range spec.minAvailable']);
    expect(errorsOf({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'n', namespace: 'shop' }, spec: { podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: '10.0.0.0' } }] }] } })).toEqual(['api/cidr spec.ingress[0].from[0].ipBlock.cidr']);
    expect(errorsOf({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'c', namespace: 'shop' }, spec: { accessModes: ['ReadWriteOnce'] } })).toEqual(['api/claim-storage spec.resources.requests.storage']);
    expect(errorsOf({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: 'b' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'r' }, subjects: [] })).toEqual(['api/role-ref-kind roleRef.kind']);
  });

  test('a 1.27 StatefulSet\'s pod template findings are warnings for 1.27, which does not check them, and errors for 1.36', () => {
    const statefulSet = {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'db', namespace: 'shop' },
      spec: { serviceName: 'db', selector: { matchLabels: { app: 'db' } }, template: { metadata: { labels: { app: 'db' } }, spec: { containers: [{ name: 'db', image: 'postgres:16.4', readinessProbe: {} }] } } },
    };
    expect(errorsOf(statefulSet)).toEqual(['api/handler-count spec.template.spec.containers[0].readinessProbe (1.36)']);
    const warnings = validateManifests([{ object: statefulSet }], { kubernetesVersions: ['1.27'], references: false, policies: false }).problems;
    expect(warnings).toEqual([expect.objectContaining({ ruleId: 'api/handler-count', severity: 'warning', message: expect.stringMatching(/1\.27 API server does not check/) })]);
  });
});

describe('API-server rules: label selectors', () => {
  test('a CRD whose schema has a property named matchLabels is not checked as a selector', () => {
    const selectorSchema = { type: 'object', properties: { matchLabels: { type: 'object', description: 'matchLabels is a map of {key,value} pairs. A single {key,value} in the matchLabels map is equivalent to an element of matchExpressions.', additionalProperties: { type: 'string' } } } };
    const crd = oneVersionCrd({
      group: 'example.com', kind: 'Monitor', plural: 'monitors',
      schema: { type: 'object', properties: { spec: { type: 'object', properties: { selector: selectorSchema } } } },
    });
    expect(problemsOf(crd, { kubernetesVersions: ['1.36'] })).toEqual([]);
  });

  test('a built-in selector with a label value over 63 characters is still refused', () => {
    const policy = { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'p' }, spec: { podSelector: { matchLabels: { app: 'x'.repeat(64) } } } };
    expect(problemsOf(policy, { kubernetesVersions: ['1.36'] }).map((problem) => problem.ruleId)).toEqual(['api/selector-label']);
  });
});

describe('API-server rules: procMount', () => {
  const pod = (hostUsers: boolean | undefined) => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p' },
    spec: { ...(hostUsers === undefined ? {} : { hostUsers }), containers: [{ name: 'main', image: 'nginx:1.27.0', securityContext: { procMount: 'Unmasked' } }] },
  });

  test('procMount Unmasked in the host user namespace is refused for 1.36 (the server refuses it), not for 1.27 (its server drops the field)', () => {
    const problems = problemsOf(pod(undefined)).filter((problem) => problem.ruleId === 'api/proc-mount');
    expect(problems).toEqual([expect.objectContaining({ kubernetesVersions: ['1.36'], fieldPath: 'spec.containers[0].securityContext.procMount', value: 'Unmasked' })]);
    expect(problems[0]?.fix).toMatch(/hostUsers: false/);
    expect(problemsOf(pod(true)).map((problem) => problem.ruleId)).toContain('api/proc-mount');
  });

  test('procMount Unmasked with hostUsers: false is accepted', () => {
    expect(problemsOf(pod(false), { kubernetesVersions: ['1.36'] })).toEqual([]);
  });
});

describe('API-server rules: exported objects', () => {
  test('an object with metadata.managedFields and uid (exported with kubectl get -o yaml) gets one warning: server-side apply refuses them', () => {
    const configMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', uid: 'ad68b34c-d6c5-4d09-b50d-ef49c109778d', managedFields: [{ manager: 'kubectl', operation: 'Update', apiVersion: 'v1' }] } };
    const problems = problemsOf(configMap, { kubernetesVersions: ['1.36'] });
    expect(problems).toEqual([expect.objectContaining({ ruleId: 'api/exported-object', severity: 'warning', fieldPath: 'metadata.managedFields' })]);
    expect(problems[0]?.message).toMatch(/metadata\.managedFields and metadata\.uid are set.*"metadata\.managedFields must be nil"\) and a uid no existing object has/);
    expect(problems[0]?.fix).toMatch(/^Remove the fields the server writes: managedFields, uid/);
  });

  test('a uid alone gets the warning too; resourceVersion and creationTimestamp, which every apply accepts, do not', () => {
    const configMap = (metadata: Record<string, unknown>) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', ...metadata } });
    expect(problemsOf(configMap({ uid: 'x' }), { kubernetesVersions: ['1.36'] }).map((problem) => [problem.ruleId, problem.fieldPath])).toEqual([['api/exported-object', 'metadata.uid']]);
    expect(problemsOf(configMap({ resourceVersion: '290', creationTimestamp: '2022-10-06T20:46:22Z' }), { kubernetesVersions: ['1.36'] })).toEqual([]);
  });
});
