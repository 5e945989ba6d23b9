/**
 * A generated corpus of single-fault mutants of valid objects, for holding the fast validator to the API
 * server's own validation (the exact engine, and the real server in the cluster suite).
 *
 * Every base object is valid on Kubernetes 1.27 and 1.36. Each mutant changes one thing: a wrong type, an
 * unknown field at some depth, a removed field, a bad name or label, a bad number, a bad enum value, a
 * removed API version, or one of the cross-field contradictions the server's Go code refuses. Generation is
 * deterministic, so a mutant's id (`<base>|<operator>|<path>`) names the same mutant in every run.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/** One mutant: its stable id and the object. */
export interface Mutant {
  readonly id: string;
  readonly base: string;
  readonly object: JsonObject;
}

const labels = { app: 'web' };
const container = (name = 'web'): JsonObject => ({
  name,
  image: 'nginx:1.27.0',
  ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
  env: [
    { name: 'MODE', value: 'production' },
    { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
  ],
  resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
  readinessProbe: { httpGet: { path: '/healthz', port: 'http' }, periodSeconds: 10, failureThreshold: 3 },
  livenessProbe: { tcpSocket: { port: 8080 }, initialDelaySeconds: 5 },
  securityContext: { runAsNonRoot: true, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true },
  volumeMounts: [{ name: 'config', mountPath: '/etc/web' }],
});
const podSpec = (restartPolicy?: string): JsonObject => ({
  ...(restartPolicy === undefined ? {} : { restartPolicy }),
  serviceAccountName: 'default',
  terminationGracePeriodSeconds: 30,
  containers: [container()],
  volumes: [{ name: 'config', configMap: { name: 'web-config' } }],
  topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: labels } }],
});
const template = (restartPolicy?: string): JsonObject => ({ metadata: { labels }, spec: podSpec(restartPolicy) });
const meta = (name: string, namespace: string | undefined = 'shop'): JsonObject => ({
  name,
  ...(namespace === undefined ? {} : { namespace }),
  labels: { 'app.kubernetes.io/name': 'web', tier: 'frontend' },
  annotations: { 'example.com/owner': 'team-a' },
});

/** The valid objects the mutants start from: every kind shipshape writes and the ones users commonly write. */
export const BASE_OBJECTS: Readonly<Record<string, JsonObject>> = {
  deployment: {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: meta('web'),
    spec: {
      replicas: 3,
      revisionHistoryLimit: 5,
      minReadySeconds: 5,
      progressDeadlineSeconds: 600,
      selector: { matchLabels: labels },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 } },
      template: template(),
    },
  },
  statefulset: {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: meta('db'),
    spec: {
      replicas: 2,
      serviceName: 'db',
      podManagementPolicy: 'OrderedReady',
      selector: { matchLabels: labels },
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
      template: template(),
      volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '10Gi' } } } }],
    },
  },
  daemonset: {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: meta('agent'),
    spec: { selector: { matchLabels: labels }, updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } }, template: template() },
  },
  job: {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: meta('migrate'),
    spec: { backoffLimit: 3, activeDeadlineSeconds: 600, ttlSecondsAfterFinished: 3600, completions: 1, parallelism: 1, template: template('OnFailure') },
  },
  cronjob: {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: meta('report'),
    spec: {
      schedule: '*/15 * * * *',
      concurrencyPolicy: 'Forbid',
      startingDeadlineSeconds: 120,
      successfulJobsHistoryLimit: 3,
      failedJobsHistoryLimit: 1,
      jobTemplate: { spec: { backoffLimit: 2, template: template('Never') } },
    },
  },
  pod: { apiVersion: 'v1', kind: 'Pod', metadata: { ...meta('debug'), labels }, spec: podSpec('Always') },
  service: {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: meta('web'),
    spec: { type: 'ClusterIP', selector: labels, ports: [{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }, { name: 'metrics', port: 9090, targetPort: 9090 }] },
  },
  'service-loadbalancer': {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: meta('edge'),
    spec: { type: 'LoadBalancer', externalTrafficPolicy: 'Local', selector: labels, ports: [{ name: 'http', port: 80, targetPort: 8080, nodePort: 30080 }], loadBalancerSourceRanges: ['10.0.0.0/8'] },
  },
  'service-headless': { apiVersion: 'v1', kind: 'Service', metadata: meta('db'), spec: { clusterIP: 'None', selector: labels } },
  ingress: {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: meta('web'),
    spec: {
      ingressClassName: 'nginx',
      tls: [{ hosts: ['shop.example.com'], secretName: 'shop-tls' }],
      rules: [
        {
          host: 'shop.example.com',
          http: {
            paths: [
              { path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { name: 'http' } } } },
              { path: '/api', pathType: 'Exact', backend: { service: { name: 'api', port: { number: 8080 } } } },
            ],
          },
        },
        { host: '*.shop.example.com', http: { paths: [{ path: '/', pathType: 'ImplementationSpecific', backend: { service: { name: 'web', port: { number: 80 } } } }] } },
      ],
    },
  },
  configmap: { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta('web-config'), data: { 'app.yaml': 'mode: production\n', LOG_LEVEL: 'info' } },
  secret: { apiVersion: 'v1', kind: 'Secret', metadata: meta('web-credentials'), type: 'Opaque', stringData: { password: 'not-a-real-password' }, data: { token: 'dG9rZW4=' } },
  serviceaccount: { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta('web'), automountServiceAccountToken: false },
  role: {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'Role',
    metadata: meta('web-reader'),
    rules: [{ apiGroups: [''], resources: ['configmaps', 'secrets'], resourceNames: ['web-config'], verbs: ['get', 'watch'] }],
  },
  clusterrole: {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: meta('system:web-metrics-reader', undefined),
    rules: [
      { apiGroups: ['metrics.k8s.io'], resources: ['pods', 'nodes'], verbs: ['get', 'list'] },
      { nonResourceURLs: ['/metrics'], verbs: ['get'] },
    ],
  },
  rolebinding: {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: meta('web-reader'),
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'web-reader' },
    subjects: [
      { kind: 'ServiceAccount', name: 'web', namespace: 'shop' },
      { kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: 'developers' },
    ],
  },
  clusterrolebinding: {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: meta('web-metrics', undefined),
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'system:web-metrics-reader' },
    subjects: [{ kind: 'ServiceAccount', name: 'web', namespace: 'shop' }, { kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'alice@example.com' }],
  },
  networkpolicy: {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: meta('web'),
    spec: {
      podSelector: { matchLabels: labels },
      policyTypes: ['Ingress', 'Egress'],
      ingress: [{ from: [{ podSelector: { matchLabels: { app: 'ingress' } } }, { ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } }], ports: [{ protocol: 'TCP', port: 8080 }] }],
      egress: [{ to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'db' } } }], ports: [{ protocol: 'TCP', port: 5432, endPort: 5433 }] }],
    },
  },
  pdb: { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: meta('web'), spec: { minAvailable: '50%', selector: { matchLabels: labels } } },
  hpa: {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: meta('web'),
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
      minReplicas: 2,
      maxReplicas: 10,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }],
    },
  },
  pvc: {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: meta('uploads'),
    spec: { accessModes: ['ReadWriteOnce'], storageClassName: 'standard', volumeMode: 'Filesystem', resources: { requests: { storage: '5Gi' } } },
  },
  namespace: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop-staging', labels: { 'pod-security.kubernetes.io/enforce': 'restricted' } } },
  priorityclass: { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'web-critical' }, value: 100000, globalDefault: false, description: 'web tier' },
  storageclass: {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: { name: 'fast' },
    provisioner: 'ebs.csi.aws.com',
    reclaimPolicy: 'Retain',
    volumeBindingMode: 'WaitForFirstConsumer',
    allowVolumeExpansion: true,
    parameters: { type: 'gp3' },
  },
  resourcequota: { apiVersion: 'v1', kind: 'ResourceQuota', metadata: meta('compute'), spec: { hard: { 'requests.cpu': '10', 'limits.memory': '20Gi', pods: '50' } } },
  limitrange: {
    apiVersion: 'v1',
    kind: 'LimitRange',
    metadata: meta('defaults'),
    spec: { limits: [{ type: 'Container', default: { cpu: '500m', memory: '256Mi' }, defaultRequest: { cpu: '100m', memory: '128Mi' }, max: { cpu: '2', memory: '1Gi' } }] },
  },
  ingressclass: { apiVersion: 'networking.k8s.io/v1', kind: 'IngressClass', metadata: { name: 'nginx' }, spec: { controller: 'k8s.io/ingress-nginx' } },
};

/** Removed or never-served API versions for each kind, as users still write them. */
const REMOVED_APIS: Readonly<Record<string, string>> = {
  Deployment: 'extensions/v1beta1',
  StatefulSet: 'apps/v1beta2',
  DaemonSet: 'extensions/v1beta1',
  CronJob: 'batch/v1beta1',
  Ingress: 'networking.k8s.io/v1beta1',
  PodDisruptionBudget: 'policy/v1beta1',
  HorizontalPodAutoscaler: 'autoscaling/v2beta2',
  Role: 'rbac.authorization.k8s.io/v1beta1',
  NetworkPolicy: 'extensions/v1beta1',
  PriorityClass: 'scheduling.k8s.io/v1beta1',
};

const BAD_NAMES = ['Web', 'web_1', '-web', 'web-', 'web.', `w${'e'.repeat(253)}`, '1web', 'web:1', 'a/b'];
const BAD_LABELS: ReadonlyArray<[string, string]> = [
  ['app', 'Web App'],
  ['app', `v${'x'.repeat(63)}`],
  ['bad key', 'x'],
  ['example.com/', 'x'],
  ['-app', 'x'],
];

function clone<T extends Json>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** Every path to a value in the object, with the value (objects and arrays included). */
function walk(value: Json, path: string[] = [], out: Array<[string[], Json]> = []): Array<[string[], Json]> {
  if (value !== null && typeof value === 'object') {
    const entries = Array.isArray(value) ? value.map((item, index) => [String(index), item] as const) : Object.entries(value);
    for (const [key, child] of entries) {
      out.push([[...path, key], child]);
      walk(child, [...path, key], out);
    }
  }
  return out;
}

function setAt(object: JsonObject, path: readonly string[], update: (parent: Json[] | JsonObject, key: string) => void): JsonObject {
  const copy = clone(object);
  let node: Json = copy;
  for (const key of path.slice(0, -1)) node = (node as JsonObject)[key] as Json;
  update(node as JsonObject, path[path.length - 1] as string);
  return copy;
}

const show = (path: readonly string[]): string => path.join('.');

/** Generates the corpus: several thousand single-fault mutants of BASE_OBJECTS. */
export function generateMutants(): Mutant[] {
  const mutants: Mutant[] = [];
  for (const [base, object] of Object.entries(BASE_OBJECTS)) {
    const add = (operator: string, where: string, mutant: JsonObject): void => {
      mutants.push({ id: `${base}|${operator}|${where}`, base, object: mutant });
    };
    for (const [path, value] of walk(object)) {
      const key = path[path.length - 1] as string;
      if (path[0] === 'apiVersion' || path[0] === 'kind') continue;
      // Wrong types: every scalar becomes a value of another type.
      if (typeof value === 'number') add('type-string', show(path), setAt(object, path, (p, k) => ((p as JsonObject)[k] = 'many')));
      if (typeof value === 'string') add('type-number', show(path), setAt(object, path, (p, k) => ((p as JsonObject)[k] = 12345)));
      if (typeof value === 'boolean') add('type-string', show(path), setAt(object, path, (p, k) => ((p as JsonObject)[k] = 'yes')));
      if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
        add('type-list', show(path), setAt(object, path, (p, k) => ((p as JsonObject)[k] = [])));
        // Unknown fields at every depth (not inside maps of free keys, where any key is allowed).
        if (!['labels', 'annotations', 'data', 'stringData', 'parameters', 'selector', 'matchLabels', 'hard', 'default', 'defaultRequest', 'max', 'requests', 'limits'].includes(key)) {
          add('unknown-field', show(path), setAt(object, path, (p, k) => (((p as JsonObject)[k] as JsonObject).colour = 'blue')));
        }
      }
      if (Array.isArray(value)) add('type-object', show(path), setAt(object, path, (p, k) => ((p as JsonObject)[k] = { item: value[0] ?? null })));
      // Removing each field: required parts go missing.
      if (!/^\d+$/.test(key)) add('remove', show(path), setAt(object, path, (p, k) => delete (p as JsonObject)[k]));
      // Bad numbers.
      if (typeof value === 'number') {
        for (const bad of [-1, 0, 1.5, 1_000_000]) {
          if (bad !== value) add(`number=${bad}`, show(path), setAt(object, path, (p, k) => ((p as JsonObject)[k] = bad)));
        }
      }
      // Bad enum values: every capitalised word is probably an enum; every other short string gets a bad value too.
      if (typeof value === 'string' && /^[A-Z][A-Za-z]+$/.test(value) && key !== 'kind') {
        add('enum', show(path), setAt(object, path, (p, k) => ((p as JsonObject)[k] = `${value}ish`)));
      }
      if (typeof value === 'string' && key === 'name') {
        for (const [index, bad] of BAD_NAMES.entries()) add(`bad-name-${index}`, show(path), setAt(object, path, (p, k) => ((p as JsonObject)[k] = bad)));
      }
      if (key === 'labels' || key === 'matchLabels') {
        for (const [index, [badKey, badValue]] of BAD_LABELS.entries()) {
          add(`bad-label-${index}`, show(path), setAt(object, path, (p, k) => (((p as JsonObject)[k] as JsonObject)[badKey] = badValue)));
        }
      }
    }
    const removed = REMOVED_APIS[object.kind as string];
    if (removed !== undefined) add('removed-api', removed, { ...clone(object), apiVersion: removed });
    for (const [name, mutate] of Object.entries(CONTRADICTIONS[object.kind as string] ?? {})) {
      const copy = clone(object);
      mutate(copy);
      add('contradiction', name, copy);
    }
  }
  return mutants;
}

type Mutation = (object: any) => void;
const firstContainer = (object: any): any => podSpecOf(object).containers[0];
const podSpecOf = (object: any): any =>
  object.kind === 'Pod' ? object.spec : object.kind === 'CronJob' ? object.spec.jobTemplate.spec.template.spec : object.spec.template.spec;
const podContradictions: Readonly<Record<string, Mutation>> = {
  'probe-without-handler': (o) => (firstContainer(o).readinessProbe = { periodSeconds: 10 }),
  'probe-two-handlers': (o) => (firstContainer(o).livenessProbe.exec = { command: ['true'] }),
  'liveness-success-threshold-2': (o) => (firstContainer(o).livenessProbe.successThreshold = 2),
  'env-value-and-value-from': (o) => (firstContainer(o).env[1].value = 'x'),
  'env-value-from-empty': (o) => (firstContainer(o).env[1].valueFrom = {}),
  'env-value-from-two-sources': (o) => (firstContainer(o).env[1].valueFrom.secretKeyRef = { name: 's', key: 'k' }),
  'request-above-limit': (o) => (firstContainer(o).resources.requests.cpu = '2'),
  'memory-request-above-limit': (o) => (firstContainer(o).resources.requests.memory = '1Gi'),
  'negative-request': (o) => (firstContainer(o).resources.requests.cpu = '-1'),
  'max-skew-0': (o) => (podSpecOf(o).topologySpreadConstraints[0].maxSkew = 0),
  'topology-key-empty': (o) => (podSpecOf(o).topologySpreadConstraints[0].topologyKey = ''),
  'duplicate-spread-constraint': (o) => podSpecOf(o).topologySpreadConstraints.push({ ...podSpecOf(o).topologySpreadConstraints[0] }),
  'apparmor-unknown-container': (o) => {
    const metadata = o.kind === 'Pod' ? o.metadata : o.kind === 'CronJob' ? o.spec.jobTemplate.spec.template.metadata : o.spec.template.metadata;
    metadata.annotations = { 'container.apparmor.security.beta.kubernetes.io/sidecar': 'runtime/default' };
  },
  'no-containers': (o) => (podSpecOf(o).containers = []),
  'volume-mount-unknown-volume': (o) => (firstContainer(o).volumeMounts[0].name = 'cache'),
  'duplicate-container-name': (o) => podSpecOf(o).containers.push({ name: 'web', image: 'busybox:1.36' }),
  'privileged-without-escalation': (o) => (firstContainer(o).securityContext.privileged = true),
  // Valid on every cluster that allows privileged containers (all installers do); Pod Security decides later.
  privileged: (o) => (delete firstContainer(o).securityContext.allowPrivilegeEscalation, (firstContainer(o).securityContext.privileged = true)),
  'post-start-without-handler': (o) => (firstContainer(o).lifecycle = { postStart: {} }),
};
const workloadContradictions: Readonly<Record<string, Mutation>> = {
  ...podContradictions,
  'no-spec': (o) => delete o.spec,
  'template-without-spec': (o) => delete o.spec.template.spec,
  'selector-not-matching-template': (o) => (o.spec.selector.matchLabels = { app: 'other' }),
  'negative-replicas': (o) => (o.spec.replicas = -1),
  'restart-policy-never': (o) => (o.spec.template.spec.restartPolicy = 'Never'),
};
const CONTRADICTIONS: Readonly<Record<string, Readonly<Record<string, Mutation>>>> = {
  Deployment: {
    ...workloadContradictions,
    'recreate-with-rolling-update': (o) => (o.spec.strategy.type = 'Recreate'),
    'surge-and-unavailable-0': (o) => (o.spec.strategy.rollingUpdate = { maxSurge: 0, maxUnavailable: 0 }),
    'max-unavailable-150%': (o) => (o.spec.strategy.rollingUpdate.maxUnavailable = '150%'),
    'max-surge-text': (o) => (o.spec.strategy.rollingUpdate.maxSurge = 'one'),
    'progress-deadline-below-min-ready': (o) => (o.spec.progressDeadlineSeconds = 5),
  },
  StatefulSet: { ...workloadContradictions, 'claim-without-storage': (o) => delete o.spec.volumeClaimTemplates[0].spec.resources, 'claim-without-access-modes': (o) => delete o.spec.volumeClaimTemplates[0].spec.accessModes },
  DaemonSet: { ...workloadContradictions, 'surge-and-unavailable-0': (o) => (o.spec.updateStrategy.rollingUpdate.maxUnavailable = 0) },
  Job: {
    ...podContradictions,
    'no-restart-policy': (o) => delete o.spec.template.spec.restartPolicy,
    'restart-policy-always': (o) => (o.spec.template.spec.restartPolicy = 'Always'),
    'active-deadline-0': (o) => (o.spec.activeDeadlineSeconds = 0),
  },
  CronJob: {
    ...podContradictions,
    'schedule-six-fields': (o) => (o.spec.schedule = '0 */15 * * * *'),
    'schedule-out-of-range': (o) => (o.spec.schedule = '61 * * * *'),
    'schedule-text': (o) => (o.spec.schedule = 'every day'),
    'schedule-time-zone': (o) => (o.spec.schedule = 'TZ=Europe/Berlin 0 3 * * *'),
    'name-53-characters': (o) => (o.metadata.name = 'r'.repeat(53)),
    'no-restart-policy': (o) => delete o.spec.jobTemplate.spec.template.spec.restartPolicy,
  },
  Pod: podContradictions,
  Service: {
    'no-ports': (o) => delete o.spec.ports,
    'node-port-on-cluster-ip': (o) => (o.spec.type === 'LoadBalancer' ? ((o.spec.type = 'ClusterIP'), delete o.spec.loadBalancerSourceRanges, delete o.spec.externalTrafficPolicy) : o.spec.ports && (o.spec.ports[0].nodePort = 30080)),
    'cluster-ip-text': (o) => (o.spec.clusterIP = 'abc'),
    'duplicate-port-protocol': (o) => o.spec.ports && o.spec.ports.push({ name: 'again', port: o.spec.ports[0].port, targetPort: 81 }),
    'bad-source-range': (o) => (o.spec.loadBalancerSourceRanges = ['10.0.0.0/33']),
    'external-name-without-name': (o) => (o.spec = { type: 'ExternalName' }),
    'external-traffic-policy-on-cluster-ip': (o) => (o.spec.type === 'LoadBalancer' ? ((o.spec.type = 'ClusterIP'), delete o.spec.ports[0].nodePort, delete o.spec.loadBalancerSourceRanges) : (o.spec.externalTrafficPolicy = 'Local')),
    'source-ranges-on-cluster-ip': (o) => (o.spec.type === 'LoadBalancer' ? (o.spec.type = 'NodePort') : (o.spec.loadBalancerSourceRanges = ['10.0.0.0/8'])),
    'name-starting-with-digit': (o) => (o.metadata.name = '1web'),
    'unnamed-second-port': (o) => o.spec.ports && o.spec.ports.length > 1 && delete o.spec.ports[1].name,
  },
  Ingress: {
    'host-ip': (o) => (o.spec.rules[0].host = '10.0.0.1'),
    'host-inner-wildcard': (o) => (o.spec.rules[0].host = 'shop.*.example.com'),
    'relative-path': (o) => (o.spec.rules[0].http.paths[0].path = 'shop'),
    'relative-implementation-specific-path': (o) => (o.spec.rules[1].http.paths[0].path = 'shop'),
    'path-with-dot-segment': (o) => (o.spec.rules[0].http.paths[1].path = '/api/../admin'),
    'backend-without-port': (o) => delete o.spec.rules[0].http.paths[0].backend.service.port,
    'backend-port-name-and-number': (o) => (o.spec.rules[0].http.paths[0].backend.service.port.number = 80),
    'no-rules-no-default': (o) => (delete o.spec.rules, delete o.spec.tls),
    'no-path-type': (o) => delete o.spec.rules[0].http.paths[0].pathType,
  },
  NetworkPolicy: {
    'bad-cidr': (o) => (o.spec.ingress[0].from[1].ipBlock.cidr = '10.0.0.0'),
    'bad-except': (o) => (o.spec.ingress[0].from[1].ipBlock.except = ['nope']),
    'end-port-below-port': (o) => (o.spec.egress[0].ports[0].endPort = 5000),
    'end-port-with-named-port': (o) => (o.spec.egress[0].ports[0].port = 'postgres'),
  },
  PodDisruptionBudget: {
    'min-available-150%': (o) => (o.spec.minAvailable = '150%'),
    'min-available-negative': (o) => (o.spec.minAvailable = -1),
    'min-and-max': (o) => (o.spec.maxUnavailable = 1),
  },
  HorizontalPodAutoscaler: { 'min-above-max': (o) => (o.spec.minReplicas = 20), 'min-0': (o) => (o.spec.minReplicas = 0) },
  PersistentVolumeClaim: { 'no-storage-request': (o) => delete o.spec.resources, 'no-access-modes': (o) => delete o.spec.accessModes, 'zero-storage': (o) => (o.spec.resources.requests.storage = '0') },
  RoleBinding: {
    'role-ref-kind-pod': (o) => (o.roleRef.kind = 'Pod'),
    'role-ref-group-empty': (o) => (o.roleRef.apiGroup = 'rbac'),
    'subject-kind-robot': (o) => (o.subjects[0].kind = 'Robot'),
    'user-subject-without-group': (o) => delete o.subjects[1].apiGroup,
    'service-account-with-group': (o) => (o.subjects[0].apiGroup = 'rbac.authorization.k8s.io'),
  },
  ClusterRoleBinding: {
    'role-ref-kind-role': (o) => (o.roleRef.kind = 'Role'),
    'service-account-without-namespace': (o) => delete o.subjects[0].namespace,
    'subject-kind-robot': (o) => (o.subjects[1].kind = 'Robot'),
  },
  Role: {
    'rule-without-verbs': (o) => (o.rules[0].verbs = []),
    'rule-without-api-groups': (o) => delete o.rules[0].apiGroups,
    'non-resource-urls-in-role': (o) => (o.rules[0] = { nonResourceURLs: ['/metrics'], verbs: ['get'] }),
    'name-with-colon': (o) => (o.metadata.name = 'system:web'),
  },
  ClusterRole: { 'rule-without-resources': (o) => delete o.rules[0].resources, 'urls-and-resources': (o) => (o.rules[1].resources = ['pods']) },
  ConfigMap: { 'bad-key': (o) => (o.data['bad key'] = 'x'), 'key-in-data-and-binary': (o) => (o.binaryData = { LOG_LEVEL: 'aW5mbw==' }) },
  Secret: { 'not-base64': (o) => (o.data.token = 'not base64!'), 'tls-without-keys': (o) => (o.type = 'kubernetes.io/tls') },
  Namespace: { 'name-with-dot': (o) => (o.metadata.name = 'shop.prod') },
};
